/**
 * Computed standings. `standings` is the revision log of each scope (an event, or an overall
 * table) in each view: a revision only grows and carries the rows that changed since the one
 * before, which is what a client that missed revisions replays. The official view is every
 * computed table; the public view is what the public was shown (frozen, hidden, revealed step
 * by step), with its own revisions. `standing_snapshots` holds whole tables: the latest of each
 * scope and view, plus the ones pinned by a freeze or a finalize.
 */
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const STANDINGS_VIEWS = ['official', 'public'] as const;
export type StandingsView = (typeof STANDINGS_VIEWS)[number];

export const standings = pgTable(
  'standings',
  {
    competitionId: text('competition_id').notNull(),
    /** An event id, or "overall:<id>" for an overall table. */
    scope: text('scope').notNull(),
    view: text('view', { enum: STANDINGS_VIEWS }).notNull().default('official'),
    rev: integer('rev').notNull(),
    baseRev: integer('base_rev').notNull(),
    /** SHA-256 of the canonical whole table at this revision. */
    hash: text('hash').notNull(),
    /** Rows (keyed by competitor) that differ from the base revision, and competitors removed. */
    changed: jsonb('changed').notNull(),
    removed: jsonb('removed').notNull(),
    /** Public view: the table's phase, names setting and reveal progress (hashed with it). */
    meta: jsonb('meta'),
    /** Public view: the official revision it shows. */
    sourceRev: integer('source_rev'),
    definitionVersion: integer('definition_version').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.view, t.scope, t.rev] })],
);

export const standingSnapshots = pgTable(
  'standing_snapshots',
  {
    competitionId: text('competition_id').notNull(),
    scope: text('scope').notNull(),
    view: text('view', { enum: STANDINGS_VIEWS }).notNull().default('official'),
    rev: integer('rev').notNull(),
    hash: text('hash').notNull(),
    body: jsonb('body').notNull(),
    /** Kept when newer revisions arrive: the public view of a frozen event, a final result. */
    pinned: boolean('pinned').notNull().default(false),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.view, t.scope, t.rev] })],
);

/**
 * Changes the published standings have not taken in yet: one row per committed statement that
 * changed something a competition's standings are computed from (marks, sheets, events, the
 * definition, the roster, a judge's login), written by triggers in that statement's own
 * transaction (migration 0005). A competition is stale while it has rows; the publisher deletes
 * the rows it saw in the transaction that stores the revisions, so a change committed during a
 * recompute stays behind and a crash between commit and publish leaves the row for start-up.
 */
export const standingsDirty = pgTable(
  'standings_dirty',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    competitionId: text('competition_id').notNull(),
    /** The table whose change made the standings stale ("marks", "events" …, or "migration"). */
    source: text('source').notNull(),
    /** When the change's transaction started. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('standings_dirty_competition').on(t.competitionId, t.id)],
);

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The Socket.IO Postgres adapter's table for broadcasts over NOTIFY's 8000-byte limit (its
 * documented shape; the adapter deletes old rows itself).
 */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  payload: bytea('payload'),
});
