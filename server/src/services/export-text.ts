/**
 * How exports write a standings row's values for people: decimals at the table's places, and the
 * Chinese (with English) words for statuses, flags and tie-break rules. Shared by the results
 * exports and the nominations workbook.
 */
import { type Competition, type Event as EventDef, type RoundingMode } from '@skills/scoring';
import { type CsvCell } from '../files/csv.ts';
import { decimalText, exactValue } from '../standings/precision.ts';

export type Row = Record<string, unknown>;

/**
 * A number cell at its table's places (the rows already carry them: see standings/precision.ts;
 * a table stored before they did is written at them here).
 */
export function decimalCell(
  value: unknown,
  places: number,
  mode: RoundingMode = 'halfUp',
): CsvCell {
  const text = decimalText(value, places, mode);
  return text === null ? null : { decimal: text };
}

/** A JSON scalar as text ("" for anything else). */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

const STATUS_TEXT: Record<string, string> = {
  ok: '有效 (OK)',
  pending: '待评 (pending)',
  DNF: '未完成 (DNF)',
  DNS: '未出场 (DNS)',
  DQ: '取消资格 (DQ)',
};

export function statusText(status: unknown): string {
  return STATUS_TEXT[str(status)] ?? str(status);
}

const FLAG_TEXT: Record<string, string> = {
  spread: '分差超限 (spread)',
  incomplete: '缺评 (incomplete)',
  gate: '安全否决 (gate)',
};

/** Names of what a tie-break rule can refer to. */
export interface Names {
  readonly modules: ReadonlyMap<string, string>;
  readonly criteria: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, string>;
}

export function namesOf(def: Competition, event?: EventDef): Names {
  return {
    modules: new Map(event?.modules.map((m) => [m.id, m.name]) ?? []),
    criteria: new Map(
      event?.modules.flatMap((m) => m.criteria.map((c) => [c.id, c.name] as const)) ?? [],
    ),
    events: new Map(def.events.map((e) => [e.id, e.name])),
  };
}

/** A tie-break rule in Chinese and in English. */
export function ruleText(rule: Row, names: Names): [string, string] {
  const id = (key: string): string => str(rule[key]);
  switch (rule['by']) {
    case 'module':
      return [
        `模块「${names.modules.get(id('module')) ?? id('module')}」`,
        `module ${id('module')}`,
      ];
    case 'criterion':
      return [
        `评分项「${names.criteria.get(id('criterion')) ?? id('criterion')}」`,
        `criterion ${id('criterion')}`,
      ];
    case 'time':
      return [
        `用时「${names.criteria.get(id('criterion')) ?? id('criterion')}」`,
        `time ${id('criterion')}`,
      ];
    case 'deductions':
      return ['扣分', 'deductions'];
    case 'bestMember':
      return ['最佳队员', 'best member'];
    case 'event':
      return [`赛项「${names.events.get(id('event')) ?? id('event')}」`, `event ${id('event')}`];
    case 'placeCounts':
      return [`名次数 1–${id('places')}`, `places 1–${id('places')} won`];
    default:
      return [str(rule['by']), str(rule['by'])];
  }
}

/**
 * Why a row stands where it does, readably: blank when its score (or status) alone places it,
 * "与 E03 张伟 并列 (tied with E03)" when it shares a rank, or the tie-break link that separated
 * it from the row above with both values.
 */
export function tieText(tie: unknown, label: (id: string) => string, names: Names): string {
  if (tie === null || typeof tie !== 'object') return '';
  const t = tie as Row;
  if (t['kind'] === 'shared') {
    const other = str(t['with']);
    return `与 ${label(other)} 并列 (tied with ${other})`;
  }
  if (t['kind'] !== 'tieBreak') return '';
  const rule = (t['rule'] ?? {}) as Row;
  const values = Array.isArray(t['values']) ? (t['values'] as unknown[]) : [];
  const [zh, en] = ruleText(rule, names);
  const n = Number(t['index'] ?? 0) + 1;
  const above = str(t['above']);
  if (rule['by'] === 'placeCounts') {
    const a = str(values[0]) || '-';
    const b = str(values[1]) || '-';
    return `决胜规则 ${n}：${zh} ${a} > ${b}，次于 ${label(above)} (tie-break ${n}: ${en} ${a} > ${b})`;
  }
  const a = exactValue(values[0]);
  const b = exactValue(values[1]);
  const cmp = a && b ? a.cmp(b) : 0;
  const op = cmp > 0 ? '>' : cmp < 0 ? '<' : 'vs';
  // As the row writes them: at the table's places, or with the digits that tell them apart.
  const av = a ? str(values[0]) : '-';
  const bv = b ? str(values[1]) : '-';
  return `决胜规则 ${n}：${zh} ${label(above)} ${av} ${op} 本行 ${bv} (tie-break ${n}: ${en} ${av} ${op} ${bv})`;
}

export function flagsText(flags: unknown, names: Names): string {
  if (!Array.isArray(flags)) return '';
  return (flags as Row[])
    .filter((f) => f['code'] !== 'status')
    .map((f) => {
      const what = FLAG_TEXT[str(f['code'])] ?? str(f['code']);
      const c = f['criterion'];
      return typeof c === 'string' ? `${what} ${names.criteria.get(c) ?? c}` : what;
    })
    .join('；');
}

export const rankCell = (rank: unknown): CsvCell => (typeof rank === 'number' ? rank : null);
export const textCell = (v: unknown): CsvCell => (typeof v === 'string' && v !== '' ? v : null);
