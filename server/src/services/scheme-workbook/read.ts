/**
 * Loads an edited marking-scheme workbook (评分细则, issue 16) back into a definition, all or
 * nothing. Cells are read by their column headers (columns may be moved, unknown ones are
 * ignored); a cell that cannot be read, and every problem the engine's own parser finds in the
 * result, is placed at its sheet, row and column, so the organizer can fix the file in one pass.
 * The workbook's rows come from workbook-rows.ts, each event's criteria sheet is read-modules.ts.
 */
import { parseCompetition, type Competition, type Problem } from '@skills/scoring';
import {
  COMPETITION_FIELDS,
  EVENT_COLUMNS,
  EVENT_ID,
  EVENT_SHEET,
  ITEM_COLUMNS,
  ITEM_REST,
  SHEETS,
  headerKey,
  keyOf,
} from './columns.ts';
import { readModules } from './read-modules.ts';
import { Reader, type CellPlace, type CellProblem } from './reader.ts';
import { blank, sheetsOf, type Row } from './workbook-rows.ts';

export type SchemeRead =
  | { readonly ok: true; readonly definition: Competition }
  | { readonly ok: false; readonly problems: readonly CellProblem[] };

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

/** The overall tables or the awards: ID and name in cells, the rest of each as JSON. */
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

/** The competition sheet: a row per field (its name, then its value). */
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

/** The events sheet: a row per event, each naming the sheet of its criteria (read in turn). */
function readEvents(r: Reader, sheets: ReadonlyMap<string, Row[]>): Record<string, unknown>[] {
  const eventRows = sheets.get(SHEETS.events) ?? [];
  const found = r.columns(SHEETS.events, eventRows, EVENT_COLUMNS);
  r.place(['events'], { sheet: SHEETS.events });
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
    const i = found.get(EVENT_SHEET);
    const cell = i === undefined ? null : (row.cells[i] ?? null);
    const place = { ...at, column: EVENT_SHEET.zh };
    const name = criteriaSheet(r, { sheets, used, place, cell });
    if (name === undefined) continue;
    used.set(name, row.row);
    const label = typeof event['name'] === 'string' ? event['name'] : name;
    event['modules'] = readModules(r, name, label, sheets.get(name) ?? [], [...path, 'modules']);
  }
  return events;
}

/** The sheet an event's row names for its criteria: given, present, and no other event's. */
function criteriaSheet(
  r: Reader,
  c: {
    sheets: ReadonlyMap<string, Row[]>;
    used: ReadonlyMap<string, number>;
    place: CellPlace;
    cell: Row['cells'][number] | null;
  },
): string | undefined {
  const { place, cell, used } = c;
  if (blank(cell) || cell === null) {
    r.fault(place, { code: 'required', zh: '不能为空', en: 'cannot be empty' });
    return undefined;
  }
  const nameRead = EVENT_SHEET.codec.read(cell);
  if (!nameRead.ok) {
    r.fault(place, nameRead.fault);
    return undefined;
  }
  const name = String(nameRead.value);
  if (!c.sheets.has(name)) {
    r.fault(place, {
      code: 'missing_sheet',
      zh: `找不到工作表「${name}」`,
      en: `there is no sheet "${name}"`,
      params: { name },
    });
    return undefined;
  }
  if (used.has(name)) {
    r.fault(place, {
      code: 'sheet_reused',
      zh: `工作表「${name}」已用于第 ${used.get(name)} 行的赛项`,
      en: `the sheet "${name}" already holds the event of row ${used.get(name)}`,
      params: { name, first: used.get(name) ?? 0 },
    });
    return undefined;
  }
  return name;
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
  def['events'] = readEvents(r, sheets);
  def['overall'] = readItems(r, sheets, SHEETS.overall, 'overall');
  def['awards'] = readItems(r, sheets, SHEETS.awards, 'awards');
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  const parsed = parseCompetition(def);
  if (!parsed.success) return { ok: false, problems: placed(r, parsed.problems) };
  return { ok: true, definition: parsed.data };
}
