/**
 * How each value of the marking scheme (评分细则, issue 16) is written to a spreadsheet cell and
 * read back from one: text, decimals, integers, yes/no, JSON for parts too structured for one
 * cell, and enumerations written in Chinese and read in Chinese or by the engine's English code.
 * A cell that does not read answers a CellFault, worded in both languages.
 */
import type { SheetCell } from '../../files/xlsx.ts';

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

export const ROUNDING_MODES: readonly Choice[] = [
  ['halfUp', '四舍五入'],
  ['truncate', '截断'],
  ['halfEven', '银行家舍入'],
];

export const GATE_EFFECTS: readonly Choice[] = [
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
