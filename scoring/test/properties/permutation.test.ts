/**
 * Permutation invariance (DESIGN.md §3 property tests): shuffling contestants, teams, statuses and
 * marks changes nothing but the listing order of judges within a criterion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Standings } from '../../src/index.ts';
import {
  createScoring,
  cupDefinition,
  json,
  permutationArb,
  shuffleKeepingJudgeOrder,
  toMark,
  SLOW,
  defined,
  cupScenarioArb,
} from './arbitraries.ts';

/**
 * The standings with each criterion's judge marks made order-free: marks as sorted
 * "judge=value" and the multiset of counted values. Which of two equal marks a trim drops
 * follows entry order (aggregate.ts), so `counted` per judge may differ, its values may not.
 */
function judgeOrderFree(s: Standings): unknown {
  const plain = {
    ...s,
    events: s.events.map((e) => ({
      ...e,
      rows: e.rows.map((r) => ({
        competitor: r.competitor,
        name: r.name,
        delegation: r.delegation,
        team: r.team,
        rank: r.rank,
        tie: r.tie,
        status: r.status,
        score: r.score,
        time: r.time,
        deductions: r.deductions,
        flags: r.flags,
        modules: r.modules.map((m) => ({
          ...m,
          criteria: m.criteria.map(({ marks, counted, ...rest }) => ({
            ...rest,
            marks: marks.map((x) => `${x.judge}=${x.value}`).sort(),
            countedValues: marks
              .filter((_, i) => counted[i] === true)
              .map((x) => x.value)
              .sort(),
          })),
        })),
      })),
    })),
  };
  const out: unknown = JSON.parse(JSON.stringify(plain));
  return out;
}

describe('permutation invariance (DESIGN.md §3 property tests)', { timeout: SLOW }, () => {
  it('shuffling contestants, teams, statuses and marks (judges kept in their order per criterion) gives identical standings JSON, with a roster or one inferred from the marks', () => {
    fc.assert(
      fc.property(
        cupScenarioArb.chain((sc) =>
          fc.record({
            sc: fc.constant(sc),
            perm: permutationArb(sc.picks.length),
            contestants: fc.shuffledSubarray([...sc.roster.input.contestants], {
              minLength: sc.roster.ids.length,
              maxLength: sc.roster.ids.length,
            }),
            teams: fc.shuffledSubarray([...sc.roster.input.teams], {
              minLength: sc.roster.input.teams.length,
              maxLength: sc.roster.input.teams.length,
            }),
            statuses: fc.shuffledSubarray(sc.statuses, {
              minLength: sc.statuses.length,
              maxLength: sc.statuses.length,
            }),
            inferred: fc.boolean(),
          }),
        ),
        ({ sc, perm, contestants, teams, statuses, inferred }) => {
          const def = cupDefinition(sc.params);
          const marks = sc.picks.map((p) => toMark(sc.slots, sc.roster.ids, p));
          // With no roster the competitors are taken from the marks, in order of appearance.
          const roster = inferred ? {} : sc.roster.input;
          const a = createScoring(def, { ...roster, marks, statuses: sc.statuses });
          // The engine lists a criterion's marks in the order judges first marked it
          // (EventScorer.load), so this shuffle keeps each (criterion, competitor)'s judge
          // order and moves everything else; the arbitrary shuffle is the next test.
          const b = createScoring(def, {
            ...(inferred ? {} : { contestants, teams }),
            marks: shuffleKeepingJudgeOrder(marks, perm),
            statuses,
          });
          expect(json(b.standings())).toBe(json(a.standings()));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('any shuffle of the marks changes nothing but the listing order of judges within a criterion', () => {
    fc.assert(
      fc.property(
        cupScenarioArb.chain((sc) =>
          fc.record({ sc: fc.constant(sc), perm: permutationArb(sc.picks.length) }),
        ),
        ({ sc, perm }) => {
          const def = cupDefinition(sc.params);
          const marks = sc.picks.map((p) => toMark(sc.slots, sc.roster.ids, p));
          const input = { ...sc.roster.input, statuses: sc.statuses };
          const a = createScoring(def, { ...input, marks });
          const b = createScoring(def, { ...input, marks: perm.map((i) => defined(marks[i])) });
          expect(judgeOrderFree(b.standings())).toEqual(judgeOrderFree(a.standings()));
        },
      ),
      { numRuns: 100 },
    );
  });
});
