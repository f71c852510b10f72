/**
 * Judge aggregation for one criterion: several judges' marks (integer units) → one exact value.
 * Sources: Chinese 裁判组评分 drops one highest and one lowest of 5 and averages the rest
 * (domain-rules.md §2.2); diving sums the middle 3 of 7 after dropping 2+2 (§4.1).
 */
import { Rational } from '../exact/rational.ts';
import type { Aggregation } from '../definition/schema.ts';

export interface Aggregate {
  /** The aggregate in the marks' units (may be fractional: a mean of 7, 7, 8 is 22/3). */
  readonly value: Rational;
  /** counted[i] tells whether units[i] entered the value (trimmed marks do not). */
  readonly counted: readonly boolean[];
}

/**
 * Marks dropped at each end. With fewer marks than a full trim needs (an incomplete panel), trim
 * what can be trimmed and keep at least one mark; the sheet is flagged incomplete elsewhere.
 */
function trimmed(n: number, drop: number): number {
  return Math.min(drop, (n - 1) >> 1);
}

/** An aggregate as an integer fraction of units: value = num / den. */
export interface UnitAggregate {
  readonly num: number;
  readonly den: number;
  readonly counted: boolean[];
}

/**
 * The aggregation itself, over n marks read through `at` (no copies: the engine reads its stored
 * marks directly). Trimming and medians order the marks by value, then by position, so which
 * of two equal marks is dropped is reproducible.
 */
export function aggregateUnits(
  n: number,
  at: (i: number) => number,
  aggregation: Aggregation,
): UnitAggregate {
  const counted = new Array<boolean>(n);
  const method = aggregation.method;
  if (method === 'single' || method === 'mean' || method === 'sum') {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      counted[i] = true;
      sum += at(i);
    }
    return { num: sum, den: aggregateDenominator(n, aggregation), counted };
  }
  // Insertion sort of positions by (value, position): panels are small.
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = at(i);
    let j = i - 1;
    while (j >= 0 && at(order[j] as number) > v) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = i;
    counted[i] = false;
  }
  if (method === 'median') {
    const mid = n >> 1;
    const hi = order[mid] as number;
    counted[hi] = true;
    if (n % 2 === 1) return { num: at(hi), den: aggregateDenominator(n, aggregation), counted };
    const lo = order[mid - 1] as number;
    counted[lo] = true;
    return { num: at(lo) + at(hi), den: aggregateDenominator(n, aggregation), counted };
  }
  // With fewer marks than a full trim needs (an incomplete panel), trim what can be trimmed and
  // keep at least one mark; the sheet is flagged incomplete elsewhere.
  const drop = Math.min(aggregation.drop, (n - 1) >> 1);
  let sum = 0;
  for (let k = drop; k < n - drop; k++) {
    const i = order[k] as number;
    counted[i] = true;
    sum += at(i);
  }
  return { num: sum, den: method === 'trimmedMean' ? n - 2 * drop : 1, counted };
}

/**
 * Aggregates one criterion's marks. `units` must be non-empty.
 *
 * @example
 * aggregate([70, 80, 75, 90, 60], { method: 'trimmedMean', drop: 1 }).value // 75 (70, 75, 80 counted)
 */
export function aggregate(units: readonly number[], aggregation: Aggregation): Aggregate {
  const r = aggregateUnits(units.length, (i) => units[i] ?? 0, aggregation);
  return { value: Rational.of(r.num, r.den), counted: r.counted };
}

/** Sorting scratch for aggregateNumerator: panels are small, and the engine is synchronous. */
const scratch: number[] = [];

/**
 * The numerator of aggregateUnits without allocating (the engine's hot path), over the n marks
 * at units[start …]: the aggregate is aggregateNumerator(...) / aggregateDenominator(n, …).
 * Which of two equal marks is trimmed does not change a sum, so values are sorted without their
 * positions.
 */
export function aggregateNumerator(
  units: ArrayLike<number>,
  start: number,
  n: number,
  aggregation: Aggregation,
): number {
  const method = aggregation.method;
  if (method === 'single' || method === 'mean' || method === 'sum') {
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += units[i] as number;
    return sum;
  }
  for (let i = 0; i < n; i++) {
    const v = units[start + i] as number;
    let j = i - 1;
    while (j >= 0 && (scratch[j] as number) > v) {
      scratch[j + 1] = scratch[j] as number;
      j--;
    }
    scratch[j + 1] = v;
  }
  if (method === 'median') {
    const mid = n >> 1;
    return n % 2 === 1
      ? (scratch[mid] as number)
      : (scratch[mid - 1] as number) + (scratch[mid] as number);
  }
  const drop = trimmed(n, aggregation.drop);
  let sum = 0;
  for (let k = drop; k < n - drop; k++) sum += scratch[k] as number;
  return sum;
}

/** The denominator matching aggregateNumerator for n marks. */
export function aggregateDenominator(n: number, aggregation: Aggregation): number {
  switch (aggregation.method) {
    case 'single':
    case 'mean':
      return n;
    case 'sum':
    case 'trimmedSum':
      return 1;
    case 'median':
      return n % 2 === 1 ? 1 : 2;
    case 'trimmedMean':
      return n - 2 * trimmed(n, aggregation.drop);
  }
}
