/**
 * CSV as spreadsheets read and write it (RFC 4180): comma separated, fields quoted with double
 * quotes (a quote inside doubled), records ending in CRLF, LF or CR, UTF-8 with or without a
 * byte order mark. Reading keeps each record's number as a spreadsheet shows it (the header is
 * row 1; a quoted field spanning lines is still one row). Writing adds the BOM and CRLF line
 * ends Excel needs to open Chinese text as UTF-8.
 */

export interface CsvRecord {
  /** 1-based, as a spreadsheet numbers its rows. */
  readonly row: number;
  readonly cells: readonly string[];
}

export type CsvRead =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly row: number; readonly message: string };

/** Decodes UTF-8 (a BOM is dropped); null when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Parses CSV text into records; the first problem that makes the text unreadable otherwise.
 * Past `limits` (records, cells in a record) it stops with a problem rather than hold them all.
 */
export function parseCsv(
  input: string,
  limits: { maxRecords?: number; maxCells?: number } = {},
): CsvRead {
  const maxRecords = limits.maxRecords ?? Number.MAX_SAFE_INTEGER;
  const maxCells = limits.maxCells ?? Number.MAX_SAFE_INTEGER;
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let row = 1;
  let i = 0;
  const n = text.length;
  const endRecord = (): void => {
    cells.push(field);
    records.push({ row, cells });
    cells = [];
    field = '';
    row++;
  };
  while (i < n) {
    const ch = text[i] as string;
    if (ch === '"' && field === '') {
      const quoted = readQuoted(text, i + 1);
      if (quoted === null) {
        return { ok: false, row, message: 'a quoted field is not closed' };
      }
      field = quoted.value;
      i = quoted.end;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return {
          ok: false,
          row,
          message: `unexpected ${JSON.stringify(next)} after a closing quote (a quote inside a quoted field is written "")`,
        };
      }
      continue;
    }
    if (ch === ',') {
      cells.push(field);
      field = '';
      i++;
      if (cells.length >= maxCells) {
        return { ok: false, row, message: `a row has more than ${maxCells} columns` };
      }
    } else if (ch === '\r' || ch === '\n') {
      if (row > maxRecords) {
        return { ok: false, row, message: `the file has more than ${maxRecords} rows` };
      }
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  // The last record, unless the text ended with its line end.
  if (field !== '' || cells.length > 0) {
    if (row > maxRecords) {
      return { ok: false, row, message: `the file has more than ${maxRecords} rows` };
    }
    endRecord();
  }
  return { ok: true, records };
}

/**
 * A quoted field from just past its opening quote: up to the closing quote, "" standing for one
 * quote; `end` is just past the closing quote. Null when the text ends first.
 */
function readQuoted(text: string, from: number): { value: string; end: number } | null {
  let value = '';
  let i = from;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      if (text[i + 1] === '"') {
        value += '"';
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
  return null;
}

/** A cell to write: text, a number, or a decimal kept exactly as written ("87.33"). */
export type CsvCell = string | number | { readonly decimal: string } | null;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One field: quoted when it holds a comma, quote or line end (or leading/trailing spaces a
 * reader would trim). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * written with a leading apostrophe, unless it is a plain number.
 */
export function csvField(cell: CsvCell): string {
  let s: string;
  if (cell === null) s = '';
  else if (typeof cell === 'number') s = String(cell);
  else if (typeof cell === 'object') s = cell.decimal;
  else {
    s = cell;
    if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`;
  }
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A whole CSV file: BOM, CRLF line ends, the last line ended too. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
