/**
 * The marking scheme (评分细则) as spreadsheet cells (issue 16): which column holds which part of
 * a criterion, a module, an event or the competition, and how each value is written to a cell
 * and read back from one. write.ts and read.ts share these tables, so a downloaded workbook
 * loads back to the same definition. Enumerations are written in Chinese and read in Chinese or
 * by the engine's English code; parts too structured for one cell are JSON text.
 */
import type { CriterionKind } from '@skills/scoring';
import type { SheetCell } from '../../files/xlsx.ts';

export type PathSegment = string | number;

/** Why a cell could not be read: a stable code and what a client needs to word it. */
export interface CellFault {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type Decoded =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly fault: CellFault };

export type CellOut = string | number | boolean | null;

/** How a value becomes a cell and back. */
export interface Codec {
  readonly write: (value: unknown) => CellOut;
  readonly read: (cell: Exclude<SheetCell, null>) => Decoded;
}

const ok = (value: unknown): Decoded => ({ ok: true, value });
const fault = (
  code: string,
  zh: string,
  en: string,
  params?: Record<string, string | number>,
): Decoded => ({ ok: false, fault: { code, zh, en, ...(params ? { params } : {}) } });

function asText(cell: Exclude<SheetCell, null>): string | null {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  return null;
}

const formulaError = (cell: Exclude<SheetCell, null>): Decoded | null =>
  typeof cell === 'object'
    ? fault(
        'cell_error',
        `单元格有错误（${cell.error}）`,
        `the cell holds an error (${cell.error})`,
      )
    : null;

/** Text (ids, names, notes); a number typed into the cell is read by its spelling. */
export const text: Codec = {
  write: (v) => (typeof v === 'string' ? v : null),
  read: (cell) => {
    const bad = formulaError(cell);
    if (bad) return bad;
    const t = asText(cell);
    return t === null ? fault('not_text', '应为文字', 'must be text') : ok(t);
  },
};

/** A name or a note: as written, spaces included (a blank cell is no value). */
export const label: Codec = {
  write: text.write,
  read: (cell) => {
    const bad = formulaError(cell);
    if (bad) return bad;
    if (typeof cell === 'string') return ok(cell);
    return typeof cell === 'number'
      ? ok(String(cell))
      : fault('not_text', '应为文字', 'must be text');
  },
};

/**
 * A decimal: kept as a number when the cell is one and as text when it is text, as the engine
 * reads either by its decimal spelling (its parser says whether it is a valid decimal).
 */
export const decimal: Codec = {
  write: (v) => (typeof v === 'number' || typeof v === 'string' ? v : null),
  read: (cell) => {
    const bad = formulaError(cell);
    if (bad) return bad;
    if (typeof cell === 'number') return ok(cell);
    if (typeof cell === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(cell.trim())) {
      return ok(cell.trim());
    }
    return fault('not_a_number', '必须是数字，如 7.5', 'must be a number such as 7.5');
  },
};

export const integer: Codec = {
  write: (v) => (typeof v === 'number' ? v : null),
  read: (cell) => {
    const bad = formulaError(cell);
    if (bad) return bad;
    const n = typeof cell === 'string' && /^\s*-?\d+\s*$/.test(cell) ? Number(cell) : cell;
    return typeof n === 'number' && Number.isInteger(n)
      ? ok(n)
      : fault('not_an_integer', '必须是整数', 'must be a whole number');
  },
};

/** JSON text for parts too structured for one cell. */
export const json: Codec = {
  write: (v) => (v === undefined ? null : JSON.stringify(v)),
  read: (cell) => {
    const bad = formulaError(cell);
    if (bad) return bad;
    const t = asText(cell);
    if (t === null) return fault('not_json', '应为 JSON 文本', 'must be JSON text');
    try {
      return ok(JSON.parse(t) as unknown);
    } catch {
      return fault('not_json', '不是有效的 JSON 文本', 'is not valid JSON text');
    }
  },
};

/** One choice of an enumeration: the engine's code and its Chinese label. */
export type Choice = readonly [code: string, zh: string];

/** Reads "label", "code" or "label (code)". */
function lookup(choices: readonly Choice[], t: string): string | undefined {
  const bare = t.replace(/[（(][^）)]*[）)]\s*$/, '').trim();
  for (const [code, zh] of choices) {
    if (t === code || t === zh || bare === zh || bare === code) return code;
    if (t.toLowerCase() === code.toLowerCase()) return code;
  }
  return undefined;
}

export function choice(choices: readonly Choice[]): Codec {
  return {
    write: (v) => choices.find(([code]) => code === v)?.[1] ?? (typeof v === 'string' ? v : null),
    read: (cell) => {
      const bad = formulaError(cell);
      if (bad) return bad;
      const t = asText(cell);
      const code = t === null ? undefined : lookup(choices, t);
      if (code !== undefined) return ok(code);
      const list = choices.map(([, zh]) => zh).join('、');
      return fault('unknown_choice', `应为以下之一：${list}`, `must be one of: ${list}`, {
        choices: list,
      });
    },
  };
}

export const yesNo: Codec = {
  write: (v) => (v === true ? '是' : v === false ? '否' : null),
  read: (cell) => {
    if (typeof cell === 'boolean') return ok(cell);
    const t = asText(cell)?.toLowerCase();
    if (t === '是' || t === 'true' || t === 'yes') return ok(true);
    if (t === '否' || t === 'false' || t === 'no') return ok(false);
    return fault('not_yes_no', '应为“是”或“否”', 'must be yes or no');
  },
};

export const KINDS: readonly Choice[] = [
  ['points', '分值评分'],
  ['check', '客观判定'],
  ['judgement', '主观评判'],
  ['time', '计时'],
  ['deduction', '扣分'],
  ['penalty', '罚时'],
  ['gate', '安全否决'],
];

const ROUNDING_MODES: readonly Choice[] = [
  ['halfUp', '四舍五入'],
  ['truncate', '截断'],
  ['halfEven', '银行家舍入'],
];

const GATE_EFFECTS: readonly Choice[] = [
  ['zeroModule', '本模块记零'],
  ['zeroEvent', '本赛项记零'],
  ['disqualify', '取消资格'],
];

export const ENTRANTS: readonly Choice[] = [
  ['individual', '个人'],
  ['team', '团队'],
];

const SIMPLE_AGGREGATIONS: readonly Choice[] = [
  ['single', '单评'],
  ['mean', '平均'],
  ['median', '中位数'],
  ['sum', '求和'],
];
const TRIMMED: readonly Choice[] = [
  ['trimmedMean', '去高低平均'],
  ['trimmedSum', '去高低求和'],
];

/** How judges' marks combine: "平均", "去高低平均 1+1" (drop 1 highest and 1 lowest). */
export const aggregation: Codec = {
  write: (v) => {
    if (v === null || typeof v !== 'object' || !('method' in v)) return null;
    const a = v as { method: string; drop?: number };
    const simple = SIMPLE_AGGREGATIONS.find(([code]) => code === a.method);
    if (simple) return simple[1];
    const trimmed = TRIMMED.find(([code]) => code === a.method);
    return `${trimmed?.[1] ?? a.method} ${a.drop ?? 1}+${a.drop ?? 1}`;
  },
  read: (cell) => {
    const bad = formulaError(cell);
    if (bad) return bad;
    const t = asText(cell) ?? '';
    const simple = lookup(SIMPLE_AGGREGATIONS, t);
    if (simple !== undefined) return ok({ method: simple });
    const m = /^(\S+?)\s*(\d+)\s*\+\s*(\d+)$/.exec(t);
    const method = m?.[1] === undefined ? undefined : lookup(TRIMMED, m[1]);
    if (m && method !== undefined && m[2] === m[3]) return ok({ method, drop: Number(m[2]) });
    return fault(
      'unknown_aggregation',
      '应为 单评、平均、中位数、求和，或 去高低平均 k+k、去高低求和 k+k',
      'must be single, mean, median, sum, or trimmedMean k+k / trimmedSum k+k',
    );
  },
};

/** A list of statuses: "DNF, DNS, DQ". */
export const statusList: Codec = {
  write: (v) => (Array.isArray(v) ? v.join(', ') : null),
  read: (cell) => {
    const t = asText(cell);
    if (t === null) return fault('not_text', '应为文字', 'must be text');
    return ok(t.split(/[\s,，、]+/).filter((s) => s !== ''));
  },
};

/** A column: its header (Chinese first), where its value sits, how it is written. */
export interface Column {
  readonly zh: string;
  readonly en: string;
  /** Where the value sits in the object the row describes. */
  readonly path: readonly string[];
  readonly codec: Codec;
  readonly width?: number;
  /** For criterion columns: the kinds that have this field (every kind when absent). */
  readonly kinds?: readonly CriterionKind[];
  /** A value every row must give. */
  readonly required?: boolean;
}

export const header = (c: Column): string => `${c.zh}\n${c.en}`;

/** The Chinese part of a header cell, as the organizer's file writes it. */
export function headerKey(cell: SheetCell): string {
  const t = typeof cell === 'string' ? cell : typeof cell === 'number' ? String(cell) : '';
  return (t.trim().split(/[\s(（]/)[0] ?? '').trim();
}

/** Module columns, repeated on each row of the module (the first row of a module counts). */
export const MODULE_ID: Column = {
  zh: '模块编号',
  en: 'Module ID',
  path: ['id'],
  codec: text,
  width: 12,
  required: true,
};
/** The module's settings after its ID. */
export const MODULE_SETTINGS: readonly Column[] = [
  { zh: '模块名称', en: 'Module name', path: ['name'], codec: label, width: 18 },
  { zh: '模块权重(%)', en: 'Module weight %', path: ['weight'], codec: decimal, width: 10 },
  { zh: '模块可为负', en: 'Module may go negative', path: ['allowNegative'], codec: yesNo },
  { zh: '模块取最好N项', en: 'Module: best N count', path: ['best'], codec: integer },
];
export const MODULE_COLUMNS: readonly Column[] = [MODULE_ID, ...MODULE_SETTINGS];

const ALL_MARKED: readonly CriterionKind[] = ['points', 'check', 'judgement', 'deduction'];

export const CRITERION_ID: Column = {
  zh: '评分项编号',
  en: 'Criterion ID',
  path: ['id'],
  codec: text,
  width: 12,
  required: true,
};
export const CRITERION_KIND: Column = {
  zh: '类型',
  en: 'Kind',
  path: ['kind'],
  codec: choice(KINDS),
  width: 10,
  required: true,
};
export const CRITERION_COLUMNS: readonly Column[] = [
  CRITERION_ID,
  { zh: '名称', en: 'Name', path: ['name'], codec: label, width: 24 },
  CRITERION_KIND,
  { zh: '满分', en: 'Max', path: ['max'], codec: decimal, kinds: ALL_MARKED },
  { zh: '最低分', en: 'Min', path: ['min'], codec: decimal, kinds: ['points'] },
  { zh: '步长', en: 'Step', path: ['step'], codec: decimal, kinds: ['points', 'deduction'] },
  { zh: '小数位', en: 'Decimal places', path: ['rounding', 'places'], codec: integer },
  {
    zh: '取舍',
    en: 'Rounding',
    path: ['rounding', 'mode'],
    codec: choice(ROUNDING_MODES),
  },
  { zh: '评委人数', en: 'Judges', path: ['judges'], codec: integer },
  { zh: '汇总方式', en: 'Aggregation', path: ['aggregation'], codec: aggregation, width: 14 },
  { zh: '分差容许', en: 'Spread tolerance', path: ['spreadTolerance'], codec: decimal },
  { zh: '量表最低', en: 'Scale min', path: ['scale', 'min'], codec: integer, kinds: ['judgement'] },
  { zh: '量表最高', en: 'Scale max', path: ['scale', 'max'], codec: integer, kinds: ['judgement'] },
  {
    zh: '量表步长',
    en: 'Scale step',
    path: ['scale', 'step'],
    codec: decimal,
    kinds: ['judgement'],
  },
  { zh: '计时精度', en: 'Time places', path: ['precision'], codec: integer, kinds: ['time'] },
  {
    zh: '计时取舍',
    en: 'Time entry rounding',
    path: ['entryRounding'],
    codec: choice(ROUNDING_MODES),
    kinds: ['time'],
  },
  { zh: '限时(秒)', en: 'Time limit (s)', path: ['limit'], codec: decimal, kinds: ['time'] },
  {
    zh: '计时折算',
    en: 'Time conversion (JSON)',
    path: ['conversion'],
    codec: json,
    kinds: ['time'],
    width: 24,
  },
  { zh: '每项扣分', en: 'Per item', path: ['perItem'], codec: decimal, kinds: ['deduction'] },
  { zh: '罚时对象', en: 'Time criterion', path: ['time'], codec: text, kinds: ['penalty'] },
  {
    zh: '每项罚时(秒)',
    en: 'Seconds per item',
    path: ['secondsPerItem'],
    codec: decimal,
    kinds: ['penalty'],
  },
  { zh: '罚项上限', en: 'Max items', path: ['maxItems'], codec: integer, kinds: ['penalty'] },
  {
    zh: '否决效果',
    en: 'Gate effect',
    path: ['effect'],
    codec: choice(GATE_EFFECTS),
    kinds: ['gate'],
  },
  { zh: '备注', en: 'Notes', path: ['description'], codec: label, width: 30 },
];

export const EVENT_ID: Column = {
  zh: '赛项编号',
  en: 'Event ID',
  path: ['id'],
  codec: text,
  width: 12,
  required: true,
};
/** The name of the sheet that holds the event's criteria. */
export const EVENT_SHEET: Column = {
  zh: '评分表',
  en: 'Criteria sheet',
  path: [],
  codec: text,
  width: 18,
  required: true,
};
export const EVENT_COLUMNS: readonly Column[] = [
  EVENT_ID,
  { zh: '赛项名称', en: 'Event name', path: ['name'], codec: label, width: 18 },
  EVENT_SHEET,
  { zh: '参赛形式', en: 'Entrants', path: ['entrants'], codec: choice(ENTRANTS) },
  { zh: '满分', en: 'Max', path: ['max'], codec: decimal },
  { zh: '排名依据', en: 'Rank by (JSON)', path: ['rankBy'], codec: json, width: 24 },
  { zh: '评委人数', en: 'Judges', path: ['judges'], codec: integer },
  { zh: '汇总方式', en: 'Aggregation', path: ['aggregation'], codec: aggregation, width: 14 },
  { zh: '分差容许', en: 'Spread tolerance', path: ['spreadTolerance'], codec: decimal },
  { zh: '取舍规则', en: 'Rounding (JSON)', path: ['rounding'], codec: json, width: 24 },
  { zh: '状态顺序', en: 'Status order', path: ['statusOrder'], codec: statusList },
  { zh: '并列规则', en: 'Tie-breaks (JSON)', path: ['tieBreaks'], codec: json, width: 30 },
  { zh: '团体成绩', en: 'Team standings (JSON)', path: ['team'], codec: json, width: 30 },
];

/** Overall tables and awards: id and name in cells, the rest of each as JSON. */
/** Everything of an overall table or award but its ID and name. */
export const ITEM_REST: Column = {
  zh: '其余设置',
  en: 'Other settings (JSON)',
  path: [],
  codec: json,
  width: 80,
};
export const ITEM_COLUMNS: readonly Column[] = [
  { zh: '编号', en: 'ID', path: ['id'], codec: text, width: 12, required: true },
  { zh: '名称', en: 'Name', path: ['name'], codec: label, width: 20 },
  ITEM_REST,
];

/** The competition's own fields, one per row of its sheet. */
export const COMPETITION_FIELDS: readonly Column[] = [
  { zh: '编号', en: 'Competition ID', path: ['id'], codec: text, required: true },
  { zh: '名称', en: 'Name', path: ['name'], codec: label },
  { zh: '规则版本', en: 'Rules version', path: ['version'], codec: integer },
  { zh: '格式版本', en: 'Format version', path: ['schemaVersion'], codec: integer },
  { zh: '模式地址', en: '$schema', path: ['$schema'], codec: text },
];

export const SHEETS = {
  readme: '说明 Read me',
  competition: '赛事 Competition',
  events: '赛项 Events',
  overall: '总成绩 Overall',
  awards: '奖项 Awards',
} as const;

/** The key a column sets in its row's object ("" for a column that sets none). */
export const keyOf = (c: Column): string => c.path[0] ?? '';

export function getAt(obj: unknown, path: readonly string[]): unknown {
  let at: unknown = obj;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export function setAt(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = obj;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      at[key] = value;
      return;
    }
    const next = at[key];
    if (next === null || typeof next !== 'object') at[key] = {};
    at = at[key] as Record<string, unknown>;
  });
}
