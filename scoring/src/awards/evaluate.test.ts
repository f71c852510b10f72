import { describe, expect, it } from 'vitest';
import { parseCompetition, type CompetitionInput } from '../definition/index.ts';
import { Contestant, type ScoringInputFile } from '../input/schema.ts';
import { score } from '../engine/scoring.ts';
import { evaluateAwards, type AwardResult } from './evaluate.ts';

type AwardInput = NonNullable<CompetitionInput['awards']>[number];
type ContestantInput = NonNullable<ScoringInputFile['contestants']>[number];
type Select = AwardInput['select'];

const EVENT = 'ev';

function definition(awards: AwardInput[]): CompetitionInput {
  const points = (id: string): CompetitionInput['events'][number] => ({
    id,
    name: id,
    modules: [{ id: 'm', name: 'M', criteria: [{ id: 'p', name: 'P', kind: 'points', max: 100 }] }],
    team: { method: 'sum' },
  });
  return {
    schemaVersion: 1,
    id: 'c',
    name: 'C',
    events: [points(EVENT), points('ev2')],
    overall: [
      {
        id: 'all',
        name: 'All round',
        scope: 'individual',
        method: { kind: 'weightedSum', events: [{ event: EVENT }, { event: 'ev2' }] },
      },
    ],
    awards,
  };
}

interface Field {
  /** competitor → score in the event "ev" */
  readonly scores: Readonly<Record<string, number>>;
  readonly scores2?: Readonly<Record<string, number>>;
  readonly contestants?: readonly ContestantInput[];
  readonly teams?: ScoringInputFile['teams'];
  readonly statuses?: ScoringInputFile['statuses'];
}

function evaluate(awards: AwardInput[], field: Field): AwardResult[] {
  const parsed = parseCompetition(definition(awards));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
  const marks = (event: string, scores: Readonly<Record<string, number>>) =>
    Object.entries(scores).map(([competitor, value]) => ({
      event,
      criterion: 'p',
      competitor,
      value,
    }));
  const contestants =
    field.contestants ?? Object.keys(field.scores).map((id) => ({ id, attributes: {} }));
  const standings = score(parsed.data, {
    contestants: [...contestants],
    teams: field.teams ?? [],
    marks: [...marks(EVENT, field.scores), ...marks('ev2', field.scores2 ?? {})],
    statuses: field.statuses ?? [],
  });
  if (!standings.success) throw new Error(JSON.stringify(standings.problems));
  return evaluateAwards(
    parsed.data,
    standings.data,
    contestants.map((c) => Contestant.parse(c)),
  );
}

function award(id: string, select: Select, extra: Partial<AwardInput> = {}): AwardInput {
  return { id, name: id, standings: { of: 'event', event: EVENT }, select, ...extra };
}

/** [competitor, rank, eligibleRank] of each nomination of the one award evaluated. */
function nominees(awards: AwardInput[], field: Field, which = 0): [string, number, number][] {
  const r = evaluate(awards, field)[which];
  return (r?.nominations ?? []).map((n) => [n.competitor, n.rank, n.eligibleRank]);
}

function passed(awards: AwardInput[], field: Field, which = 0): [string, number, string][] {
  const r = evaluate(awards, field)[which];
  return (r?.passedOver ?? []).map((p) => [p.competitor, p.rank, p.reason]);
}

const FIVE = { scores: { A: 95, B: 90, C: 85, D: 80, E: 75 } };

describe('evaluateAwards: selection', () => {
  it('selects a rank range (4th-10th → promotion to 技师)', () => {
    expect(nominees([award('r', { kind: 'rankRange', from: 2, to: 4 })], FIVE)).toEqual([
      ['B', 2, 2],
      ['C', 3, 3],
      ['D', 4, 4],
    ]);
  });

  it('carries who, their delegation and the value ranked on', () => {
    const [r] = evaluate([award('r', { kind: 'top', n: 1 })], {
      scores: { A: 95 },
      contestants: [{ id: 'A', name: '王芳', delegation: '国网', attributes: {} }],
    });
    expect(r?.nominations.map((n) => ({ ...n, value: n.value?.toString() }))).toEqual([
      {
        competitor: 'A',
        name: '王芳',
        delegation: '国网',
        rank: 1,
        eligibleRank: 1,
        value: '95',
      },
    ]);
    expect(r?.award).toBe('r');
    expect(r?.standings).toEqual({ of: 'event', event: EVENT });
  });

  it('includes every row tied at the boundary of a top N', () => {
    const field = { scores: { A: 95, B: 90, C: 90, D: 80 } };
    expect(nominees([award('t', { kind: 'top', n: 2 })], field)).toEqual([
      ['A', 1, 1],
      ['B', 2, 2],
      ['C', 2, 2],
    ]);
    expect(nominees([award('t', { kind: 'top', n: 2 }, { moveUp: false })], field)).toEqual([
      ['A', 1, 1],
      ['B', 2, 2],
      ['C', 2, 2],
    ]);
    const first = { scores: { A: 95, B: 95, C: 90 } };
    expect(nominees([award('t', { kind: 'top', n: 1 })], first)).toEqual([
      ['A', 1, 1],
      ['B', 1, 1],
    ]);
  });

  describe('top percent', () => {
    // 8 entered, 7 finishers and one DNS. Of the entrants (参赛人数, the default): 50 % of 8 = 4,
    // 30 % of 8 = 2.4. Of the finishers: 50 % of 7 = 3.5, 30 % of 7 = 2.1.
    const eight = {
      scores: { A: 99, B: 98, C: 97, D: 96, E: 95, F: 94, G: 93, H: 10 },
      statuses: [{ event: EVENT, competitor: 'H', status: 'DNS' as const }],
    };
    it.each<[string | number, 'floor' | 'ceil' | 'halfUp', 'entrants' | 'finishers', number]>([
      [50, 'floor', 'entrants', 4],
      ['30', 'floor', 'entrants', 2],
      ['30', 'ceil', 'entrants', 3],
      [100, 'floor', 'entrants', 7],
      [50, 'floor', 'finishers', 3],
      [50, 'ceil', 'finishers', 4],
      [50, 'halfUp', 'finishers', 4],
      ['30', 'floor', 'finishers', 2],
      ['30', 'ceil', 'finishers', 3],
      ['30', 'halfUp', 'finishers', 2],
      [100, 'floor', 'finishers', 7],
      ['0.1', 'ceil', 'finishers', 1],
      ['0.1', 'floor', 'finishers', 0],
    ])('%s %% rounded %s of the %s → %d places', (percent, rounding, base, places) => {
      const got = nominees([award('p', { kind: 'topPercent', percent, rounding, base })], eight);
      expect(got.map(([c]) => c)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G'].slice(0, places));
    });

    it('counts everyone entered unless told otherwise (2012 人社部: 10/20/30 % of 参赛人数)', () => {
      const got = nominees([award('p', { kind: 'topPercent', percent: 50 })], eight);
      expect(got.map(([c]) => c)).toEqual(['A', 'B', 'C', 'D']);
    });
  });

  it('selects all finishers, never a DNF/DNS/DQ', () => {
    const got = nominees([award('all', { kind: 'all' })], {
      scores: { A: 90, B: 80, C: 70 },
      statuses: [{ event: EVENT, competitor: 'B', status: 'DQ' }],
    });
    expect(got).toEqual([
      ['A', 1, 1],
      ['C', 2, 2],
    ]);
  });

  it('refuses scores below the minimum and says why', () => {
    const awards = [award('m', { kind: 'top', n: 3 }, { minScore: '90' })];
    expect(nominees(awards, FIVE)).toEqual([
      ['A', 1, 1],
      ['B', 2, 2],
    ]);
    expect(passed(awards, FIVE)).toEqual([['C', 3, 'score 85 is below 90']]);
  });
});

describe('evaluateAwards: eligibility and move-up (递补)', () => {
  const people: ContestantInput[] = [
    { id: 'A', delegation: '国网', attributes: { gender: 'M', employee: false } },
    { id: 'B', delegation: '比亚迪', attributes: { gender: 'M', employee: true } },
    { id: 'C', delegation: '国网', attributes: { gender: 'F', employee: 'true' } },
    { id: 'D', delegation: '比亚迪', attributes: { employee: true } },
    { id: 'E', delegation: '国网', attributes: { gender: 'F', employee: true } },
  ];
  const field = { ...FIVE, contestants: people };

  it('best female (女职工标兵): the first eligible moves up to first place', () => {
    const awards = [
      award('f', { kind: 'top', n: 1 }, { eligibility: [{ attribute: 'gender', in: ['F'] }] }),
    ];
    expect(nominees(awards, field)).toEqual([['C', 3, 1]]);
    expect(passed(awards, field)).toEqual([
      ['A', 1, 'gender is M, not F'],
      ['B', 2, 'gender is M, not F'],
    ]);
  });

  it('says when an attribute is not recorded', () => {
    const awards = [
      award('f', { kind: 'top', n: 4 }, { eligibility: [{ attribute: 'gender', in: ['F', 'M'] }] }),
    ];
    expect(passed(awards, field)).toEqual([['D', 4, 'gender is not recorded, not F / M']]);
  });

  it('gives the reason as data too, for callers to word (issue 16: "不是职工")', () => {
    const awards = [
      award('w', { kind: 'top', n: 1 }, { eligibility: [{ attribute: 'employee', in: [true] }] }),
    ];
    expect(evaluate(awards, field)[0]?.passedOver.map((p) => [p.competitor, p.cause])).toEqual([
      ['A', { kind: 'attribute', attribute: 'employee', value: false, allowed: [true] }],
    ]);
  });

  it('matches values across types (true and "true") and needs every filter', () => {
    const awards = [
      award(
        'x',
        { kind: 'all' },
        {
          eligibility: [
            { attribute: 'employee', in: [true] },
            { attribute: 'gender', in: ['F'] },
          ],
        },
      ),
    ];
    expect(nominees(awards, field)).toEqual([
      ['C', 3, 1],
      ['E', 5, 2],
    ]);
  });

  it('filters on the delegation (代表队) from the roster', () => {
    const awards = [
      award(
        'd',
        { kind: 'top', n: 2 },
        { eligibility: [{ attribute: 'delegation', in: ['比亚迪'] }] },
      ),
    ];
    expect(nominees(awards, field)).toEqual([
      ['B', 2, 1],
      ['D', 4, 2],
    ]);
  });

  it('with move-up, the place of an ineligible contestant passes to the next eligible one', () => {
    const awards = [
      award('t', { kind: 'top', n: 3 }, { eligibility: [{ attribute: 'employee', in: [true] }] }),
    ];
    expect(nominees(awards, field)).toEqual([
      ['B', 2, 1],
      ['C', 3, 2],
      ['D', 4, 3],
    ]);
    expect(passed(awards, field)).toEqual([['A', 1, 'employee is false, not true']]);
  });

  it('without move-up, the place stays empty', () => {
    const awards = [
      award(
        't',
        { kind: 'top', n: 3 },
        { moveUp: false, eligibility: [{ attribute: 'employee', in: [true] }] },
      ),
    ];
    expect(nominees(awards, field)).toEqual([
      ['B', 2, 2],
      ['C', 3, 3],
    ]);
    expect(passed(awards, field)).toEqual([['A', 1, 'employee is false, not true']]);
  });

  it('move-up keeps ties shared among the eligible', () => {
    const awards = [
      award('t', { kind: 'top', n: 1 }, { eligibility: [{ attribute: 'employee', in: [true] }] }),
    ];
    const tied = { scores: { A: 95, B: 90, C: 90, D: 80 }, contestants: people.slice(0, 4) };
    expect(nominees(awards, tied)).toEqual([
      ['B', 2, 1],
      ['C', 2, 1],
    ]);
  });

  it('lists who was passed over even when nobody could take the award', () => {
    const awards = [
      award('f', { kind: 'top', n: 1 }, { eligibility: [{ attribute: 'gender', in: ['X'] }] }),
    ];
    expect(nominees(awards, field)).toEqual([]);
    expect(passed(awards, field).map(([c]) => c)).toEqual(['A']);
  });
});

describe('evaluateAwards: exclusive tiers', () => {
  const gold = award('gold', { kind: 'top', n: 1 });

  it('passes over holders of an earlier award, moving the rest up', () => {
    const results = evaluate(
      [gold, award('top3', { kind: 'top', n: 3 }, { exclusiveWith: ['gold'] })],
      FIVE,
    );
    expect(
      results.map((r) => [r.award, r.nominations.map((n) => [n.competitor, n.eligibleRank])]),
    ).toEqual([
      ['gold', [['A', 1]]],
      [
        'top3',
        [
          ['B', 1],
          ['C', 2],
          ['D', 3],
        ],
      ],
    ]);
  });

  it('without move-up, an excluded holder leaves the place empty', () => {
    const awards = [
      gold,
      award('top3', { kind: 'top', n: 3 }, { exclusiveWith: ['gold'], moveUp: false }),
    ];
    expect(nominees(awards, FIVE, 1)).toEqual([
      ['B', 2, 2],
      ['C', 3, 3],
    ]);
  });

  it('an award without exclusiveWith nominates earlier holders again', () => {
    expect(nominees([gold, award('top2', { kind: 'top', n: 2 })], FIVE, 1)).toEqual([
      ['A', 1, 1],
      ['B', 2, 2],
    ]);
  });
});

describe('evaluateAwards: other standings', () => {
  it('reads team standings derived from members', () => {
    const awards = [
      award('team', { kind: 'top', n: 1 }, { standings: { of: 'eventTeams', event: EVENT } }),
    ];
    const field: Field = {
      scores: { A: 95, B: 60, C: 85, D: 80 },
      contestants: ['A', 'B', 'C', 'D'].map((id) => ({ id, attributes: {} })),
      teams: [
        { id: 'T1', members: ['A', 'B'] },
        { id: 'T2', members: ['C', 'D'] },
      ],
    };
    const [r] = evaluate(awards, field);
    expect(r?.nominations.map((n) => [n.competitor, n.rank, n.value?.toString()])).toEqual([
      ['T2', 1, '165'],
    ]);
  });

  it('reads overall standings', () => {
    const awards = [
      award(
        'o',
        { kind: 'top', n: 2 },
        { standings: { of: 'overall', overall: 'all' }, minScore: 150 },
      ),
    ];
    const field = { scores: { A: 95, B: 90, C: 50 }, scores2: { A: 50, B: 70, C: 99 } };
    const [r] = evaluate(awards, field);
    expect(r?.nominations.map((n) => [n.competitor, n.rank, n.value?.toString()])).toEqual([
      ['B', 1, '160'],
    ]);
    expect(r?.passedOver).toEqual([
      {
        competitor: 'C',
        rank: 2,
        reason: 'score 149 is below 150',
        cause: { kind: 'minScore', score: '149', min: '150' },
      },
    ]);
  });
});
