/**
 * Score sheets and marks: entering, submitting, verifying, returning and reopening them.
 */
import { z } from 'zod';
import { Id } from '@skills/scoring';
import { ErrorBody } from '../errors.ts';
import { EventId, MarkValue, Pin, Revision, SHEET_STATUS_NAMES, Text, Uuid } from './fields.ts';

export const MarkBody = z.strictObject({
  opId: Uuid,
  criterion: Id,
  /** null clears the mark (a new version with no value). */
  value: MarkValue.nullable(),
  /** The version this write replaces: 0 for a first mark. */
  expectedVersion: Revision,
  reason: Text(500).optional(),
});
export const MarkOp = MarkBody.extend({ sheetId: Uuid });
export type MarkOp = z.infer<typeof MarkOp>;
export const MarkBatchBody = z.strictObject({ ops: z.array(MarkOp).min(1).max(500) });
export const CurrentMark = z.object({
  criterion: z.string(),
  version: z.number(),
  value: z.string().nullable(),
  by: z.string(),
  at: z.string(),
  reason: z.string().nullable(),
});
export type CurrentMark = z.infer<typeof CurrentMark>;
export const MarkAnswer = z.object({
  opId: Uuid,
  sheetId: Uuid,
  mark: CurrentMark,
  sheetStatus: z.enum(SHEET_STATUS_NAMES),
});
export type MarkAnswer = z.infer<typeof MarkAnswer>;
export const MarkBatchAnswer = z.object({
  results: z.array(
    z.object({
      opId: z.string(),
      status: z.number(),
      body: z.unknown(),
    }),
  ),
});
export type MarkBatchAnswer = z.infer<typeof MarkBatchAnswer>;
export const CriterionInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  module: z.string(),
  moduleName: z.string(),
  min: z.string(),
  max: z.string().nullable(),
  step: z.string(),
});
export const Sheet = z.object({
  id: Uuid,
  competitionId: z.string(),
  event: z.string(),
  judge: z.string(),
  /** The anonymised code; null before the draw. */
  code: z.string().nullable(),
  /** Officials only: who the entrant is. */
  entrant: z.object({ id: z.string(), bib: z.string().nullable(), name: z.string() }).optional(),
  status: z.enum(SHEET_STATUS_NAMES),
  revision: z.number(),
  note: z.string().nullable(),
  criteria: z.array(CriterionInfo),
  /**
   * Officials only: the criteria of the judge's assignment (ids), which the sheet is complete
   * with; `criteria` lists every criterion of the event for officials.
   */
  assigned: z.array(z.string()).optional(),
  marks: z.array(CurrentMark),
});
export type Sheet = z.infer<typeof Sheet>;
export const SheetList = z.object({ sheets: z.array(Sheet) });
export type SheetList = z.infer<typeof SheetList>;
export const SheetQuery = z.strictObject({
  event: EventId.optional(),
  status: z.enum(SHEET_STATUS_NAMES).optional(),
});
/**
 * GET /api/competitions/:competitionId/sheets/changes?event=…&since=… — the sheets of an event (or
 * of the competition) that changed after audit entry `since` (every mark and every sheet transition writes one, in
 * commit order), with the cursor to ask from next. Without `since`: every sheet of the event.
 */
export const SheetChangesQuery = z.strictObject({
  /** One event's sheets; without it, every sheet of the competition. */
  event: EventId.optional(),
  since: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 53 - 1)
    .optional(),
});
export const SheetChanges = z.object({
  /** Pass as `since` next time. */
  cursor: z.number(),
  /** true: something beyond single sheets changed (assignments, a finalize): read them all. */
  reload: z.boolean(),
  sheets: z.array(Sheet),
});
export type SheetChanges = z.infer<typeof SheetChanges>;
export const SubmitBody = z.strictObject({
  revision: Revision,
  /** The judge signs by entering their PIN again. */
  pin: Pin,
});
export const VerifyBody = z.strictObject({ revision: Revision });
export const ReturnBody = z.strictObject({ revision: Revision, note: Text(500) });
export const ReopenBody = z.strictObject({ revision: Revision, reason: Text(500) });
/**
 * POST /api/competitions/:competitionId/sheets/verify — verify many sheets in one action, each
 * named with the revision the chief judge saw (so a sheet that changed since is refused, not
 * verified blind). Per-sheet results: every sheet is its own transition with its own audit entry.
 */
/** The sheets a batch acts on, each with the revision its sender saw (bulk verify, batch submit). */
const SheetBatch = z
  .array(z.strictObject({ id: Uuid, revision: Revision }))
  .min(1)
  .max(1000);
/** One answer per sheet of a batch, in the order asked: 200 with the new state, or the refusal. */
const SheetResults = z.array(
  z.object({
    id: z.string(),
    status: z.number(),
    sheet: z.object({ status: z.enum(SHEET_STATUS_NAMES), revision: z.number() }).optional(),
    error: ErrorBody.optional(),
  }),
);
export const BulkVerifyBody = z.strictObject({ sheets: SheetBatch });
export const BulkVerifyAnswer = z.object({
  /** How many sheets this call verified. */
  verified: z.number(),
  results: SheetResults,
});
export type BulkVerifyAnswer = z.infer<typeof BulkVerifyAnswer>;
/**
 * POST /api/competitions/:competitionId/sheets/submit — a judge signs a chosen batch of their own
 * complete sheets with one PIN (a timing judge's 180 sheets need not be signed one by one). Each
 * sheet is named with the revision the judge saw; the PIN is checked once (a wrong one counts
 * towards the sign-in lockout); every sheet is then its own submit with its own audit entry, and
 * the answer is per sheet in the order asked, as bulk verify's.
 */
export const BatchSubmitBody = z.strictObject({ sheets: SheetBatch, pin: Pin });
export const BatchSubmitAnswer = z.object({
  /** How many sheets this call submitted. */
  submitted: z.number(),
  results: SheetResults,
});
export type BatchSubmitAnswer = z.infer<typeof BatchSubmitAnswer>;
export const MarkHistory = z.object({
  marks: z.array(CurrentMark.extend({ opId: z.string() })),
});
export type MarkHistory = z.infer<typeof MarkHistory>;
