/**
 * Standard competition ranking (1, 2, 2, 4) over one monotonic sort key, the habit of
 * thewca/wca-live's ranking module: rank = 1 + the number of rows strictly better. Ties are broken
 * by an ordered chain; what is still equal shares the rank, and each row says what separated it
 * from the row above.
 */
import type { Rational } from '../exact/rational.ts';
import type { TieBreak } from '../definition/schema.ts';

/**
 * Ascending is better everywhere: a score to maximise is stored negated. `group` orders
 * finishers (0) before statuses (1, 2, 3 in the event's status order) and unranked rows (9).
 */
export interface SortKey {
  readonly group: number;
  readonly primary: Rational | null;
  readonly tie: readonly (Rational | null)[];
  readonly id: string;
}

export const GROUP_FINISHED = 0;
export const GROUP_PENDING = 9;

function cmpNullable(a: Rational | null, b: Rational | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a.cmp(b);
}

/** How two keys differ: 0 equal in rank, else where: -1 group, -2 primary, k ≥ 1 tie-break k-1. */
function firstDifference(a: SortKey, b: SortKey): { at: number; sign: number } {
  if (a.group !== b.group) return { at: -1, sign: a.group - b.group };
  const p = cmpNullable(a.primary, b.primary);
  if (p !== 0) return { at: -2, sign: p };
  const n = Math.max(a.tie.length, b.tie.length);
  for (let i = 0; i < n; i++) {
    const t = cmpNullable(a.tie[i] ?? null, b.tie[i] ?? null);
    if (t !== 0) return { at: i + 1, sign: t };
  }
  return { at: 0, sign: 0 };
}

/** Total order: better first, then by id so tied rows list reproducibly. */
export function compareKeys(a: SortKey, b: SortKey): number {
  const d = firstDifference(a, b);
  if (d.sign !== 0) return d.sign;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Why a row stands below the one above it. */
export type TieInfo =
  | { readonly kind: 'first' }
  | { readonly kind: 'shared'; readonly with: string }
  | { readonly kind: 'score'; readonly above: string }
  | { readonly kind: 'status'; readonly above: string }
  | {
      readonly kind: 'tieBreak';
      readonly above: string;
      /** Index in the tie-break chain and the rule itself. */
      readonly index: number;
      readonly rule: TieBreak;
      /** The compared values, the row above's first; null where one had no value. */
      readonly values: readonly [string | null, string | null];
    };

export interface Placement {
  readonly rank: number | null;
  readonly tie: TieInfo;
}

/**
 * Ranks keys that are already sorted with compareKeys. `display` turns a tie value back into the
 * number a person compared (undoing the negation of maximised values).
 */
export function placements(
  sorted: readonly SortKey[],
  rules: readonly TieBreak[],
  display: (rule: TieBreak, value: Rational | null) => string | null,
): Placement[] {
  const out: Placement[] = new Array<Placement>(sorted.length);
  let rank = 0;
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i] as SortKey;
    if (i === 0) {
      rank = 1;
      out[i] = { rank: key.group === GROUP_PENDING ? null : 1, tie: { kind: 'first' } };
      continue;
    }
    const above = sorted[i - 1] as SortKey;
    const d = firstDifference(above, key);
    let tie: TieInfo;
    if (d.at === 0) {
      tie = { kind: 'shared', with: above.id };
    } else {
      rank = i + 1;
      if (d.at === -1) tie = { kind: 'status', above: above.id };
      else if (d.at === -2) tie = { kind: 'score', above: above.id };
      else {
        const index = d.at - 1;
        const rule = rules[index] as TieBreak;
        tie = {
          kind: 'tieBreak',
          above: above.id,
          index,
          rule,
          values: [display(rule, above.tie[index] ?? null), display(rule, key.tie[index] ?? null)],
        };
      }
    }
    out[i] = { rank: key.group === GROUP_PENDING ? null : rank, tie };
  }
  return out;
}

/** Index at which `key` would be inserted into `sorted` to keep it sorted. */
export function insertionIndex(sorted: readonly SortKey[], key: SortKey): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid] as SortKey, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
