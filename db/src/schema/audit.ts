/**
 * The audit log: every write and administrative action, hash-chained. Row n stores
 * hash_n = SHA-256(hash_{n-1} ‖ canonical(row n)), so editing, deleting or reordering any row
 * breaks every later hash. audit_head holds the chain's tip and serializes appends.
 */
import { bigint, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  actorId: uuid('actor_id'),
  /** Who, readable without a join: "organizer:admin", "judge:xm29-ev-battery/J03", "system". */
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  competitionId: text('competition_id'),
  data: jsonb('data').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
