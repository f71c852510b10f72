/**
 * Excel workbooks (XLSX) through exceljs: reading the first worksheet of an uploaded file into
 * rows of cells, and writing tables with a title row and a bold header row.
 *
 * An XLSX file is a zip archive: before exceljs inflates it into memory, every entry is inflated
 * here once with a budget (zipProblem), so a small upload that expands to gigabytes (a zip bomb)
 * is refused instead of exhausting the server's memory.
 */
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { CsvCell } from './csv.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What an uploaded cell holds: text, a number, a boolean, nothing, or a spreadsheet error. */
export type SheetCell = string | number | boolean | null | { readonly error: string };

export interface SheetRecord {
  /** The spreadsheet's row number (the header is row 1). */
  readonly row: number;
  /** Cells by column, from column A. */
  readonly cells: readonly SheetCell[];
}

export type SheetRead =
  | { readonly ok: true; readonly records: readonly SheetRecord[] }
  | { readonly ok: false; readonly message: string };

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;

/**
 * Why a zip archive must not be opened, or null: not a zip, ZIP64 or an unknown compression
 * method (an XLSX of a few MiB needs neither), more entries than `maxEntries`, or contents that
 * inflate to more than `maxTotal` bytes in all.
 */
export function zipProblem(bytes: Uint8Array, maxTotal: number, maxEntries = 5000): string | null {
  const notZip = 'the file is not an XLSX workbook (not a zip archive)';
  // The end-of-central-directory record: its signature within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return notZip;
  const entries = u16(bytes, eocd + 10);
  const cdOffset = u32(bytes, eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) return 'ZIP64 archives are not supported';
  if (entries > maxEntries) return `the archive holds more than ${maxEntries} entries`;
  let at = cdOffset;
  let total = 0;
  for (let k = 0; k < entries; k++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) return notZip;
    const method = u16(bytes, at + 10);
    const compressed = u32(bytes, at + 20);
    const local = u32(bytes, at + 42);
    at += 46 + u16(bytes, at + 28) + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) return notZip;
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (start + compressed > bytes.length) return notZip;
    if (method === 0) {
      total += compressed;
    } else if (method === 8) {
      try {
        total += inflateRawSync(bytes.subarray(start, start + compressed), {
          maxOutputLength: Math.max(1, maxTotal - total + 1),
        }).length;
      } catch (e) {
        if (e instanceof RangeError) return `the workbook expands to more than ${maxTotal} bytes`;
        return 'the workbook is damaged (an entry does not inflate)';
      }
    } else {
      return `the workbook uses an unsupported compression method (${method})`;
    }
    if (total > maxTotal) return `the workbook expands to more than ${maxTotal} bytes`;
  }
  return null;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'richText' in value) {
    const parts = value.richText;
    return Array.isArray(parts) ? parts.map((p) => (p as { text?: unknown }).text).join('') : null;
  }
  return null;
}

/** A date as written in a form: the day when it has no time of day, else ISO 8601. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** An exceljs cell value as an import cell: formulas by their cached result. */
export function cellOf(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return dateText(value);
  if ('error' in value) return { error: value.error };
  if ('richText' in value) return textOf(value);
  // A link's text may itself be rich text.
  if ('hyperlink' in value) return textOf(value.text) ?? '';
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return { error: 'a formula without a calculated value' };
    return cellOf(result);
  }
  return null;
}

export const MAX_COLUMNS = 200;

/**
 * The first worksheet of an XLSX file as rows of cells (empty rows left out, numbers kept).
 * Never throws: an unreadable file is `{ok: false}` with a sentence for a person.
 */
export async function readWorkbook(
  bytes: Uint8Array,
  limits: { maxExpanded: number; maxRows: number },
): Promise<SheetRead> {
  const bomb = zipProblem(bytes, limits.maxExpanded);
  if (bomb !== null) return { ok: false, message: bomb };
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; JSZip reads one as it is.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 200) : 'unknown error';
    return { ok: false, message: `the file could not be read as an XLSX workbook (${why})` };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'the workbook has no worksheet' };
  const records: SheetRecord[] = [];
  /** Rows with cells past the last column read. */
  const wide: number[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col > MAX_COLUMNS) {
        wide.push(rowNumber);
        return;
      }
      // A merged cell's other parts repeat its value: keep it in the top-left cell only.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      while (cells.length < col - 1) cells.push(null);
      cells[col - 1] = cellOf(cell.value);
    });
    records.push({ row: rowNumber, cells });
  });
  if (wide[0] !== undefined) {
    return { ok: false, message: `row ${wide[0]} has cells past column ${MAX_COLUMNS}` };
  }
  if (records.length > limits.maxRows) {
    return { ok: false, message: `the worksheet has more than ${limits.maxRows} rows` };
  }
  return { ok: true, records };
}

// ── writing ───────────────────────────────────────────────────────────────────────────────

export interface TableColumn {
  readonly header: string;
  /** Characters, roughly; the default fits the header. */
  readonly width?: number;
}

/**
 * The header cells that say who a results row is, as every results table starts: rank and ID;
 * for people their bib, then `name`, then their unit; then the delegation, unless the rows are
 * delegations.
 */
export function entrantColumns(
  name: TableColumn,
  entrants: { readonly people: boolean; readonly delegation?: boolean },
): TableColumn[] {
  return [
    { header: '名次 (Rank)', width: 8 },
    { header: '编号 (ID)', width: 12 },
    ...(entrants.people ? [{ header: '参赛号 (Bib)', width: 10 }] : []),
    name,
    ...(entrants.people ? [{ header: '单位 (Unit)', width: 22 }] : []),
    ...((entrants.delegation ?? true) ? [{ header: '代表队 (Delegation)', width: 18 }] : []),
  ];
}

export interface TableSheet {
  /** The worksheet's name (made valid and unique here). */
  readonly name: string;
  /** Lines above the table: what it is, its revision and hash. */
  readonly title: readonly string[];
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly CsvCell[])[];
}

/**
 * A worksheet name Excel accepts: no []:*?/\, no apostrophe first or last, at most 31
 * characters, unique in the book.
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .replace(/^[\s']+|[\s']+$/g, '') || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` ${i}`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** A cell's value in the workbook: decimals as numbers shown with their written places. */
function xlsxValue(cell: CsvCell): { value: ExcelJS.CellValue; format?: string } {
  if (cell === null) return { value: null };
  if (typeof cell === 'object') {
    const places = cell.decimal.split('.')[1]?.length ?? 0;
    const n = Number(cell.decimal);
    if (!Number.isFinite(n)) return { value: cell.decimal };
    return { value: n, format: places > 0 ? `0.${'0'.repeat(places)}` : '0' };
  }
  return { value: cell };
}

/** A workbook of tables, one per sheet: title lines, a bold header row, then the rows. */
export async function workbookBytes(
  sheets: readonly TableSheet[],
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'skills-scoring';
  const taken = new Set<string>();
  for (const spec of sheets) {
    const ws = workbook.addWorksheet(sheetName(spec.name, taken));
    const width = Math.max(1, spec.columns.length);
    for (const line of spec.title) {
      const row = ws.addRow([line]);
      row.font = { bold: true, size: row.number === 1 ? 14 : 11 };
      if (width > 1) ws.mergeCells(row.number, 1, row.number, width);
    }
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    ws.views = [{ state: 'frozen', ySplit: header.number }];
    spec.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? Math.min(40, Math.max(8, c.header.length * 1.6));
    });
    for (const cells of spec.rows) {
      const row = ws.addRow([]);
      cells.forEach((cell, i) => {
        const { value, format } = xlsxValue(cell);
        const target = row.getCell(i + 1);
        target.value = value;
        if (format !== undefined) target.numFmt = format;
      });
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
