/**
 * An uploaded marking-scheme workbook as rows of cells per sheet, within limits (inflated size,
 * sheets, rows, columns), or the sentence saying why it cannot be read. read.ts reads the rows.
 */
import ExcelJS from 'exceljs';
import { MAX_COLUMNS, cellOf, zipProblem, type SheetCell } from '../../files/xlsx.ts';
import type { CellFault } from './codecs.ts';

/** Bytes a workbook may inflate to, rows a sheet may hold, sheets a workbook may hold. */
export const SCHEME_LIMITS = { maxExpanded: 32 * 1024 * 1024, maxRows: 5000, maxSheets: 300 };

export interface Row {
  readonly row: number;
  readonly cells: readonly SheetCell[];
}

export const blank = (c: SheetCell | undefined): boolean =>
  c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/** Every sheet of the workbook as rows of cells, or a sentence saying why it cannot be read. */
export async function sheetsOf(
  bytes: Uint8Array,
): Promise<{ ok: true; sheets: Map<string, Row[]> } | { ok: false; problem: CellFault }> {
  const unreadable = (en: string): { ok: false; problem: CellFault } => ({
    ok: false,
    problem: { code: 'unreadable', zh: '文件不能作为 Excel 工作簿读取', en },
  });
  const bomb = zipProblem(bytes, SCHEME_LIMITS.maxExpanded);
  if (bomb !== null) return unreadable(bomb);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (e) {
    return unreadable(
      `the file could not be read as an XLSX workbook (${String(e).slice(0, 200)})`,
    );
  }
  if (book.worksheets.length > SCHEME_LIMITS.maxSheets) {
    return unreadable(`the workbook has more than ${SCHEME_LIMITS.maxSheets} sheets`);
  }
  const sheets = new Map<string, Row[]>();
  for (const ws of book.worksheets) {
    const rows: Row[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > MAX_COLUMNS) return;
        if (cell.isMerged && cell.master.address !== cell.address) return;
        while (cells.length < col - 1) cells.push(null);
        cells[col - 1] = cellOf(cell.value);
      });
      if (cells.some((c) => !blank(c))) rows.push({ row: rowNumber, cells });
    });
    if (rows.length > SCHEME_LIMITS.maxRows) {
      return unreadable(`the sheet "${ws.name}" has more than ${SCHEME_LIMITS.maxRows} rows`);
    }
    sheets.set(ws.name, rows);
  }
  return { ok: true, sheets };
}
