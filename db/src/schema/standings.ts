/** Computed standings, one row per revision; a scope's revision only grows. */
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const standings = pgTable(
  'standings',
  {
    competitionId: text('competition_id').notNull(),
    /** An event id, or "overall:<id>" for an overall table. */
    scope: text('scope').notNull(),
    rev: integer('rev').notNull(),
    /** SHA-256 of the canonical rows: equal hashes mean equal tables. */
    hash: text('hash').notNull(),
    body: jsonb('body').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.scope, t.rev] })],
);
