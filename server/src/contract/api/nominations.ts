/**
 * Award nominations read from finalized standings, with the sheets behind each rank.
 */
import { z } from 'zod';
import { SHEET_STATUS_NAMES, Uuid } from './fields.ts';

/** A finalized table the nominations were read from. */
export const SnapshotRef = z.object({
  /** An event id, or "overall:<id>". */
  scope: z.string(),
  /** The official revision: the one pinned when the event was finalized. */
  rev: z.number(),
  /** The official table's hash at that revision (contract/table-hash.ts). */
  hash: z.string(),
  /** When the event was finalized; null for an overall table. */
  finalizedAt: z.string().nullable(),
  /** The stored definition version the table was computed with. */
  definitionVersion: z.number().nullable(),
});
export type SnapshotRef = z.infer<typeof SnapshotRef>;
/** A score sheet behind a nominee's rank: who marked it and who verified it. */
export const NominationSheet = z.object({
  id: Uuid,
  event: z.string(),
  /** The contestant or team the sheet marks. */
  entrant: z.string(),
  /** The judge's code (login). */
  judge: z.string(),
  status: z.enum(SHEET_STATUS_NAMES),
  /** Who verified it (login), and when. */
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
});
export const NominationRow = z.object({
  /** Contestant id (or team id, or delegation, for awards on those standings). */
  competitor: z.string(),
  bib: z.string().nullable(),
  name: z.string().nullable(),
  unit: z.string().nullable(),
  delegation: z.string().nullable(),
  /** Rank in the finalized standings. */
  rank: z.number(),
  /** Place among the eligible: less than rank when someone above was passed over (递补). */
  place: z.number(),
  movedUp: z.boolean(),
  /** Who ranked above this nominee and was passed over (ids). */
  over: z.array(z.string()),
  /** Exact values as in the standings ("87.33", "262/3"): the score, and what it was ranked on. */
  score: z.string().nullable(),
  value: z.string().nullable(),
  sheets: z.array(NominationSheet),
});
export const AwardNominations = z.object({
  award: z.string(),
  name: z.string(),
  /** The standings the award reads: an event's, an event's teams', or an overall table. */
  standings: z.object({ of: z.enum(['event', 'eventTeams', 'overall']), id: z.string() }),
  /** The snapshot scope it was read from (see snapshots). */
  scope: z.string(),
  nominations: z.array(NominationRow),
  /** Ranked within reach but not eligible: who and why. */
  passedOver: z.array(
    z.object({
      competitor: z.string(),
      bib: z.string().nullable(),
      name: z.string().nullable(),
      rank: z.number(),
      /** "不是职工 (not an employee)": both languages, as the workbook prints it. */
      reason: z.string(),
      /** The reason as a code and parameters, for the web app to word (nomination-reasons.ts). */
      code: z.string(),
      params: z.record(z.string(), z.string()),
    }),
  ),
});
/** An award not computed yet: what it waits for (events by name). */
export const PendingAward = z.object({
  award: z.string(),
  name: z.string(),
  waiting: z.array(
    z.object({
      code: z.enum(['not_final', 'changed_since_final', 'waits_for_award']),
      id: z.string(),
      name: z.string(),
      status: z.string().nullable(),
    }),
  ),
});
export const Nominations = z.object({
  competitionId: z.string(),
  competitionName: z.string(),
  /** The stored definition version whose award rules were applied. */
  definitionVersion: z.number(),
  /** The rules' own version (the definition's `version`). */
  rulesVersion: z.number(),
  /** SHA-256 over the snapshot references: {competitionId, definitionVersion, snapshots}. */
  snapshotHash: z.string(),
  snapshots: z.array(SnapshotRef),
  awards: z.array(AwardNominations),
  /** Awards whose events are not all final yet (the others are computed meanwhile). */
  pending: z.array(PendingAward),
});
export type Nominations = z.infer<typeof Nominations>;
