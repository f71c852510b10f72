/**
 * Computed standings. `standings` is the revision log of each scope (an event, or an overall
 * table): a revision only grows and carries the rows that changed since the one before, which is
 * what a client that missed revisions replays. `standing_snapshots` holds whole tables: the
 * latest of each scope, plus the ones pinned by a freeze or a finalize.
 */
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const standings = pgTable(
  'standings',
  {
    competitionId: text('competition_id').notNull(),
    /** An event id, or "overall:<id>" for an overall table. */
    scope: text('scope').notNull(),
    rev: integer('rev').notNull(),
    baseRev: integer('base_rev').notNull(),
    /** SHA-256 of the canonical whole table at this revision. */
    hash: text('hash').notNull(),
    /** Rows (keyed by competitor) that differ from the base revision, and competitors removed. */
    changed: jsonb('changed').notNull(),
    removed: jsonb('removed').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.scope, t.rev] })],
);

export const standingSnapshots = pgTable(
  'standing_snapshots',
  {
    competitionId: text('competition_id').notNull(),
    scope: text('scope').notNull(),
    rev: integer('rev').notNull(),
    hash: text('hash').notNull(),
    body: jsonb('body').notNull(),
    /** Kept when newer revisions arrive: the public view of a frozen event, a final result. */
    pinned: boolean('pinned').notNull().default(false),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.scope, t.rev] })],
);
