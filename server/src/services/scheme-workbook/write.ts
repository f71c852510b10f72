/**
 * Writes a definition as the organizer's marking-scheme workbook (评分细则, issue 16): a read-me
 * sheet, the competition's fields, one row per event, one sheet per event with a row per
 * criterion, and the overall tables and awards with their structured parts as JSON. read.ts
 * loads the same layout back to the same definition.
 */
import ExcelJS from 'exceljs';
import type { Competition } from '@skills/scoring';
import { sheetName } from '../../files/xlsx.ts';
import { KINDS, text, type CellOut } from './codecs.ts';
import {
  COMPETITION_FIELDS,
  CRITERION_COLUMNS,
  EVENT_COLUMNS,
  EVENT_SHEET,
  ITEM_COLUMNS,
  MODULE_COLUMNS,
  SHEETS,
  getAt,
  header,
  type Column,
} from './columns.ts';

const README: readonly (readonly [string, string])[] = [
  ['评分细则（可在 Excel 中编辑后导入）', 'Marking scheme (edit in Excel, then load it back)'],
  [
    `「${SHEETS.competition}」：赛事编号、名称和规则版本。`,
    `"${SHEETS.competition}": the competition's ID, name and rules version.`,
  ],
  [
    `「${SHEETS.events}」：每个赛项一行；“评分表”列写明该赛项评分项所在的工作表。`,
    `"${SHEETS.events}": one row per event; "Criteria sheet" names the sheet with its criteria.`,
  ],
  [
    '每个赛项一个工作表（以赛项名称命名）：每个评分项一行，模块的编号、名称、权重写在该模块的第一行（后续行可留空）。',
    "One sheet per event (named after it): a row per criterion; a module's ID, name and weight on its first row (later rows may be left blank).",
  ],
  [
    `类型：${KINDS.map(([code, zh]) => `${zh}（${code}）`).join('、')}；每种类型只填它有的列，其余留空。`,
    'Kind: each kind fills only its own columns; leave the others blank.',
  ],
  [
    '汇总方式：单评、平均、中位数、求和，或“去高低平均 1+1”“去高低求和 2+2”（去掉最高和最低各 k 个）。',
    'Aggregation: single, mean, median, sum, or trimmedMean k+k / trimmedSum k+k.',
  ],
  [
    `「${SHEETS.overall}」「${SHEETS.awards}」：每项一行，编号、名称之外的设置以 JSON 文本保存，请谨慎修改。`,
    `"${SHEETS.overall}", "${SHEETS.awards}": one row each; settings beyond ID and name are JSON text.`,
  ],
  [
    '导入时整份检查：有任何错误都不会保存，并列出每个错误所在的工作表、行和列。',
    'Loading is all or nothing: any problem is listed by sheet, row and column, and nothing is saved.',
  ],
];

function addTable(
  book: ExcelJS.Workbook,
  name: string,
  columns: readonly Column[],
  rows: readonly (readonly CellOut[])[],
): void {
  const ws = book.addWorksheet(name);
  const head = ws.addRow(columns.map(header));
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width ?? 12;
  });
  for (const cells of rows) {
    const row = ws.addRow([]);
    cells.forEach((cell, i) => {
      if (cell !== null) row.getCell(i + 1).value = cell;
    });
  }
}

const cellsOf = (columns: readonly Column[], obj: unknown): CellOut[] =>
  columns.map((c) => c.codec.write(getAt(obj, c.path)));

/** Everything of an object but the named keys. */
function rest(obj: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

/** The sheet names of the events' criteria, valid and unique beside the fixed sheets. */
export function eventSheetNames(def: Competition): string[] {
  const taken = new Set(Object.values(SHEETS).map((s) => s.toLowerCase()));
  return def.events.map((ev) => sheetName(ev.name, taken));
}

export async function schemeWorkbook(def: Competition): Promise<Uint8Array<ArrayBuffer>> {
  const book = new ExcelJS.Workbook();
  book.creator = 'skills-scoring';
  const readme = book.addWorksheet(SHEETS.readme);
  readme.getColumn(1).width = 90;
  readme.getColumn(2).width = 90;
  for (const [zh, en] of README) readme.addRow([zh, en]).alignment = { wrapText: true };
  readme.getRow(1).font = { bold: true, size: 14 };

  const fields = COMPETITION_FIELDS.filter((f) => getAt(def, f.path) !== undefined);
  addTable(
    book,
    SHEETS.competition,
    [
      { zh: '项目', en: 'Field', path: [], codec: text, width: 24 },
      { zh: '值', en: 'Value', path: [], codec: text, width: 40 },
    ],
    fields.map((f) => [`${f.zh} ${f.en}`, f.codec.write(getAt(def, f.path))]),
  );

  const names = eventSheetNames(def);
  addTable(
    book,
    SHEETS.events,
    EVENT_COLUMNS,
    def.events.map((ev, i) =>
      EVENT_COLUMNS.map((c) =>
        c === EVENT_SHEET ? (names[i] ?? null) : c.codec.write(getAt(ev, c.path)),
      ),
    ),
  );
  def.events.forEach((ev, i) => {
    const rows: CellOut[][] = [];
    for (const m of ev.modules) {
      for (const c of m.criteria)
        rows.push([...cellsOf(MODULE_COLUMNS, m), ...cellsOf(CRITERION_COLUMNS, c)]);
    }
    addTable(book, names[i] ?? ev.id, [...MODULE_COLUMNS, ...CRITERION_COLUMNS], rows);
  });
  const items = (list: readonly { id: string; name: string }[]): CellOut[][] =>
    list.map((item) => [item.id, item.name, JSON.stringify(rest(item, ['id', 'name']))]);
  addTable(book, SHEETS.overall, ITEM_COLUMNS, items(def.overall));
  addTable(book, SHEETS.awards, ITEM_COLUMNS, items(def.awards));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
