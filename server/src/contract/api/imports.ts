/**
 * Importing rosters and judges from files: preview, column mapping, templates, personal data.
 */
import { z } from 'zod';
import { ErrorDetail } from '../errors.ts';
import { CompetitionParams } from './params.ts';

/**
 * POST /api/competitions/:competitionId/import/:kind — the body is the file itself, sent as
 * text/csv (UTF-8, BOM optional) or as XLSX; at most 5 MiB. All or nothing: a bad file answers
 * 422 `invalid_roster` with one detail per bad field, path "rows.<row>.<column as written>".
 */
export const IMPORT_KIND_NAMES = ['contestants', 'teams', 'judges'] as const;
export const ImportParams = CompetitionParams.extend({ kind: z.enum(IMPORT_KIND_NAMES) });
export const ImportAnswer = z.object({
  kind: z.enum(IMPORT_KIND_NAMES),
  /** Rows imported (contestants or teams added or updated, judges created). */
  imported: z.number(),
});
export type ImportAnswer = z.infer<typeof ImportAnswer>;
/**
 * How the organizer maps the file's columns, by column letter: a field's key, "attribute"
 * (contestants: keep as an award attribute named as the header) or "drop". JSON in the query.
 */
export const ImportQuery = z.strictObject({ columns: z.string().max(8_000).optional() });
export const ImportColumn = z.object({
  /** The column's letter (A, B … AA). */
  column: z.string(),
  header: z.string(),
  /** field: a known field; attribute: kept as an award attribute; drop / ignored: not read. */
  use: z.enum(['field', 'attribute', 'drop', 'ignored', 'unmapped']),
  field: z.string().optional(),
});
export const ImportField = z.object({
  key: z.string(),
  label: z.tuple([z.string(), z.string()]),
  required: z.boolean(),
  personal: z.boolean(),
});
/**
 * POST …/import/:kind/preview: what the file would import, stored nothing: the columns as
 * read, the fields a column may be mapped to, the first rows (personal data masked), and every
 * problem the commit would refuse (unmapped columns included).
 */
export const ImportPreview = z.object({
  kind: z.enum(IMPORT_KIND_NAMES),
  rows: z.number(),
  columns: z.array(ImportColumn),
  fields: z.array(ImportField),
  sample: z.array(z.object({ row: z.number(), cells: z.array(z.string()) })),
  problems: z.array(ErrorDetail),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
export const TemplateQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
/** The organizer's view of a contestant's personal data: masked, only what was kept. */
export const PersonalRow = z.object({
  contestant: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
});
/** GET …/personal-data: the contestants' and judges' kept ID numbers and phones, masked. */
export const PersonalData = z.object({
  contestants: z.array(PersonalRow),
  /** By judge code. */
  judges: z.array(
    z.object({ judge: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable() }),
  ),
});
export type PersonalData = z.infer<typeof PersonalData>;
