/**
 * The marking scheme (评分细则, issue 16) as spreadsheet columns: which column holds which part of
 * a criterion, a module, an event or the competition, and with which codec (codecs.ts). write.ts
 * and read.ts share these tables, so a downloaded workbook loads back to the same definition.
 */
import type { CriterionKind } from '@skills/scoring';
import type { SheetCell } from '../../files/xlsx.ts';
import {
  aggregation,
  choice,
  decimal,
  ENTRANTS,
  GATE_EFFECTS,
  integer,
  json,
  KINDS,
  label,
  ROUNDING_MODES,
  statusList,
  text,
  yesNo,
  type Codec,
} from './codecs.ts';

export type PathSegment = string | number;

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
