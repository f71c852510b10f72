/**
 * Standings as the consoles read them, and the audit log and its verification.
 */
import { z } from 'zod';
import { EVENT_STATUS_NAMES } from './fields.ts';

export const StandingsQuery = z.strictObject({
  view: z.enum(['public', 'official']).default('public'),
});
export const Standings = z.object({
  competitionId: z.string(),
  scope: z.string(),
  name: z.string(),
  view: z.enum(['public', 'official']),
  /** provisional until the event is final. */
  official: z.boolean(),
  status: z.enum(EVENT_STATUS_NAMES).nullable(),
  /** Public view: what the table is showing (frozen, reveal …); null in the official view. */
  phase: z.enum(['hidden', 'upcoming', 'provisional', 'frozen', 'reveal', 'official']).nullable(),
  rev: z.number(),
  hash: z.string(),
  computedAt: z.string().nullable(),
  rows: z.array(z.record(z.string(), z.unknown())),
  teams: z.array(z.record(z.string(), z.unknown())).nullable(),
});
export type Standings = z.infer<typeof Standings>;
export const AuditQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const AuditPage = z.object({
  rows: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      competitionId: z.string().nullable(),
      data: z.unknown(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});
export type AuditPage = z.infer<typeof AuditPage>;
/** A stored table whose head is not what a recompute from the ledger gives. */
export const StandingsDifference = z.object({
  competitionId: z.string(),
  scope: z.string(),
  view: z.enum(['official', 'public']),
  /** The head stored: rev 0 and hash null when the table was never stored. */
  storedRev: z.number(),
  storedHash: z.string().nullable(),
  recomputedHash: z.string(),
  /** When the competition's oldest unpublished change committed; null when none is pending. */
  staleSince: z.string().nullable(),
});
export type StandingsDifference = z.infer<typeof StandingsDifference>;
/** verify-standings: every table recomputed from the ledger and compared with its stored head. */
export const StandingsReport = z.object({
  ok: z.boolean(),
  /** Tables compared (each scope in each view). */
  checked: z.number(),
  differing: z.array(StandingsDifference),
});
export type StandingsReport = z.infer<typeof StandingsReport>;
/**
 * GET /api/audit/verify: `ok`, `checked`, `head` and `break` are the hash chain's; `standings`
 * compares every stored table (a chief judge's competition only, for a chief) with a recompute.
 */
export const AuditReport = z.object({
  ok: z.boolean(),
  checked: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }),
  break: z.object({ seq: z.number(), reason: z.string(), message: z.string() }).nullable(),
  standings: StandingsReport,
});
export type AuditReport = z.infer<typeof AuditReport>;
