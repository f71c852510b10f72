/**
 * Standard competition ranking (1, 2, 2, 4) over one monotonic sort key, the habit of
 * thewca/wca-live's ranking module: rank = 1 + the number of rows strictly better. Ties are broken
 * by an ordered chain; what is still equal shares the rank, and each row says what separated it
 * from the row above.
 */
import type { Rational } from '../exact/rational.ts';
import type { Status, TieBreak } from '../definition/schema.ts';

/**
 * Ascending is better everywhere: a score to maximise is stored negated. `group` orders
 * finishers (0) before statuses (1, 2, 3 in the event's status order) and unranked rows (9).
 */
export class SortKey {
  readonly group: number;
  readonly primary: Rational | null;
  /** primary as the nearest float: only used where it decides beyond doubt (firstDifference). */
  readonly approx: number;
  readonly id: string;
  /** Number of tie-break values. */
  readonly tieCount: number;
  /** Per tie-break: 1 when the lower value is better, -1 when the higher is; all 1 if absent. */
  readonly signs: readonly number[] | undefined;
  #ties: readonly (Rational | null)[] | (() => readonly (Rational | null)[]);

  /**
   * `ties` may be a function: tie-break values are then computed the first time a comparison
   * needs them, which in a full recompute is only for rows whose primary value ties.
   */
  constructor(
    group: number,
    primary: Rational | null,
    id: string,
    ties: readonly (Rational | null)[] | (() => readonly (Rational | null)[]),
    tieCount: number,
    signs?: readonly number[],
  ) {
    this.signs = signs;
    this.group = group;
    this.primary = primary;
    // Finite always: beyond the float range the order is still right, ties go to exact.
    this.approx = primary
      ? Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, primary.toNumber()))
      : 0;
    this.id = id;
    this.tieCount = tieCount;
    this.#ties = ties;
  }

  tie(i: number): Rational | null {
    if (typeof this.#ties === 'function') this.#ties = this.#ties();
    return this.#ties[i] ?? null;
  }
}

export const GROUP_FINISHED = 0;
export const GROUP_PENDING = 9;

/** The sort group of a row's status: finishers, then DNF/DNS/DQ in the event's order, then unranked. */
export function groupOf(status: 'ok' | 'pending' | Status, order: readonly Status[]): number {
  if (status === 'ok') return GROUP_FINISHED;
  if (status === 'pending') return GROUP_PENDING;
  return 1 + order.indexOf(status);
}

/** The later of two statuses in the event's status order (the worse one). */
export function worse(a: Status | null, b: Status, order: readonly Status[]): Status {
  return a === null || order.indexOf(b) > order.indexOf(a) ? b : a;
}

function cmpNullable(a: Rational | null, b: Rational | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a.cmp(b);
}

/**
 * Where two keys first differ, signed by which is better: 0 when equal in rank; ±1 group,
 * ±2 primary, ±(3 + k) tie-break k; negative when a is better. Allocation-free: it runs inside
 * every sort comparison.
 */
function firstDifference(a: SortKey, b: SortKey): number {
  if (a.group !== b.group) return a.group < b.group ? -1 : 1;
  if (a.primary !== null && b.primary !== null) {
    // Floats of two fractions are each within 4 ulp of exact; a gap far wider than that orders
    // them for certain, and anything closer is compared exactly.
    const gap = a.approx - b.approx;
    const tolerance = Math.max(Math.abs(a.approx), Math.abs(b.approx)) * 1e-12;
    if (gap > tolerance) return 2;
    if (gap < -tolerance) return -2;
  }
  const p = cmpNullable(a.primary, b.primary);
  if (p !== 0) return p * 2;
  const n = Math.max(a.tieCount, b.tieCount);
  for (let i = 0; i < n; i++) {
    const x = a.tie(i);
    const y = b.tie(i);
    // A missing value comes last whichever way the tie-break runs.
    const t = x === null ? (y === null ? 0 : 1) : y === null ? -1 : x.cmp(y) * (a.signs?.[i] ?? 1);
    if (t !== 0) return t * (3 + i);
  }
  return 0;
}

/** Whether two keys' floats are too close to order them by the floats alone. */
function close(a: SortKey, b: SortKey): boolean {
  return (
    a.group === b.group &&
    Math.abs(a.approx - b.approx) <= Math.max(Math.abs(a.approx), Math.abs(b.approx)) * 1e-12
  );
}

/**
 * Sorts items by their keys in compareKeys order: first by group and float (a cheap numeric
 * comparison), then exactly within each run of keys whose floats are too close to trust. Keys in
 * different runs are more than any rounding apart, so their order is already certain. Returns
 * the same array.
 */
export function sortByKey<T>(items: T[], keyOf: (item: T) => SortKey): T[] {
  items.sort((x, y) => {
    const a = keyOf(x);
    const b = keyOf(y);
    return a.group - b.group || a.approx - b.approx;
  });
  let start = 0;
  for (let i = 1; i <= items.length; i++) {
    if (i < items.length && close(keyOf(items[i - 1] as T), keyOf(items[i] as T))) continue;
    if (i - start > 1) {
      const run = items.slice(start, i).sort((x, y) => compareKeys(keyOf(x), keyOf(y)));
      for (let k = 0; k < run.length; k++) items[start + k] = run[k] as T;
    }
    start = i;
  }
  return items;
}

/** Total order: better first, then by id so tied rows list reproducibly. */
export function compareKeys(a: SortKey, b: SortKey): number {
  const d = firstDifference(a, b);
  if (d !== 0) return d;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Why a row stands below the one above it. */
export type TieInfo =
  | { readonly kind: 'first' }
  /** Nothing entered yet: listed after everyone, without a rank. */
  | { readonly kind: 'unranked' }
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
  /** The rank this row would have if ranked (pending rows have none); ties share it. */
  readonly position: number;
  readonly tie: TieInfo;
}

const UNRANKED: TieInfo = { kind: 'unranked' };

export type TieDisplay = (rule: TieBreak, value: Rational | null) => string | null;

/**
 * The placement of the key at index i of a sorted list, given the key above it and the
 * placement of that key. Standard competition ranking: a row tied with the one above shares its
 * rank; otherwise its rank is its position (1 + the number of rows strictly better). Pending
 * rows are placed but not ranked.
 */
export function placeAfter(
  above: SortKey | undefined,
  abovePlace: Placement | undefined,
  key: SortKey,
  i: number,
  rules: readonly TieBreak[],
  display: TieDisplay,
): Placement {
  if (key.group === GROUP_PENDING) return { rank: null, position: i + 1, tie: UNRANKED };
  if (above === undefined || abovePlace === undefined) {
    return { rank: 1, position: 1, tie: { kind: 'first' } };
  }
  const d = Math.abs(firstDifference(above, key));
  if (d === 0) {
    const position = abovePlace.position;
    return { rank: position, position, tie: { kind: 'shared', with: above.id } };
  }
  const position = i + 1;
  let tie: TieInfo;
  if (d === 1) tie = { kind: 'status', above: above.id };
  else if (d === 2) tie = { kind: 'score', above: above.id };
  else {
    const index = d - 3;
    const rule = rules[index] as TieBreak;
    tie = {
      kind: 'tieBreak',
      above: above.id,
      index,
      rule,
      values: [display(rule, above.tie(index)), display(rule, key.tie(index))],
    };
  }
  return { rank: position, position, tie };
}

/** Ranks keys that are already sorted with compareKeys. */
export function placements(
  sorted: readonly SortKey[],
  rules: readonly TieBreak[],
  display: TieDisplay,
): Placement[] {
  const out = new Array<Placement>(sorted.length);
  let previous: Placement | undefined;
  for (let i = 0; i < sorted.length; i++) {
    previous = placeAfter(sorted[i - 1], previous, sorted[i] as SortKey, i, rules, display);
    out[i] = previous;
  }
  return out;
}

/** Index at which `key` would be inserted into a sorted list read through `at`. */
export function insertionIndexBy(length: number, at: (i: number) => SortKey, key: SortKey): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(at(mid), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
