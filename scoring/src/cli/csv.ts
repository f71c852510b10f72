/**
 * An RFC 4180 CSV reader: comma separated, fields optionally in double quotes, a doubled quote
 * inside quotes is one quote, quoted fields may hold commas and line breaks, records end with
 * CRLF or LF (a lone CR too). A UTF-8 byte order mark (Excel's "CSV UTF-8") is dropped. The
 * first non-blank record is the header. Blank records (no text, or only empty cells) are skipped.
 *
 * Fields are returned exactly as written (no trimming): what a cell means is the caller's call.
 * Malformed quoting does not stop the reader: every such place is reported with its line, and the
 * text is kept as written so later rows still line up. A quote that is never closed swallows the
 * rest of the text; that record is reported and dropped.
 */

export interface CsvRow {
  /** 1-based line on which the record starts (a quoted line break makes a record span lines). */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvError {
  readonly line: number;
  readonly message: string;
}

export interface CsvTable {
  /** Header cells as written; empty when the text has no records. */
  readonly header: readonly string[];
  /** Line of the header record; 0 when there is none. */
  readonly headerLine: number;
  readonly rows: readonly CsvRow[];
  readonly errors: readonly CsvError[];
}

function endsField(ch: string): boolean {
  return ch === ',' || ch === '\n' || ch === '\r' || ch === '';
}

/** Splits CSV text into records, each with the line it starts on. */
export function parseCsvRecords(text: string): { records: CsvRow[]; errors: CsvError[] } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRow[] = [];
  const errors: CsvError[] = [];
  const at = (k: number): string => src.charAt(k);
  let line = 1;
  let i = 0;

  while (i < src.length) {
    const start = line;
    const cells: string[] = [];
    let quotedAny = false;
    let unclosed = false;
    for (;;) {
      let cell = '';
      if (at(i) === '"') {
        quotedAny = true;
        const openLine = line;
        let closed = false;
        i++;
        while (i < src.length) {
          const ch = at(i);
          if (ch === '"') {
            if (at(i + 1) === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          // CRLF counts once (at its LF); a lone CR is a line break too.
          if (ch === '\n' || (ch === '\r' && at(i + 1) !== '\n')) line++;
          cell += ch;
          i++;
        }
        if (!closed) {
          unclosed = true;
          const last = /[\r\n]$/.test(src) ? line - 1 : line;
          errors.push({
            line: openLine,
            message:
              last > openLine
                ? `a quoted field is never closed, so lines ${openLine}-${last} were read as one field and skipped`
                : 'a quoted field is never closed',
          });
        } else if (!endsField(at(i))) {
          errors.push({
            line,
            message: 'text after a closing quote (a quote inside a field must be doubled: "")',
          });
          const from = i;
          while (!endsField(at(i))) i++;
          cell += src.slice(from, i);
        }
      } else {
        const from = i;
        while (!endsField(at(i))) i++;
        cell = src.slice(from, i);
        if (cell.includes('"')) {
          errors.push({
            line,
            message:
              'a quote inside an unquoted field (quote the whole field and double the quote)',
          });
        }
      }
      cells.push(cell);
      if (at(i) !== ',') break;
      i++;
    }
    // End of record: CRLF, LF, a lone CR, or the end of the text.
    if (at(i) === '\r') i++;
    if (at(i) === '\n') i++;
    line++;
    const blank = !quotedAny && cells.every((c) => c.trim() === '');
    if (!blank && !unclosed) records.push({ line: start, cells });
  }
  return { records, errors };
}

/**
 * Reads CSV text with a header row.
 *
 * @example
 * parseCsv('id,name\r\nA01,"Wang, Fang"\r\n').rows[0] // { line: 2, cells: ['A01', 'Wang, Fang'] }
 */
export function parseCsv(text: string): CsvTable {
  const { records, errors } = parseCsvRecords(text);
  const [head, ...rows] = records;
  if (!head) return { header: [], headerLine: 0, rows: [], errors };
  return { header: head.cells, headerLine: head.line, rows, errors };
}
