/**
 * Judge aggregation (DESIGN.md §3: mean, median, trimmed mean 裁判组评分, trimmed sum) against a
 * hand computation, exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, Rational, type Aggregation, type MarkInput } from '../../src/index.ts';
import {
  createScoring,
  parseDefinition,
  unitsToDecimal,
  SLOW,
  defined,
  rowOf,
} from './arbitraries.ts';
import { sameFraction } from './fraction.ts';

/** Hand computation: sort, drop k each side, then mean / sum; median of the middle. */
function referenceAggregate(values: readonly number[], a: Aggregation): { n: bigint; d: bigint } {
  const sorted = [...values].sort((x, y) => x - y);
  const sum = (xs: readonly number[]): bigint => xs.reduce((s, x) => s + BigInt(x), 0n);
  switch (a.method) {
    case 'single':
    case 'mean':
      return { n: sum(sorted), d: BigInt(sorted.length) };
    case 'sum':
      return { n: sum(sorted), d: 1n };
    case 'median': {
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1
        ? { n: BigInt(defined(sorted[mid])), d: 1n }
        : { n: BigInt(defined(sorted[mid - 1])) + BigInt(defined(sorted[mid])), d: 2n };
    }
    case 'trimmedMean':
    case 'trimmedSum': {
      const kept = sorted.slice(a.drop, sorted.length - a.drop);
      return { n: sum(kept), d: a.method === 'trimmedMean' ? BigInt(kept.length) : 1n };
    }
  }
}

/** A full panel (more marks than a trim drops) with an aggregation that fits it. */
const panelArb = fc
  .record({ drop: fc.integer({ min: 1, max: 3 }), extra: fc.integer({ min: 1, max: 6 }) })
  .chain(({ drop, extra }) =>
    fc.record({
      values: fc.array(fc.integer({ min: 0, max: 100 }), {
        minLength: 2 * drop + extra,
        maxLength: 2 * drop + extra,
      }),
      aggregation: fc.constantFrom<Aggregation>(
        { method: 'mean' },
        { method: 'median' },
        { method: 'trimmedMean', drop },
        { method: 'trimmedSum', drop },
        { method: 'sum' },
      ),
    }),
  );

describe(
  'judge aggregation (DESIGN.md §3: mean, median, trimmed mean 裁判组评分, trimmed sum)',
  { timeout: SLOW },
  () => {
    it('aggregate(): mean, median and trimmed mean lie within min..max and equal the hand computation exactly', () => {
      fc.assert(
        fc.property(panelArb, ({ values, aggregation }) => {
          const got = aggregate(values, aggregation);
          const ref = referenceAggregate(values, aggregation);
          expect(sameFraction(got.value, ref), `${got.value.toString()} vs ${ref.n}/${ref.d}`).toBe(
            true,
          );
          expect(got.value.equals(Rational.of(ref.n, ref.d))).toBe(true);
          const lo = Rational.int(Math.min(...values));
          const hi = Rational.int(Math.max(...values));
          if (aggregation.method !== 'sum' && aggregation.method !== 'trimmedSum') {
            expect(got.value.cmp(lo)).toBeGreaterThanOrEqual(0);
            expect(got.value.cmp(hi)).toBeLessThanOrEqual(0);
          }
          // Which marks counted: the kept middle, as a multiset.
          const counted = values.filter((_, i) => got.counted[i] === true).sort((a, b) => a - b);
          const sorted = [...values].sort((a, b) => a - b);
          const expectedCounted =
            aggregation.method === 'trimmedMean' || aggregation.method === 'trimmedSum'
              ? sorted.slice(aggregation.drop, sorted.length - aggregation.drop)
              : aggregation.method === 'median'
                ? sorted.slice(
                    Math.floor((sorted.length - 1) / 2),
                    Math.floor(sorted.length / 2) + 1,
                  )
                : sorted;
          expect(counted).toEqual(expectedCounted);
        }),
        { numRuns: 200 },
      );
    });

    it('the engine’s criterion aggregate (its fast path) equals the hand computation on decimal marks, and the score follows', () => {
      fc.assert(
        fc.property(panelArb, ({ values, aggregation }) => {
          const judges = values.length;
          const def = parseDefinition({
            schemaVersion: 1,
            id: 'agg',
            name: 'Agg',
            events: [
              {
                id: 'ev',
                name: 'Ev',
                modules: [
                  {
                    id: 'm',
                    name: 'M',
                    criteria: [
                      {
                        id: 'c',
                        name: 'C',
                        kind: 'points',
                        max: 10,
                        step: 0.1,
                        judges,
                        aggregation,
                      },
                    ],
                  },
                ],
              },
            ],
          });
          const marks: MarkInput[] = values.map((v, i) => ({
            event: 'ev',
            criterion: 'c',
            competitor: 'A',
            judge: `J${i + 1}`,
            value: i % 2 === 0 ? v / 10 : unitsToDecimal(v, 1),
          }));
          const row = rowOf(createScoring(def, { marks }).standings(), 'ev', 'A');
          const c = defined(defined(row.modules[0]).criteria[0]);
          const ref = referenceAggregate(values, aggregation);
          const tenths = { n: ref.n, d: ref.d * 10n };
          expect(sameFraction(defined(c.aggregate), tenths)).toBe(true);
          expect(sameFraction(defined(row.score), tenths)).toBe(true);
          expect(c.counted.filter(Boolean).length).toBe(
            aggregation.method === 'trimmedMean' || aggregation.method === 'trimmedSum'
              ? judges - 2 * aggregation.drop
              : aggregation.method === 'median'
                ? 2 - (judges % 2)
                : judges,
          );
        }),
        { numRuns: 150 },
      );
    });
  },
);
