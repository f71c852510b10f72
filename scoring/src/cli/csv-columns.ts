/**
 * Header handling shared by the marks and roster CSV readers: known columns are matched without
 * regard to case or surrounding spaces; a missing required column, a repeated column or a nameless
 * column is a problem; rows are read as column → trimmed cell.
 */
import type { CsvRow, CsvTable } from './csv.ts';
import type { InputProblem } from './problems.ts';

export interface Columns {
  /** Known column (lower case) → its index. */
  readonly known: ReadonlyMap<string, number>;
  /** Other columns, as written (trimmed), with their index. */
  readonly extra: readonly { readonly name: string; readonly index: number }[];
}

/** Checks a header against the known columns; every problem is listed. */
export function readHeader(
  file: string,
  table: CsvTable,
  known: readonly string[],
  required: readonly string[],
  problems: InputProblem[],
): Columns | undefined {
  if (table.headerLine === 0) {
    problems.push({
      file,
      code: 'empty_file',
      message: `the file has no header row; expected columns ${known.join(',')}`,
    });
    return undefined;
  }
  const line = table.headerLine;
  const knownIdx = new Map<string, number>();
  const extra: { name: string; index: number }[] = [];
  const seen = new Set<string>();
  let ok = true;
  table.header.forEach((raw, index) => {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (name === '') {
      problems.push({
        file,
        line,
        code: 'unnamed_column',
        message: `column ${index + 1} has no name`,
      });
      ok = false;
      return;
    }
    if (seen.has(key)) {
      problems.push({
        file,
        line,
        field: name,
        code: 'duplicate_column',
        message: `column "${name}" appears more than once`,
      });
      ok = false;
      return;
    }
    seen.add(key);
    if (known.includes(key)) knownIdx.set(key, index);
    else extra.push({ name, index });
  });
  for (const col of required) {
    if (!knownIdx.has(col)) {
      problems.push({
        file,
        line,
        field: col,
        code: 'missing_column',
        message: `the header has no "${col}" column (expected ${known.join(',')})`,
      });
      ok = false;
    }
  }
  return ok ? { known: knownIdx, extra } : undefined;
}

/**
 * The cell of a known column, trimmed; '' when the column or the cell is absent. A row longer than
 * the header is a problem unless the extra cells are empty (a trailing comma from a spreadsheet).
 */
export function cellReader(
  file: string,
  table: CsvTable,
  row: CsvRow,
  problems: InputProblem[],
): ((index: number | undefined) => string) | undefined {
  const width = table.header.length;
  if (row.cells.length > width && row.cells.slice(width).some((c) => c.trim() !== '')) {
    problems.push({
      file,
      line: row.line,
      code: 'too_many_cells',
      message: `the row has ${row.cells.length} cells but the header has ${width} columns`,
    });
    return undefined;
  }
  return (index) => (index === undefined ? '' : (row.cells[index] ?? '').trim());
}
