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

function sortedOrder(units: readonly number[]): number[] {
  // Stable order by value then by position, so which equal mark is "dropped" is reproducible.
  return units.map((_, i) => i).sort((a, b) => (units[a] ?? 0) - (units[b] ?? 0) || a - b);
}

function sumOf(units: readonly number[], counted: readonly boolean[]): number {
  let s = 0;
  for (let i = 0; i < units.length; i++) if (counted[i]) s += units[i] ?? 0;
  return s;
}

/**
 * Aggregates one criterion's marks. `units` must be non-empty.
 *
 * @example
 * aggregate([70, 80, 75, 90, 60], { method: 'trimmedMean', drop: 1 }).value // 75 (70, 75, 80 counted)
 */
export function aggregate(units: readonly number[], aggregation: Aggregation): Aggregate {
  const n = units.length;
  switch (aggregation.method) {
    case 'single':
    case 'mean': {
      const counted = units.map(() => true);
      return { value: Rational.of(sumOf(units, counted), n), counted };
    }
    case 'sum': {
      const counted = units.map(() => true);
      return { value: Rational.int(sumOf(units, counted)), counted };
    }
    case 'median': {
      const order = sortedOrder(units);
      const counted = units.map(() => false);
      const mid = Math.floor(n / 2);
      if (n % 2 === 1) {
        const i = order[mid] ?? 0;
        counted[i] = true;
        return { value: Rational.int(units[i] ?? 0), counted };
      }
      const i = order[mid - 1] ?? 0;
      const j = order[mid] ?? 0;
      counted[i] = true;
      counted[j] = true;
      return { value: Rational.of((units[i] ?? 0) + (units[j] ?? 0), 2), counted };
    }
    case 'trimmedMean':
    case 'trimmedSum': {
      // With fewer marks than a full trim needs (an incomplete panel), trim what can be trimmed
      // and keep at least one mark; the sheet is flagged incomplete elsewhere.
      const drop = Math.min(aggregation.drop, Math.floor((n - 1) / 2));
      const order = sortedOrder(units);
      const counted = units.map(() => false);
      for (let k = drop; k < n - drop; k++) counted[order[k] ?? 0] = true;
      const s = sumOf(units, counted);
      const kept = n - 2 * drop;
      return {
        value: aggregation.method === 'trimmedMean' ? Rational.of(s, kept) : Rational.int(s),
        counted,
      };
    }
  }
}
