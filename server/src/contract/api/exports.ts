/**
 * Exporting results as files, and the whole ledger for recomputing away from the server.
 */
import { z } from 'zod';
import { EVENT_STATUS_NAMES, SHEET_STATUS_NAMES, Uuid } from './fields.ts';
import { ContestantRow, TeamInput } from './roster.ts';

export const ExportFormat = z.enum(['csv', 'xlsx']);
/** GET …/events/:eventId/export: the official standings as a file. */
export const EventExportQuery = z.strictObject({
  format: ExportFormat.default('csv'),
  /** rows: the event's table; teams: its team standings (events with team scoring). */
  section: z.enum(['rows', 'teams']).default('rows'),
});
/** GET …/overall/:overallId/export. */
export const OverallExportQuery = z.strictObject({ format: ExportFormat.default('csv') });
/** GET …/nominations: JSON, or the same as a workbook (one sheet per award). */
export const NominationsQuery = z.strictObject({
  format: z.enum(['json', 'xlsx']).default('json'),
});
/** The answer of a route that answers with a file (its `produces`): no JSON to describe. */
export const FileBody = z.string();

/** One current mark, in the scoring CLI's marks shape. */
export const LedgerMark = z.object({
  event: z.string(),
  criterion: z.string(),
  competitor: z.string(),
  /** The judge's code (login). */
  judge: z.string(),
  value: z.string(),
});
/**
 * GET /api/competitions/:competitionId/export/ledger: everything needed to recompute the
 * results away from the server. `definition` is the scoring CLI's definition file and `input`
 * its marks JSON file (ScoringInputFile: roster, marks, statuses):
 * `npx scoring definition.json input.json --json`.
 */
export const LedgerExport = z.object({
  format: z.literal('skills-ledger/1'),
  competitionId: z.string(),
  name: z.string(),
  exportedAt: z.string(),
  definitionVersion: z.number(),
  rosterVersion: z.number(),
  definition: z.unknown(),
  input: z.object({
    contestants: z.array(z.record(z.string(), z.unknown())),
    teams: z.array(z.record(z.string(), z.unknown())),
    marks: z.array(LedgerMark),
    statuses: z.array(z.record(z.string(), z.unknown())),
  }),
  /** The roster as the organizer keeps it (bibs, units, stations). */
  roster: z.object({
    contestants: z.array(ContestantRow),
    teams: z.array(TeamInput.extend({ members: z.array(z.string()) })),
  }),
  events: z.array(
    z.object({ id: z.string(), name: z.string(), status: z.enum(EVENT_STATUS_NAMES) }),
  ),
  sheets: z.array(
    z.object({
      id: Uuid,
      event: z.string(),
      judge: z.string(),
      entrant: z.string(),
      status: z.enum(SHEET_STATUS_NAMES),
      verifiedBy: z.string().nullable(),
    }),
  ),
  /** Each official table's latest revision and hash. */
  standings: z.array(z.object({ scope: z.string(), rev: z.number(), hash: z.string() })),
  /** The audit chain's head when the export was read (GET /api/audit/verify checks it). */
  audit: z.object({ seq: z.number(), hash: z.string() }),
});
export type LedgerExport = z.infer<typeof LedgerExport>;
