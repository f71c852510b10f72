/**
 * Who judges what (assignments), the anonymised-code draws, score sheets and the append-only
 * marks ledger. A mark is never updated: a correction is a new row with the next version.
 */
import {
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey(),
    competitionId: text('competition_id').notNull(),
    eventId: text('event_id').notNull(),
    judgeId: uuid('judge_id')
      .notNull()
      .references(() => users.id),
    /** Criteria this judge marks; null = every criterion of the event. */
    criteria: text('criteria').array(),
    /** Competitors (contestants or teams); null = every entrant. */
    entrants: text('entrants').array(),
  },
  (t) => [unique('assignments_unique').on(t.competitionId, t.eventId, t.judgeId)],
);

/** A recorded draw: its seed and method reproduce every code. */
export const draws = pgTable(
  'draws',
  {
    id: uuid('id').primaryKey(),
    competitionId: text('competition_id').notNull(),
    eventId: text('event_id').notNull(),
    seed: text('seed').notNull(),
    method: text('method').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('draws_event').on(t.competitionId, t.eventId)],
);

export const drawCodes = pgTable(
  'draw_codes',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id),
    entrantId: text('entrant_id').notNull(),
    code: text('code').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.drawId, t.entrantId] }),
    unique('draw_codes_code_unique').on(t.drawId, t.code),
  ],
);

export const SHEET_STATUSES = ['draft', 'returned', 'submitted', 'verified', 'locked'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];

/** 评分表: one judge × one competitor × one event. */
export const sheets = pgTable(
  'sheets',
  {
    id: uuid('id').primaryKey(),
    competitionId: text('competition_id').notNull(),
    eventId: text('event_id').notNull(),
    judgeId: uuid('judge_id')
      .notNull()
      .references(() => users.id),
    entrantId: text('entrant_id').notNull(),
    status: text('status', { enum: SHEET_STATUSES }).notNull().default('draft'),
    /** Grows with every status change, so two officials cannot both act on the same state. */
    revision: integer('revision').notNull().default(0),
    note: text('note'),
    submittedBy: uuid('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    verifiedBy: uuid('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('sheets_unique').on(t.competitionId, t.eventId, t.judgeId, t.entrantId),
    index('sheets_event').on(t.competitionId, t.eventId),
  ],
);

/** The marks ledger. The current value of a criterion on a sheet is its highest version. */
export const marks = pgTable(
  'marks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => sheets.id),
    criterionId: text('criterion_id').notNull(),
    version: integer('version').notNull(),
    /** The value as entered (a decimal, "m:ss.t", DNF …); null clears the mark. */
    value: text('value'),
    /** Why a later version replaced an earlier one. */
    reason: text('reason'),
    opId: uuid('op_id').notNull(),
    enteredBy: uuid('entered_by').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('marks_version_unique').on(t.sheetId, t.criterionId, t.version),
    unique('marks_op_unique').on(t.opId),
  ],
);

/**
 * Every client operation that reached the ledger, with its first answer: a resend with the same
 * id gets that answer again and changes nothing.
 */
export const operations = pgTable('operations', {
  opId: uuid('op_id').primaryKey(),
  userId: uuid('user_id').notNull(),
  /** SHA-256 of the request, so a reused id with a different body is refused. */
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  response: text('response').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
});
