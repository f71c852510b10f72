import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TieBreak } from '../definition/schema.ts';
import { Rational } from '../exact/rational.ts';
import {
  compareKeys,
  GROUP_FINISHED,
  GROUP_PENDING,
  insertionIndexBy,
  placements,
  SortKey,
  type TieDisplay,
} from './rank.ts';

const RULES: TieBreak[] = [
  { by: 'module', module: 'practical', order: 'desc' },
  { by: 'time', criterion: 'run' },
];

/** Shows what was compared, un-negating the maximised module score like the engine does. */
const display: TieDisplay = (rule, v) =>
  v === null ? null : (rule.by === 'module' ? v.neg() : v).toString();

/** A finisher with a score to maximise (stored negated) and tie-break values (lower is better). */
function finisher(id: string, score: number | null, ties: (number | null)[] = []): SortKey {
  return new SortKey(
    GROUP_FINISHED,
    score === null ? null : Rational.int(score).neg(),
    id,
    ties.map((t) => (t === null ? null : Rational.int(t))),
    ties.length,
  );
}

function ranked(keys: SortKey[]) {
  const sorted = [...keys].sort(compareKeys);
  return placements(sorted, RULES, display).map((p, i) => ({ id: sorted[i]?.id, ...p }));
}

describe('compareKeys', () => {
  it('orders by group, then primary value, then tie-breaks, then id', () => {
    const keys = [
      new SortKey(GROUP_PENDING, null, 'P', [], 0),
      new SortKey(2, null, 'DNS', [], 0),
      new SortKey(1, null, 'DNF', [], 0),
      finisher('Z', 80),
      finisher('B', 90, [-5]),
      finisher('A', 90, [-5]),
      finisher('C', 90, [-6]),
      finisher('N', null),
    ];
    expect(keys.sort(compareKeys).map((k) => k.id)).toEqual([
      'C',
      'A',
      'B',
      'Z',
      'N',
      'DNF',
      'DNS',
      'P',
    ]);
  });

  it('puts a missing tie-break value after a present one', () => {
    const a = finisher('A', 90, [null]);
    const b = finisher('B', 90, [-1]);
    expect(compareKeys(a, b)).toBeGreaterThan(0);
    expect(compareKeys(b, a)).toBeLessThan(0);
  });

  it('computes lazy tie-break values only when primaries tie', () => {
    let calls = 0;
    const lazy = (id: string, score: number): SortKey =>
      new SortKey(
        GROUP_FINISHED,
        Rational.int(-score),
        id,
        () => {
          calls++;
          return [Rational.ONE];
        },
        1,
      );
    expect(compareKeys(lazy('A', 90), lazy('B', 80))).toBeLessThan(0);
    expect(calls).toBe(0);
    const a = lazy('A', 90);
    compareKeys(a, lazy('B', 90));
    compareKeys(a, lazy('C', 90));
    expect(calls).toBe(3); // once per key, then kept
  });

  it('is a total order: antisymmetric, transitive, zero only for the same key', () => {
    const key = fc
      .record({
        group: fc.constantFrom(GROUP_FINISHED, 1, 2, 3, GROUP_PENDING),
        primary: fc.option(fc.integer({ min: -3, max: 3 })),
        ties: fc.array(fc.option(fc.integer({ min: -2, max: 2 })), { maxLength: 2 }),
        id: fc.constantFrom('A', 'B', 'C', 'D'),
      })
      .map(
        (k) =>
          new SortKey(
            k.group,
            k.primary === null ? null : Rational.int(k.primary),
            k.id,
            k.ties.map((t) => (t === null ? null : Rational.int(t))),
            k.ties.length,
          ),
      );
    fc.assert(
      fc.property(key, key, key, (a, b, c) => {
        expect(Math.sign(compareKeys(a, b))).toBe(-Math.sign(compareKeys(b, a)) || 0);
        if (compareKeys(a, b) <= 0 && compareKeys(b, c) <= 0)
          expect(compareKeys(a, c)).toBeLessThanOrEqual(0);
        if (compareKeys(a, b) === 0) expect(a.id).toBe(b.id);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('placements', () => {
  it('gives standard competition ranks 1, 2, 2, 4 and says why each row stands where it does', () => {
    expect(
      ranked([finisher('D', 80), finisher('C', 85), finisher('B', 85), finisher('A', 90)]),
    ).toEqual([
      { id: 'A', rank: 1, position: 1, tie: { kind: 'first' } },
      { id: 'B', rank: 2, position: 2, tie: { kind: 'score', above: 'A' } },
      { id: 'C', rank: 2, position: 2, tie: { kind: 'shared', with: 'B' } },
      { id: 'D', rank: 4, position: 4, tie: { kind: 'score', above: 'C' } },
    ]);
  });

  it('names the tie-break that separated two equal scores, with both values', () => {
    // B and A tie on 90; practical 66.4 vs 64 (desc) decides; C and D tie through practical,
    // the time decides; E equals D everywhere and shares its rank.
    const rows = ranked([
      finisher('A', 90, [-64, 70]),
      finisher('B', 90, [-66, 75]),
      finisher('C', 80, [-50, 61]),
      finisher('D', 80, [-50, 62]),
      finisher('E', 80, [-50, 62]),
    ]);
    expect(rows.map((r) => [r.id, r.rank, r.tie])).toEqual([
      ['B', 1, { kind: 'first' }],
      ['A', 2, { kind: 'tieBreak', above: 'B', index: 0, rule: RULES[0], values: ['66', '64'] }],
      ['C', 3, { kind: 'score', above: 'A' }],
      ['D', 4, { kind: 'tieBreak', above: 'C', index: 1, rule: RULES[1], values: ['61', '62'] }],
      ['E', 4, { kind: 'shared', with: 'D' }],
    ]);
  });

  it('shows a missing tie-break value as null', () => {
    const rows = ranked([finisher('A', 90, [-64]), finisher('B', 90, [null])]);
    expect(rows[1]?.tie).toEqual({
      kind: 'tieBreak',
      above: 'A',
      index: 0,
      rule: RULES[0],
      values: ['64', null],
    });
  });

  it('ranks statuses after every finisher, and equal statuses share', () => {
    const rows = ranked([
      new SortKey(2, null, 'S1', [], 0),
      new SortKey(1, null, 'F1', [], 0),
      new SortKey(1, null, 'F2', [], 0),
      finisher('A', 10),
    ]);
    expect(rows.map((r) => [r.id, r.rank, r.tie])).toEqual([
      ['A', 1, { kind: 'first' }],
      ['F1', 2, { kind: 'status', above: 'A' }],
      ['F2', 2, { kind: 'shared', with: 'F1' }],
      ['S1', 4, { kind: 'status', above: 'F2' }],
    ]);
  });

  it('leaves pending rows unranked, listed last with their position', () => {
    const rows = ranked([
      new SortKey(GROUP_PENDING, null, 'P2', [], 0),
      new SortKey(GROUP_PENDING, null, 'P1', [], 0),
      finisher('A', 10),
    ]);
    expect(rows).toEqual([
      { id: 'A', rank: 1, position: 1, tie: { kind: 'first' } },
      { id: 'P1', rank: null, position: 2, tie: { kind: 'unranked' } },
      { id: 'P2', rank: null, position: 3, tie: { kind: 'unranked' } },
    ]);
  });

  it('leaves a table of only pending rows unranked', () => {
    const rows = ranked([new SortKey(GROUP_PENDING, null, 'P', [], 0)]);
    expect(rows).toEqual([{ id: 'P', rank: null, position: 1, tie: { kind: 'unranked' } }]);
  });

  it('rank = 1 + the number of rows strictly better', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }),
        (scores) => {
          const keys = scores.map((s, i) => finisher(`c${String(i).padStart(2, '0')}`, s));
          for (const row of ranked(keys)) {
            const mine = scores[Number(row.id?.slice(1))] ?? NaN;
            expect(row.rank).toBe(1 + scores.filter((s) => s > mine).length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('insertionIndexBy', () => {
  it('finds where a key keeps the list sorted', () => {
    const sorted = [finisher('A', 90), finisher('B', 85), finisher('D', 80)];
    expect(insertionIndexBy(sorted.length, (i) => sorted[i] as SortKey, finisher('C', 85))).toBe(2);
    expect(insertionIndexBy(sorted.length, (i) => sorted[i] as SortKey, finisher('A0', 95))).toBe(
      0,
    );
    expect(insertionIndexBy(sorted.length, (i) => sorted[i] as SortKey, finisher('E', 10))).toBe(3);
    expect(
      insertionIndexBy(
        0,
        () => {
          throw new Error('empty');
        },
        finisher('E', 10),
      ),
    ).toBe(0);
  });
});
