/**
 * Standard competition ranking (1, 2, 2, 4), DESIGN.md §3 property tests: rank = 1 + number
 * strictly better, equal totals ⇔ equal rank, pending unranked, DNF/DNS/DQ after finishers in
 * statusOrder; with a tie-break chain, the chain decides in order and each row names what
 * separated it from the row above.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CriterionResult, EventRow, Rational, RowStatus, Status } from '../../src/index.ts';
import {
  createScoring,
  cupDefinition,
  sheetArb,
  parseDefinition,
  pointsSlot,
  countSlot,
  rosterArb,
  statusEntryArb,
  statusOrderArb,
  timeSlot,
  toMark,
  type MarkSlot,
  SLOW,
  defined,
  rowOf,
  cupScenarioArb,
} from './arbitraries.ts';

/**
 * "plain": no tie-break chains anywhere, so ranks follow from totals alone.
 * sc: two points criteria (one a 2-judge mean); sw: weighted 40/60 modules (fractional scores);
 * tm: ranked by time with 0.5 s penalties, times entered at 1 decimal (truncated);
 * team standings (sum, slowest) and overall tables of every kind.
 */
function plainDefinition(scoreOrder: readonly Status[], timeOrder: readonly Status[]) {
  return parseDefinition({
    schemaVersion: 1,
    id: 'plain',
    name: 'Plain',
    events: [
      {
        id: 'sc',
        name: 'Score',
        statusOrder: [...scoreOrder],
        modules: [
          {
            id: 'm',
            name: 'M',
            criteria: [
              { id: 'a', name: 'A', kind: 'points', max: 5, judges: 1 },
              { id: 'b', name: 'B', kind: 'points', max: 5, step: 0.5, judges: 2 },
            ],
          },
        ],
        team: { method: 'sum' },
      },
      {
        id: 'sw',
        name: 'Weighted',
        statusOrder: [...scoreOrder],
        modules: [
          {
            id: 'x',
            name: 'X',
            weight: 40,
            criteria: [{ id: 'a', name: 'A', kind: 'points', max: 3, judges: 1 }],
          },
          {
            id: 'y',
            name: 'Y',
            weight: 60,
            criteria: [{ id: 'b', name: 'B', kind: 'points', max: 7, judges: 1 }],
          },
        ],
      },
      {
        id: 'tm',
        name: 'Timed',
        rankBy: { by: 'time', criterion: 'rt' },
        statusOrder: [...timeOrder],
        modules: [
          {
            id: 'm',
            name: 'M',
            criteria: [
              { id: 'rt', name: 'Run', kind: 'time', precision: 1, judges: 1 },
              {
                id: 'pen',
                name: 'Penalty',
                kind: 'penalty',
                time: 'rt',
                secondsPerItem: 0.5,
                maxItems: 3,
                judges: 1,
              },
            ],
          },
        ],
        team: { method: 'slowest' },
      },
    ],
    overall: [
      {
        id: 'o1',
        name: 'Weighted sum',
        scope: 'individual',
        method: {
          kind: 'weightedSum',
          events: [{ event: 'sc' }, { event: 'sw', weight: 2 }],
        },
      },
      {
        id: 'o2',
        name: 'Sum of ranks',
        scope: 'individual',
        method: { kind: 'rankPoints', events: ['sc', 'tm'], points: { kind: 'rank' } },
      },
      {
        id: 'o3',
        name: 'Delegations',
        scope: 'delegation',
        method: {
          kind: 'rankPoints',
          events: ['sc', 'sw', 'tm'],
          points: { kind: 'table', values: [5, 3, 1] },
        },
      },
      {
        id: 'o4',
        name: 'Teams',
        scope: 'team',
        method: { kind: 'rankPoints', events: ['sc', 'tm'], points: { kind: 'reverseRank' } },
      },
    ],
  });
}

const PLAIN_SLOTS: readonly MarkSlot[] = [
  pointsSlot('sc', 'a', ['J1'], 1, 5, 0),
  pointsSlot('sc', 'b', ['J1', 'J2'], 5, 50, 1),
  pointsSlot('sw', 'a', ['J1'], 1, 3, 0),
  pointsSlot('sw', 'b', ['J1'], 1, 7, 0),
  timeSlot('tm', 'rt', ['J1'], true),
  countSlot('tm', 'pen', ['J1'], 3),
];

interface RankedLike {
  readonly competitor: string;
  readonly rank: number | null;
  readonly status: RowStatus;
  readonly tie: { readonly kind: string };
}

function isStatus(s: RowStatus): s is Status {
  return s !== 'ok' && s !== 'pending';
}

/**
 * Standard competition ranking (1, 2, 2, 4), DESIGN.md §3, with an empty tie-break chain:
 * a finisher's rank is 1 + the number of finishers strictly better; a DNF/DNS/DQ ranks after
 * every finisher and after the statuses before its own in statusOrder; pending is unranked.
 * `cmp(a, b) < 0` when finisher a is strictly better than finisher b.
 */
function expectStandardRanking<R extends RankedLike>(
  rows: readonly R[],
  cmp: (a: R, b: R) => number,
  statusOrder: readonly Status[],
): void {
  const finishers = rows.filter((r) => r.status === 'ok');
  for (const r of rows) {
    if (r.status === 'pending') {
      expect(r.rank, `${r.competitor} is pending`).toBeNull();
      expect(r.tie.kind).toBe('unranked');
    } else if (r.status === 'ok') {
      const better = finishers.filter((o) => cmp(o, r) < 0).length;
      expect(r.rank, `${r.competitor}: 1 + ${better} strictly better`).toBe(1 + better);
    } else if (isStatus(r.status)) {
      const mine = statusOrder.indexOf(r.status);
      const before = rows.filter(
        (o) => isStatus(o.status) && statusOrder.indexOf(o.status) < mine,
      ).length;
      expect(r.rank, `${r.competitor} (${r.status})`).toBe(1 + finishers.length + before);
    }
  }
  // Equal totals ⇔ equal rank among finishers.
  for (const a of finishers)
    for (const b of finishers) expect(a.rank === b.rank).toBe(cmp(a, b) === 0);
  // Listed best first, pending last; a row shares its rank with the row above iff tied.
  let previous: R | undefined;
  for (const r of rows) {
    if (previous) {
      if (r.rank !== null) {
        expect(previous.rank).not.toBeNull();
        expect(r.rank).toBeGreaterThanOrEqual(defined(previous.rank));
      }
      expect(r.tie.kind === 'shared').toBe(r.rank !== null && r.rank === previous.rank);
    }
    previous = r;
  }
}

function byScore<R extends { readonly score: Rational | null }>(a: R, b: R): number {
  return defined(b.score, 'score').cmp(defined(a.score, 'score'));
}

function byTime<R extends { readonly time: Rational | null }>(a: R, b: R): number {
  return defined(a.time, 'time').cmp(defined(b.time, 'time'));
}

describe('standard competition ranking (1, 2, 2, 4), DESIGN.md §3', { timeout: SLOW }, () => {
  it('rank = 1 + number strictly better, equal totals ⇔ equal rank, pending unranked, DNF/DNS/DQ after finishers in statusOrder (events, teams, overall)', () => {
    fc.assert(
      fc.property(
        rosterArb(2, 12).chain((roster) =>
          fc.record({
            roster: fc.constant(roster),
            scoreOrder: statusOrderArb,
            timeOrder: statusOrderArb,
            picks: sheetArb(PLAIN_SLOTS, roster.ids.length),
            statuses: fc.array(statusEntryArb(['sc', 'sw', 'tm'], roster.ids), { maxLength: 4 }),
          }),
        ),
        ({ roster, scoreOrder, timeOrder, picks, statuses }) => {
          const def = plainDefinition(scoreOrder, timeOrder);
          const s = createScoring(def, {
            ...roster.input,
            marks: picks.map((p) => toMark(PLAIN_SLOTS, roster.ids, p)),
            statuses,
          }).standings();
          for (const ev of s.events) {
            const order = defined(def.events.find((e) => e.id === ev.event)).statusOrder;
            const cmp = ev.rankBy === 'time' ? byTime : byScore;
            expectStandardRanking(ev.rows, cmp, order);
            // Only a finisher carries a number to rank by.
            for (const r of ev.rows) {
              expect(r.score !== null).toBe(r.status === 'ok');
              expect(r.time !== null).toBe(r.status === 'ok' && ev.rankBy === 'time');
            }
            if (ev.teams) {
              expectStandardRanking(ev.teams, cmp, order);
              // A team lists its members as they stand in the event.
              for (const t of ev.teams) {
                for (const m of t.members) {
                  const r = rowOf(s, ev.event, m.competitor);
                  expect([m.status, m.rank, m.score, m.time]).toEqual([
                    r.status,
                    r.rank,
                    r.score,
                    r.time,
                  ]);
                }
              }
            }
          }
          for (const o of s.overall) {
            expect(o.rows.every((r) => r.status === 'ok' || r.status === 'pending')).toBe(true);
            expectStandardRanking(
              o.rows,
              (a, b) => (o.lowerIsBetter ? a.total.cmp(b.total) : b.total.cmp(a.total)),
              [],
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('with a tie-break chain: rank = 1 + number strictly better by (total, then each tie-break in order); rows equal on all share the rank; each row names what separated it from the row above', () => {
    fc.assert(
      fc.property(cupScenarioArb, (sc) => {
        const def = cupDefinition(sc.params);
        const s = createScoring(def, {
          ...sc.roster.input,
          marks: sc.picks.map((p) => toMark(sc.slots, sc.roster.ids, p)),
          statuses: sc.statuses,
        }).standings();
        for (const ev of s.events) {
          const finishers = ev.rows.filter((r) => r.status === 'ok');
          const key = (r: EventRow): (Rational | null)[] => [
            ev.rankBy === 'time' ? r.time : defined(r.score).neg(),
            ...cupTieValues(ev.event, r),
          ];
          for (const r of finishers) {
            const better = finishers.filter((o) => lexicographic(key(o), key(r)) < 0).length;
            expect(r.rank, `${ev.event} ${r.competitor}`).toBe(1 + better);
          }
          finishers.forEach((r, i) => {
            const above = finishers[i - 1];
            if (!above) return;
            const at = firstDifference(key(above), key(r));
            const expected = at < 0 ? 'shared' : at === 0 ? 'score' : `tieBreak:${at - 1}`;
            const tie = r.tie.kind === 'tieBreak' ? `tieBreak:${r.tie.index}` : r.tie.kind;
            expect(tie, `${ev.event} ${r.competitor} below ${above.competitor}`).toBe(expected);
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * The cup's tie-break values read from a row's explanation, oriented so that lower is better,
 * null (no value) last: skill [practical module desc, deductions asc, criterion th desc]; race
 * [time t]; sprint [criterion pen asc: fewer penalty items].
 */
function cupTieValues(event: string, r: EventRow): (Rational | null)[] {
  const criterion = (id: string): CriterionResult | undefined =>
    r.modules.flatMap((m) => m.criteria).find((c) => c.criterion === id);
  switch (event) {
    case 'skill':
      return [
        defined(r.modules.find((m) => m.module === 'practical')).score.neg(),
        r.deductions,
        criterion('th')?.points?.neg() ?? null,
      ];
    case 'race':
      return [criterion('t')?.time?.final ?? null];
    case 'sprint':
      return [criterion('pen')?.aggregate ?? null];
    default:
      throw new Error(`no tie-breaks known for ${event}`);
  }
}

function compareNullable(a: Rational | null, b: Rational | null): number {
  if (a === null) return b === null ? 0 : 1;
  return b === null ? -1 : a.cmp(b);
}

/** Index of the first link where a and b differ, or -1. */
function firstDifference(a: readonly (Rational | null)[], b: readonly (Rational | null)[]): number {
  return a.findIndex((x, i) => compareNullable(x, b[i] ?? null) !== 0);
}

function lexicographic(a: readonly (Rational | null)[], b: readonly (Rational | null)[]): number {
  const i = firstDifference(a, b);
  return i < 0 ? 0 : compareNullable(a[i] ?? null, b[i] ?? null);
}
