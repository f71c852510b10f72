/** Competitions, their versioned definitions, and the live state of each event. */
import { sql } from 'drizzle-orm';
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const competitions = pgTable('competitions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The definition in force: the highest version in `definitions` (0 before the first). */
  definitionVersion: integer('definition_version').notNull().default(0),
  /** Grows with every roster import, so cached standings know to rebuild. */
  rosterVersion: integer('roster_version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Every definition an organizer saved, validated by the scoring schemas before it is stored.
 * The current one is the highest version; earlier ones stay so a result can name its rule version.
 */
export const definitions = pgTable(
  'definitions',
  {
    competitionId: text('competition_id')
      .notNull()
      .references(() => competitions.id),
    version: integer('version').notNull(),
    body: jsonb('body').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.version] })],
);

export const EVENT_STATUSES = ['setup', 'live', 'frozen', 'final'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** One row per event of the current definition: its lifecycle and what the public may see. */
export const events = pgTable(
  'events',
  {
    competitionId: text('competition_id')
      .notNull()
      .references(() => competitions.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('setup'),
    /** Whether the public leaderboard joins names back (otherwise bibs only). */
    publicNames: boolean('public_names').notNull().default(true),
    /**
     * Whether the organizer has published the event: until then nothing of it (results, names)
     * is public, final or not. New events start unpublished; migration 0007 published the events
     * that existed before it, so their public state did not change.
     */
    published: boolean('published').notNull().default(false),
    /** Whether the public sees this event at all before it is final. */
    publicVisible: boolean('public_visible').notNull().default(true),
    /**
     * The official standings revision the public sees while the event is frozen, kept after a
     * finalize that holds the results for a reveal.
     */
    frozenRev: integer('frozen_rev'),
    /**
     * Rows revealed so far of a final event held for a reveal ceremony; null when nothing is
     * held (the public sees what the status allows).
     */
    revealStep: integer('reveal_step'),
    day: integer('day'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.id] })],
);
