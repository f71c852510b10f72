/**
 * Loads an edited marking-scheme workbook (评分细则, issue 16) back into a definition, all or
 * nothing. Cells are read by their column headers (columns may be moved, unknown ones are
 * ignored); a cell that cannot be read, and every problem the engine's own parser finds in the
 * result, is placed at its sheet, row and column, so the organizer can fix the file in one pass.
 */
import ExcelJS from 'exceljs';
import { parseCompetition, type Competition, type Problem } from '@skills/scoring';
import { MAX_COLUMNS, cellOf, zipProblem, type SheetCell } from '../../files/xlsx.ts';
import {
  COMPETITION_FIELDS,
  CRITERION_COLUMNS,
  CRITERION_ID,
  CRITERION_KIND,
  EVENT_COLUMNS,
  EVENT_ID,
  EVENT_SHEET,
  ITEM_COLUMNS,
  ITEM_REST,
  MODULE_COLUMNS,
  MODULE_ID,
  MODULE_SETTINGS,
  SHEETS,
  headerKey,
  keyOf,
  setAt,
  type CellFault,
  type Column,
  type PathSegment,
} from './cells.ts';

/** Bytes a workbook may inflate to, rows a sheet may hold, sheets a workbook may hold. */
export const SCHEME_LIMITS = { maxExpanded: 32 * 1024 * 1024, maxRows: 5000, maxSheets: 300 };

/** Where a problem is: a sheet, its row (1 is the header) and a column's Chinese header. */
export interface CellPlace {
  readonly sheet: string;
  /** The event whose criteria the sheet holds. */
  readonly event?: string;
  readonly row?: number;
  readonly column?: string;
}

export interface CellProblem extends CellPlace {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type SchemeRead =
  | { readonly ok: true; readonly definition: Competition }
  | { readonly ok: false; readonly problems: readonly CellProblem[] };

interface Row {
  readonly row: number;
  readonly cells: readonly SheetCell[];
}

const blank = (c: SheetCell | undefined): boolean =>
  c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/** Chinese for the engine's zod problem codes; its own sentence follows in brackets. */
const ZH_REASONS: Readonly<Record<string, string>> = {
  invalid_type: '缺少或类型不对',
  too_small: '小于允许的最小值（或为空）',
  too_big: '大于允许的最大值',
  invalid_format: '格式不对',
  invalid_value: '不是允许的取值',
  invalid_union: '不是允许的写法',
  unrecognized_keys: '有不认识的设置',
  custom: '不符合规则',
};

class Reader {
  readonly problems: CellProblem[] = [];
  readonly places = new Map<string, CellPlace>();

  place(path: readonly PathSegment[], at: CellPlace): void {
    this.places.set(JSON.stringify(path), at);
  }

  fault(at: CellPlace, f: CellFault): void {
    this.problems.push({ ...at, ...f });
  }

  /** The nearest place registered for a path, or its prefix. */
  placeOf(path: readonly PathSegment[]): CellPlace {
    for (let n = path.length; n >= 0; n--) {
      const at = this.places.get(JSON.stringify(path.slice(0, n)));
      if (at) return at;
    }
    return { sheet: SHEETS.competition };
  }

  /** The column indexes of a sheet's header row; a missing required column is a problem. */
  columns(sheet: string, rows: readonly Row[], columns: readonly Column[]): Map<Column, number> {
    const head = rows.find((r) => r.row === 1)?.cells ?? [];
    const keys = head.map(headerKey);
    const found = new Map<Column, number>();
    for (const c of columns) {
      const i = keys.indexOf(headerKey(c.zh));
      if (i >= 0) found.set(c, i);
      else if (c.required === true) {
        this.fault(
          { sheet, row: 1, column: c.zh },
          { code: 'missing_column', zh: '缺少这一列', en: `the column "${c.en}" is missing` },
        );
      }
    }
    return found;
  }

  /**
   * Reads a row's cells into `target` (paths under `base`): blank cells are left out, a cell
   * that does not read is a problem.
   */
  fill(
    at: Omit<CellPlace, 'column'>,
    row: Row,
    found: ReadonlyMap<Column, number>,
    columns: readonly Column[],
    target: Record<string, unknown>,
    base: readonly PathSegment[],
    allowed: (c: Column) => boolean = () => true,
  ): void {
    for (const c of columns) {
      if (c.path.length === 0) continue;
      const i = found.get(c);
      const cell = i === undefined ? null : (row.cells[i] ?? null);
      const place = { ...at, column: c.zh };
      this.place([...base, ...c.path], place);
      if (!this.places.has(JSON.stringify([...base, keyOf(c)]))) {
        this.place([...base, keyOf(c)], place);
      }
      if (blank(cell) || cell === null) {
        if (c.required === true) {
          this.fault(place, { code: 'required', zh: '不能为空', en: 'cannot be empty' });
        }
        continue;
      }
      if (!allowed(c)) {
        this.fault(place, {
          code: 'not_for_kind',
          zh: '这种类型的评分项没有这一项，请留空',
          en: 'this kind of criterion has no such field: leave it blank',
        });
        continue;
      }
      const read = c.codec.read(cell);
      if (read.ok) setAt(target, c.path, read.value);
      else this.fault(place, read.fault);
    }
  }
}

/** Every sheet of the workbook as rows of cells, or a sentence saying why it cannot be read. */
async function sheetsOf(
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

function readModules(
  r: Reader,
  sheet: string,
  event: string,
  rows: readonly Row[],
  base: readonly PathSegment[],
): Record<string, unknown>[] {
  const columns = [...MODULE_COLUMNS, ...CRITERION_COLUMNS];
  const found = r.columns(sheet, rows, columns);
  const modules: Record<string, unknown>[] = [];
  const firstRow = new Map<string, number>();
  let current: Record<string, unknown> | undefined;
  r.place([...base], { sheet, event });
  for (const row of rows) {
    if (row.row === 1) continue;
    const at = { sheet, event, row: row.row };
    const idAt = found.get(MODULE_ID);
    const idCell = idAt === undefined ? null : (row.cells[idAt] ?? null);
    const idRead = blank(idCell) || idCell === null ? undefined : MODULE_ID.codec.read(idCell);
    if (idRead?.ok === false) {
      r.fault({ ...at, column: MODULE_ID.zh }, idRead.fault);
      continue;
    }
    const id = idRead === undefined ? undefined : String(idRead.value);
    if (id === undefined && current === undefined) {
      r.fault(
        { ...at, column: MODULE_ID.zh },
        { code: 'required', zh: '不能为空', en: 'cannot be empty' },
      );
      continue;
    }
    if (id !== undefined && id !== current?.['id']) {
      current = modules.find((m) => m['id'] === id);
      if (current === undefined) {
        current = { criteria: [] };
        const m = modules.length;
        modules.push(current);
        firstRow.set(id, row.row);
        r.place([...base, m], { ...at, column: MODULE_ID.zh });
        r.fill(at, row, found, MODULE_COLUMNS, current, [...base, m]);
      }
    }
    if (current === undefined) continue;
    const module = current;
    const m = modules.indexOf(module);
    if (firstRow.get(String(module['id'])) !== row.row) {
      // Later rows of a module may repeat its cells; a different value is a mistake.
      const again: Record<string, unknown> = {};
      const quiet = new Reader();
      quiet.fill(at, row, found, MODULE_SETTINGS, again, []);
      for (const c of MODULE_SETTINGS) {
        const key = keyOf(c);
        if (key in again && JSON.stringify(again[key]) !== JSON.stringify(module[key])) {
          r.fault(
            { ...at, column: c.zh },
            {
              code: 'module_mismatch',
              zh: `与本模块第 ${firstRow.get(String(module['id']))} 行不一致`,
              en: `differs from the module's first row (${firstRow.get(String(module['id']))})`,
              params: { first: firstRow.get(String(module['id'])) ?? 0 },
            },
          );
        }
      }
    }
    const criteria = module['criteria'] as Record<string, unknown>[];
    const k = criteria.length;
    const criterion: Record<string, unknown> = {};
    criteria.push(criterion);
    const path = [...base, m, 'criteria', k];
    r.place(path, { ...at, column: CRITERION_ID.zh });
    const kindAt = found.get(CRITERION_KIND);
    const kindRead =
      kindAt === undefined || blank(row.cells[kindAt] ?? null)
        ? undefined
        : CRITERION_KIND.codec.read(row.cells[kindAt] as Exclude<SheetCell, null>);
    const kind = kindRead?.ok === true ? (kindRead.value as string) : undefined;
    r.fill(
      at,
      row,
      found,
      CRITERION_COLUMNS,
      criterion,
      path,
      (c) => kind === undefined || c.kinds === undefined || c.kinds.some((x) => x === kind),
    );
  }
  return modules;
}

function readItems(
  r: Reader,
  sheets: ReadonlyMap<string, Row[]>,
  sheet: string,
  list: 'overall' | 'awards',
): Record<string, unknown>[] {
  const rows = sheets.get(sheet);
  if (rows === undefined) return [];
  const found = r.columns(sheet, rows, ITEM_COLUMNS);
  const rest = ITEM_REST;
  const items: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (row.row === 1) continue;
    const at = { sheet, row: row.row };
    const path = [list, items.length];
    r.place(path, { ...at, column: rest.zh });
    let item: Record<string, unknown> = {};
    const i = found.get(rest);
    const cell = i === undefined ? null : (row.cells[i] ?? null);
    if (!blank(cell) && cell !== null) {
      const read = rest.codec.read(cell);
      if (!read.ok) r.fault({ ...at, column: rest.zh }, read.fault);
      else if (read.value === null || typeof read.value !== 'object' || Array.isArray(read.value)) {
        r.fault(
          { ...at, column: rest.zh },
          {
            code: 'not_json_object',
            zh: '应为 JSON 对象（以花括号开头）',
            en: 'must be a JSON object',
          },
        );
      } else item = { ...(read.value as Record<string, unknown>) };
    }
    r.fill(at, row, found, ITEM_COLUMNS, item, path);
    items.push(item);
  }
  return items;
}

function readCompetition(r: Reader, sheets: ReadonlyMap<string, Row[]>): Record<string, unknown> {
  const def: Record<string, unknown> = {};
  const sheet = SHEETS.competition;
  const rows = sheets.get(sheet);
  if (rows === undefined) return def;
  for (const row of rows) {
    if (row.row === 1) continue;
    const key = headerKey(row.cells[0] ?? null);
    const field = COMPETITION_FIELDS.find((f) => headerKey(f.zh) === key);
    const at = { sheet, row: row.row, column: '值' };
    if (!field) {
      r.fault(
        { ...at, column: '项目' },
        { code: 'unknown_field', zh: '不认识的项目', en: 'an unknown field' },
      );
      continue;
    }
    r.place([keyOf(field)], at);
    const cell = row.cells[1] ?? null;
    if (blank(cell) || cell === null) continue;
    const read = field.codec.read(cell);
    if (read.ok) def[keyOf(field)] = read.value;
    else r.fault(at, read.fault);
  }
  return def;
}

/** The engine's problems, each at the cell it came from (its own code kept as ruleCode). */
function placed(r: Reader, problems: readonly Problem[]): CellProblem[] {
  return problems.map((p) => ({
    ...r.placeOf(p.path),
    code: 'invalid_rule',
    zh: `${ZH_REASONS[p.code] ?? '不符合评分规则'}（${p.message}）`,
    en: p.message,
    params: { rule: p.message, ruleCode: p.code },
  }));
}

/** Reads a workbook written by schemeWorkbook (and edited since) into a checked definition. */
export async function readScheme(bytes: Uint8Array): Promise<SchemeRead> {
  const book = await sheetsOf(bytes);
  if (!book.ok) return { ok: false, problems: [{ sheet: '', ...book.problem }] };
  const { sheets } = book;
  const r = new Reader();
  for (const required of [SHEETS.competition, SHEETS.events]) {
    if (!sheets.has(required)) {
      r.fault(
        { sheet: required },
        {
          code: 'missing_sheet',
          zh: `找不到工作表「${required}」`,
          en: `there is no sheet "${required}"`,
          params: { name: required },
        },
      );
    }
  }
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  r.place([], { sheet: SHEETS.competition });
  const def = readCompetition(r, sheets);
  const eventRows = sheets.get(SHEETS.events) ?? [];
  const found = r.columns(SHEETS.events, eventRows, EVENT_COLUMNS);
  r.place(['events'], { sheet: SHEETS.events });
  const sheetColumn = EVENT_SHEET;
  const used = new Map<string, number>();
  const events: Record<string, unknown>[] = [];
  for (const row of eventRows) {
    if (row.row === 1) continue;
    const at = { sheet: SHEETS.events, row: row.row };
    const path = ['events', events.length];
    r.place(path, { ...at, column: EVENT_ID.zh });
    const event: Record<string, unknown> = {};
    r.fill(at, row, found, EVENT_COLUMNS, event, path);
    events.push(event);
    const i = found.get(sheetColumn);
    const cell = i === undefined ? null : (row.cells[i] ?? null);
    const place = { ...at, column: sheetColumn.zh };
    if (blank(cell) || cell === null) {
      r.fault(place, { code: 'required', zh: '不能为空', en: 'cannot be empty' });
      continue;
    }
    const nameRead = EVENT_SHEET.codec.read(cell);
    if (!nameRead.ok) {
      r.fault(place, nameRead.fault);
      continue;
    }
    const name = String(nameRead.value);
    const rows = sheets.get(name);
    if (rows === undefined) {
      r.fault(place, {
        code: 'missing_sheet',
        zh: `找不到工作表「${name}」`,
        en: `there is no sheet "${name}"`,
        params: { name },
      });
      continue;
    }
    if (used.has(name)) {
      r.fault(place, {
        code: 'sheet_reused',
        zh: `工作表「${name}」已用于第 ${used.get(name)} 行的赛项`,
        en: `the sheet "${name}" already holds the event of row ${used.get(name)}`,
        params: { name, first: used.get(name) ?? 0 },
      });
      continue;
    }
    used.set(name, row.row);
    const label = typeof event['name'] === 'string' ? event['name'] : name;
    event['modules'] = readModules(r, name, label, rows, [...path, 'modules']);
  }
  def['events'] = events;
  def['overall'] = readItems(r, sheets, SHEETS.overall, 'overall');
  def['awards'] = readItems(r, sheets, SHEETS.awards, 'awards');
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  const parsed = parseCompetition(def);
  if (!parsed.success) return { ok: false, problems: placed(r, parsed.problems) };
  return { ok: true, definition: parsed.data };
}
