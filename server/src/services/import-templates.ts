/**
 * Downloadable import templates (issue 16): for contestants, teams and judges, an XLSX or CSV
 * file whose header row is the Chinese label of each field the organizer usually fills in
 * (import-columns.ts), so a new organizer starts from a file the import reads as it is. In the
 * workbook the columns that hold digits a spreadsheet would mangle (PIN, 身份证号, 联系电话,
 * 序号) are formatted as text, so leading zeros and long numbers survive.
 */
import ExcelJS from 'exceljs';
import { csvText } from '../files/csv.ts';
import { XLSX_TYPE } from '../files/xlsx.ts';
import type { FileAnswer } from '../files/file-answer.ts';
import { FIELDS, type ImportKind } from './import-columns.ts';

const NAMES: Record<ImportKind, readonly [string, string]> = {
  contestants: ['选手报名表', 'contestants'],
  teams: ['团队名单', 'teams'],
  judges: ['裁判名单', 'judges'],
};

/** Fields whose cells are text even when they look like numbers. */
const TEXT_COLUMNS = new Set(['seq', 'bib', 'pin', 'idNumber', 'phone', 'code', 'id', 'members']);

export function templateHeaders(kind: ImportKind): string[] {
  return FIELDS[kind].filter((f) => f.template === true).map((f) => f.label[0]);
}

export async function importTemplate(
  kind: ImportKind,
  format: 'csv' | 'xlsx',
): Promise<FileAnswer> {
  const fields = FIELDS[kind].filter((f) => f.template === true);
  const headers = fields.map((f) => f.label[0]);
  const [zh, en] = NAMES[kind];
  if (format === 'csv') {
    return {
      bytes: csvText([headers]),
      type: 'text/csv; charset=utf-8',
      name: `${zh}模板.csv`,
      fallback: `${en}-template.csv`,
    };
  }
  const book = new ExcelJS.Workbook();
  book.creator = 'skills-scoring';
  const sheet = book.addWorksheet(zh);
  const header = sheet.addRow(headers);
  header.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  fields.forEach((f, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = f.key === 'unit' || f.key === 'idNumber' ? 24 : 14;
    if (TEXT_COLUMNS.has(f.key)) column.numFmt = '@';
  });
  return {
    bytes: new Uint8Array(await book.xlsx.writeBuffer()),
    type: XLSX_TYPE,
    name: `${zh}模板.xlsx`,
    fallback: `${en}-template.xlsx`,
  };
}
