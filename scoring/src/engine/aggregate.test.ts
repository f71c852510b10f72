import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Aggregation } from '../definition/schema.ts';
import { Rational } from '../exact/rational.ts';
import {
  aggregate,
  aggregateDenominator,
  aggregateNumerator,
  aggregateUnits,
} from './aggregate.ts';

const T = true;
const F = false;

function value(units: readonly number[], aggregation: Aggregation): string {
  return aggregate(units, aggregation).value.toString();
}

describe('aggregate', () => {
  it('single takes the one mark', () => {
    expect(aggregate([7], { method: 'single' })).toEqual({
      value: Rational.int(7),
      counted: [T],
    });
  });

  it('mean keeps the exact fraction (7, 7, 8 → 22/3)', () => {
    expect(aggregate([7, 7, 8], { method: 'mean' })).toEqual({
      value: Rational.of(22, 3),
      counted: [T, T, T],
    });
  });

  it('sum adds every mark', () => {
    expect(value([1, 2, 3, -1], { method: 'sum' })).toBe('5');
  });

  it('median of an odd panel is the middle mark', () => {
    expect(aggregate([3, 1, 2], { method: 'median' })).toEqual({
      value: Rational.int(2),
      counted: [F, F, T],
    });
  });

  it('median of an even panel is the mean of the two middle marks', () => {
    expect(aggregate([4, 1, 3, 2], { method: 'median' })).toEqual({
      value: Rational.of(5, 2),
      counted: [F, F, T, T],
    });
  });

  it('裁判组评分: 5 judges, the highest and lowest dropped, mean of the rest (domain-rules §2.2)', () => {
    // 8.5, 9.0, 8.0, 9.5, 7.5 in tenths: 9.5 and 7.5 dropped → (8.5 + 9.0 + 8.0) / 3 = 8.5
    expect(aggregate([85, 90, 80, 95, 75], { method: 'trimmedMean', drop: 1 })).toEqual({
      value: Rational.int(85),
      counted: [T, T, T, F, F],
    });
    expect(value([70, 80, 75, 90, 60], { method: 'trimmedMean', drop: 1 })).toBe('75');
    expect(value([70, 80, 75, 90, 61], { method: 'trimmedMean', drop: 1 })).toBe('75');
    expect(value([71, 80, 75, 90, 60], { method: 'trimmedMean', drop: 1 })).toBe('226/3');
  });

  it('diving: 7 judges drop 2 + 2, sum of the middle 3 (7.5,7.0,7.5,7.0,7.5,8.0,6.5 → 22.0; §4.1)', () => {
    const r = aggregate([75, 70, 75, 70, 75, 80, 65], { method: 'trimmedSum', drop: 2 });
    expect(r.value.divInt(10).toString()).toBe('22');
    // sorted 6.5 (#7), 7.0 (#2), 7.0 (#4), 7.5 (#1), 7.5 (#3), 7.5 (#5), 8.0 (#6): the first
    // two and the last two go; of equal marks the earlier judge sorts first.
    expect(r.counted).toEqual([T, F, T, T, F, F, F]);
  });

  it('drops equal marks reproducibly: earlier judges sort first', () => {
    expect(aggregate([8, 8, 8, 8, 8], { method: 'trimmedMean', drop: 1 }).counted).toEqual([
      F,
      T,
      T,
      T,
      F,
    ]);
    expect(aggregate([5, 5, 5], { method: 'median' }).counted).toEqual([F, T, F]);
  });

  describe('an incomplete panel (fewer marks than a full trim needs)', () => {
    it('trims what it can and keeps at least one mark', () => {
      expect(aggregate([8, 6], { method: 'trimmedMean', drop: 1 })).toEqual({
        value: Rational.int(7),
        counted: [T, T],
      });
      expect(aggregate([9], { method: 'trimmedMean', drop: 2 })).toEqual({
        value: Rational.int(9),
        counted: [T],
      });
      // 4 of 7 diving marks: drop 1 + 1, sum of the middle 2
      expect(aggregate([75, 70, 80, 65], { method: 'trimmedSum', drop: 2 })).toEqual({
        value: Rational.int(145),
        counted: [T, T, F, F],
      });
      // 3 marks, drop 2: one each side, the middle one stays
      expect(value([1, 9, 5], { method: 'trimmedSum', drop: 2 })).toBe('5');
    });
  });
});

describe('aggregateNumerator and aggregateDenominator', () => {
  const aggregations: Aggregation[] = [
    { method: 'single' },
    { method: 'mean' },
    { method: 'median' },
    { method: 'sum' },
    { method: 'trimmedMean', drop: 1 },
    { method: 'trimmedMean', drop: 2 },
    { method: 'trimmedSum', drop: 1 },
    { method: 'trimmedSum', drop: 2 },
    { method: 'trimmedSum', drop: 3 },
  ];

  it('give the worked examples', () => {
    const diving = [75, 70, 75, 70, 75, 80, 65];
    const trimmed: Aggregation = { method: 'trimmedSum', drop: 2 };
    expect(aggregateNumerator(diving, 0, 7, trimmed)).toBe(220);
    expect(aggregateDenominator(7, trimmed)).toBe(1);
    // a slice in the middle of a longer array, as the engine's mark tables store them
    const panel = new Float64Array([0, 0, 85, 90, 80, 95, 75, 0]);
    const mean: Aggregation = { method: 'trimmedMean', drop: 1 };
    expect([aggregateNumerator(panel, 2, 5, mean), aggregateDenominator(5, mean)]).toEqual([
      255, 3,
    ]);
    expect(aggregateDenominator(4, { method: 'median' })).toBe(2);
    expect(aggregateDenominator(2, { method: 'trimmedMean', drop: 1 })).toBe(2);
  });

  it('agree with aggregate on any panel (numerator ÷ denominator = value)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 11 }),
        fc.constantFrom(...aggregations),
        (units, aggregation) => {
          const num = aggregateNumerator(units, 0, units.length, aggregation);
          const den = aggregateDenominator(units.length, aggregation);
          expect(Rational.of(num, den).equals(aggregate(units, aggregation).value)).toBe(true);
          const viaAt = aggregateUnits(units.length, (i) => units[i] ?? NaN, aggregation);
          expect(Rational.of(viaAt.num, viaAt.den).equals(Rational.of(num, den))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('count as many marks as the aggregate says it counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 11 }),
        fc.constantFrom(...aggregations),
        (units, aggregation) => {
          const { counted } = aggregate(units, aggregation);
          const n = counted.filter(Boolean).length;
          const m = aggregation.method;
          if (m === 'trimmedMean') expect(n).toBe(aggregateDenominator(units.length, aggregation));
          if (m === 'mean' || m === 'sum' || m === 'single') expect(n).toBe(units.length);
          if (m === 'median') expect(n).toBe(units.length % 2 === 1 ? 1 : 2);
          // the counted marks add up to the numerator
          const sum = units.reduce((s, u, i) => (counted[i] ? s + u : s), 0);
          expect(sum).toBe(aggregateNumerator(units, 0, units.length, aggregation));
        },
      ),
      { numRuns: 300 },
    );
  });
});
