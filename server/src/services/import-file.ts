/**
 * Reading an uploaded roster file (DESIGN.md §7): a CSV (UTF-8, with or without BOM) or the first
 * worksheet of an XLSX workbook, whatever label the browser gave it, within the size and row
 * limits. It lives apart from the header and the rows so that what a file is, and how big it
 * may be, is decided in one place before anything reads its columns.
 */
import type { ErrorDetail } from '../contract/errors.ts';
import { decodeUtf8, parseCsv } from '../files/csv.ts';
import {
  MAX_COLUMNS,
  XLSX_TYPE,
  readWorkbook,
  type SheetCell,
  type SheetRecord,
} from '../files/xlsx.ts';
import { acceptedType, mediaTypeOf } from '../files/media-type.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { type ImportKind } from './import-columns.ts';
export const CSV_TYPE = 'text/csv';
export const IMPORT_TYPES = [CSV_TYPE, XLSX_TYPE] as const;
/**
 * What browsers and office suites also call a CSV file: Windows labels .csv as an Excel type.
 * Whatever the label, a ZIP archive (an XLSX workbook) is read as a workbook.
 */
const CSV_ALIASES = ['application/vnd.ms-excel', 'application/csv', 'text/x-csv'] as const;
const ACCEPTED_TYPES = [...IMPORT_TYPES, ...CSV_ALIASES] as const;
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Largest file accepted. */
export const IMPORT_LIMIT = 5 * 1024 * 1024;
/** How far an XLSX file may expand when unzipped (20,000 rows need a few MiB). */
const MAX_EXPANDED = 40 * 1024 * 1024;
/** Rows a file may have in all, blank ones included (the header and the largest roster). */
const MAX_FILE_ROWS = 25_001;
/** Rows below the header, per kind (the JSON API's own limits; argon2 bounds the judges). */
export const MAX_ROWS: Record<ImportKind, number> = {
  contestants: 20_000,
  teams: 5_000,
  judges: 500,
};

/** Rows of a file the preview shows. */
export const SAMPLE_ROWS = 10;
export function invalidFile(problems: readonly ErrorDetail[]): ServiceError {
  const n = problems.length;
  return new ServiceError(
    'invalid_roster',
    `${n} problem${n === 1 ? '' : 's'} in the file: nothing was imported`,
    { details: problems },
  );
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
export function letters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

export function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as text: numbers as written, booleans as true/false, nothing as "". */
export function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return '';
  return String(cell).trim();
}
/** A file's rows: CSV text or the first worksheet of an XLSX workbook. */
async function readFile(
  type: (typeof IMPORT_TYPES)[number],
  charset: string | null,
  bytes: Uint8Array,
): Promise<readonly SheetRecord[]> {
  if (type === XLSX_TYPE) {
    const read = await readWorkbook(bytes, { maxExpanded: MAX_EXPANDED, maxRows: MAX_FILE_ROWS });
    if (!read.ok) throw invalidFile([detail('body', 'unreadable', read.message)]);
    return read.records;
  }
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ServiceError('unsupported_media_type', 'send the CSV file as UTF-8', {
      details: [
        detail('headers.content-type', 'unsupported', `charset ${charset}: only UTF-8 is read`),
      ],
    });
  }
  const text = decodeUtf8(bytes);
  if (text === null) {
    throw invalidFile([
      detail(
        'body',
        'not_utf8',
        'the file is not UTF-8 (in Excel, save as "CSV UTF-8"; GBK files must be converted)',
      ),
    ]);
  }
  const csv = parseCsv(text, { maxRecords: MAX_FILE_ROWS, maxCells: MAX_COLUMNS });
  if (!csv.ok) throw invalidFile([detail(`rows.${csv.row}`, 'invalid_csv', csv.message)]);
  const first = csv.records[0]?.cells;
  if (first?.length === 1 && /[;\t]/.test(first[0] ?? '')) {
    throw invalidFile([
      detail('rows.1', 'invalid_csv', 'the columns must be separated by commas (,)'),
    ]);
  }
  return csv.records;
}

/** An uploaded file: its bytes (at most IMPORT_LIMIT) and the Content-Type it was sent with. */
export interface Upload {
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
}

/** The file's rows and its format: a ZIP archive is a workbook, whatever its label. */
export async function readUpload({ bytes, contentType }: Upload): Promise<{
  readonly type: (typeof IMPORT_TYPES)[number];
  readonly records: readonly SheetRecord[];
}> {
  const declared = acceptedType(contentType, ACCEPTED_TYPES);
  const zip = ZIP_SIGNATURE.every((b, i) => bytes[i] === b);
  const type = zip || declared === XLSX_TYPE ? XLSX_TYPE : CSV_TYPE;
  return { type, records: await readFile(type, mediaTypeOf(contentType).charset, bytes) };
}
