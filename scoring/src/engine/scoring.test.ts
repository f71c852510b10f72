import { describe, expect, it } from 'vitest';
import { parseCompetition, type Competition, type CompetitionInput } from '../definition/index.ts';
import type { MarkInput, ScoringInputFile } from '../input/schema.ts';
import type { PathSegment } from '../problem.ts';
import type { Standings } from './rows.ts';
import { Scoring, score } from './scoring.ts';

/**
 * "ev": a 3-judge criterion p (0..10 by 0.5, mean) and a single-mark criterion s (0..10).
 * "run": ranked by time t, with a penalty of 3 s per item.
 */
function definition(extra: Partial<CompetitionInput['events'][number]> = {}): Competition {
  const input: CompetitionInput = {
    schemaVersion: 1,
    id: 'c',
    name: 'C',
    events: [
      {
        id: 'ev',
        name: 'Ev',
        modules: [
          {
            id: 'm',
            name: 'M',
            criteria: [
              { id: 'p', name: 'P', kind: 'points', max: 10, step: 0.5, judges: 3 },
              { id: 's', name: 'S', kind: 'points', max: 10, aggregation: { method: 'single' } },
            ],
          },
        ],
        ...extra,
      },
      {
        id: 'run',
        name: 'Run',
        rankBy: { by: 'time', criterion: 't' },
        modules: [
          {
            id: 'm',
            name: 'M',
            criteria: [
              { id: 't', name: 'T', kind: 'time' },
              { id: 'pen', name: 'Pen', kind: 'penalty', time: 't', secondsPerItem: 3 },
            ],
          },
        ],
      },
    ],
  };
  const r = parseCompetition(input);
  if (!r.success) throw new Error(JSON.stringify(r.problems));
  return r.data;
}

const DEF = definition();
const contestants = ['A', 'B', 'C', 'D'].map((id) => ({ id }));

function mark(
  competitor: string,
  judge: string,
  value: number | string,
  criterion = 'p',
): MarkInput {
  return { event: 'ev', criterion, competitor, judge, value };
}

/** A: 8, 8, 9 → 25/3; B: 9, 9, 9 → 9; C: 7 from one judge; D: nothing yet. */
const MARKS: MarkInput[] = [
  mark('A', 'J1', 8),
  mark('A', 'J2', 8),
  mark('A', 'J3', 9),
  mark('B', 'J1', 9),
  mark('B', 'J2', 9),
  mark('B', 'J3', 9),
  mark('C', 'J1', 7),
];

function create(input: ScoringInputFile, def: Competition = DEF): Scoring {
  const r = Scoring.create(def, input);
  if (!r.success) throw new Error(JSON.stringify(r.problems));
  return r.data;
}

function rows(s: Standings, event = 'ev'): [string, number | null, string, string | null][] {
  const ev = s.events.find((e) => e.event === event);
  return (ev?.rows ?? []).map((r) => [
    r.competitor,
    r.rank,
    r.status,
    (r.time ?? r.score)?.toString() ?? null,
  ]);
}

function problemsOf(def: Competition, input: ScoringInputFile): [readonly PathSegment[], string][] {
  const r = Scoring.create(def, input);
  if (r.success) throw new Error('expected problems');
  return r.problems.map((p) => [p.path, p.code]);
}

describe('Scoring.create', () => {
  it('scores every event from the marks', () => {
    const s = create({ contestants, marks: MARKS }).standings();
    expect(rows(s)).toEqual([
      ['B', 1, 'ok', '9'],
      ['A', 2, 'ok', '25/3'],
      ['C', 3, 'ok', '7'],
      ['D', null, 'pending', null],
    ]);
    expect(s.competition).toBe('c');
  });

  it('reports every bad mark of the input together, each with its path', () => {
    const marks: unknown[] = [
      mark('A', 'J1', 8), // 0 fine
      { ...mark('A', 'J1', 8), event: 'nope' }, // 1
      mark('A', 'J2', 8, 'zz'), // 2
      mark('A', 'J2', 10.5), // 3
      mark('X', 'J1', 8), // 4
      mark('A', 'J1', 9), // 5 J1 again
      mark('B', 'J1', 8),
      mark('B', 'J2', 8),
      mark('B', 'J3', 8),
      mark('B', 'J4', 8), // 9 a fourth judge on a panel of 3
      mark('B', 'J1', 5, 's'),
      mark('B', 'J2', 5, 's'), // 11 a second mark on a single-mark criterion
      { event: 'ev', competitor: 'A b', value: 1 }, // 12 malformed
      mark('C', 'J1', 7.3), // 13 off the step
    ];
    const found = problemsOf(DEF, { contestants, marks } as ScoringInputFile);
    const expected: [PathSegment[], string][] = [
      [['marks', 1, 'event'], 'unknown_event'],
      [['marks', 2, 'criterion'], 'unknown_criterion'],
      [['marks', 3, 'value'], 'out_of_range'],
      [['marks', 4, 'competitor'], 'not_entered'],
      [['marks', 5, 'judge'], 'duplicate_mark'],
      [['marks', 9, 'judge'], 'too_many_judges'],
      [['marks', 11, 'judge'], 'too_many_judges'],
      [['marks', 12, 'criterion'], 'invalid_type'],
      [['marks', 12, 'competitor'], 'invalid_format'],
      [['marks', 13, 'value'], 'off_step'],
    ];
    expect(found).toEqual(expect.arrayContaining(expected));
    expect(found).toHaveLength(expected.length);
  });

  it('reports a bad status with its path', () => {
    const found = problemsOf(DEF, {
      contestants,
      marks: MARKS,
      statuses: [
        { event: 'nope', competitor: 'A', status: 'DNF' },
        { event: 'ev', competitor: 'X', status: 'DNF' },
      ],
    });
    expect(found).toEqual([
      [['statuses', 0, 'event'], 'unknown_event'],
      [['statuses', 1, 'competitor'], 'not_entered'],
    ]);
  });

  it('ranks DNF, DNS and DQ after every finisher, in the event’s status order', () => {
    const statuses = [
      { event: 'ev', competitor: 'A', status: 'DQ' },
      { event: 'ev', competitor: 'C', status: 'DNF' },
      { event: 'ev', competitor: 'D', status: 'DNS' },
    ] as const;
    const byDefault = create({ contestants, marks: MARKS, statuses: [...statuses] }).standings();
    expect(rows(byDefault)).toEqual([
      ['B', 1, 'ok', '9'],
      ['C', 2, 'DNF', null],
      ['D', 3, 'DNS', null],
      ['A', 4, 'DQ', null],
    ]);
    const dqFirst = definition({ statusOrder: ['DQ', 'DNS', 'DNF'] });
    const reordered = create({ contestants, marks: MARKS, statuses: [...statuses] }, dqFirst);
    expect(rows(reordered.standings()).map(([c]) => c)).toEqual(['B', 'A', 'D', 'C']);
  });

  it('takes DNF on the ranked time as the status, and adds penalty seconds to times', () => {
    const run = (competitor: string, value: number | string, criterion = 't'): MarkInput => ({
      event: 'run',
      criterion,
      competitor,
      value,
    });
    const s = create({
      contestants,
      marks: [run('A', '1:02.35'), run('A', 2, 'pen'), run('B', 66), run('C', 'DNF')],
    }).standings();
    expect(rows(s, 'run')).toEqual([
      ['B', 1, 'ok', '66'],
      ['A', 2, 'ok', '68.35'],
      ['C', 3, 'DNF', null],
      ['D', null, 'pending', null],
    ]);
  });

  it('score() is create + standings', () => {
    const r = score(DEF, { contestants, marks: MARKS });
    expect(r.success && rows(r.data)).toEqual(
      rows(create({ contestants, marks: MARKS }).standings()),
    );
  });
});

describe('Scoring.applyMark', () => {
  const fresh = (): Scoring => create({ contestants, marks: MARKS });

  it.each<[string, MarkInput, [PathSegment[], string][]]>([
    ['an unknown event', { ...mark('A', 'J1', 8), event: 'nope' }, [[['event'], 'unknown_event']]],
    ['an unknown criterion', mark('A', 'J1', 8, 'zz'), [[['criterion'], 'unknown_criterion']]],
    ['a competitor not entered', mark('X', 'J1', 8), [[['competitor'], 'not_entered']]],
    ['a value out of range', mark('A', 'J1', 11), [[['value'], 'out_of_range']]],
    ['a fourth judge on a panel of 3', mark('B', 'J4', 8), [[['judge'], 'too_many_judges']]],
    [
      'a malformed mark',
      { ...mark('A', 'J1', 8), competitor: 'A 1' },
      [[['competitor'], 'invalid_format']],
    ],
  ])('refuses %s and changes nothing', (_, bad, expected) => {
    const s = fresh();
    const before = JSON.stringify(s.standings());
    const r = s.applyMark(bad);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.problems.map((p) => [p.path, p.code])).toEqual(expected);
    expect(JSON.stringify(s.standings())).toBe(before);
    expect(JSON.stringify(s.recomputeAll())).toBe(before);
  });

  it('refuses a second judge on a single-mark criterion, but lets the first judge correct', () => {
    const s = fresh();
    expect(s.applyMark(mark('A', 'J1', 5, 's')).success).toBe(true);
    const before = JSON.stringify(s.standings());
    const r = s.applyMark(mark('A', 'J2', 6, 's'));
    expect(!r.success && r.problems.map((p) => [p.path, p.code])).toEqual([
      [['judge'], 'too_many_judges'],
    ]);
    expect(JSON.stringify(s.standings())).toBe(before);
    const corrected = s.applyMark(mark('A', 'J1', 6, 's'));
    expect(corrected.success && rows(corrected.data)[0]).toEqual(['A', 1, 'ok', '43/3']);
  });

  it("replaces a judge's earlier mark on the same criterion", () => {
    const s = fresh();
    const r = s.applyMark(mark('C', 'J1', 9.5));
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(rows(r.data)).toEqual([
      ['C', 1, 'ok', '9.5'],
      ['B', 2, 'ok', '9'],
      ['A', 3, 'ok', '25/3'],
      ['D', null, 'pending', null],
    ]);
    const c = r.data.events[0]?.rows.find((row) => row.competitor === 'C');
    expect(c?.modules[0]?.criteria[0]?.marks).toEqual([{ judge: 'J1', value: '9.5' }]);
  });

  it('gives the same standings as scoring all marks from scratch', () => {
    const s = fresh();
    const later = [
      mark('D', 'J1', 9),
      mark('D', 'J2', 9.5),
      mark('A', 'J3', 10),
      mark('D', 'J2', 9),
    ];
    for (const m of later) expect(s.applyMark(m).success).toBe(true);
    // D: 9, 9 → 9 ties B; A: 8, 8, 10 → 26/3
    const incremental = JSON.stringify(s.standings());
    const replaced = [...MARKS.filter((m) => !(m.competitor === 'A' && m.judge === 'J3'))];
    const scratch = create({
      contestants,
      marks: [...replaced, mark('A', 'J3', 10), mark('D', 'J1', 9), mark('D', 'J2', 9)],
    });
    expect(rows(s.standings())).toEqual([
      ['B', 1, 'ok', '9'],
      ['D', 1, 'ok', '9'],
      ['A', 3, 'ok', '26/3'],
      ['C', 4, 'ok', '7'],
    ]);
    expect(JSON.stringify(scratch.standings())).toBe(incremental);
    expect(JSON.stringify(s.recomputeAll())).toBe(incremental);
  });

  it('keeps standings already handed out unchanged', () => {
    const s = fresh();
    const before = s.standings();
    const text = JSON.stringify(before);
    expect(s.applyMark(mark('C', 'J1', 10)).success).toBe(true);
    expect(JSON.stringify(before)).toBe(text);
  });
});

describe('Scoring.applyStatus', () => {
  it('ranks the competitor after every finisher', () => {
    const s = create({ contestants, marks: MARKS });
    const r = s.applyStatus({ event: 'ev', competitor: 'B', status: 'DNF' });
    expect(r.success && rows(r.data)).toEqual([
      ['A', 1, 'ok', '25/3'],
      ['C', 2, 'ok', '7'],
      ['B', 3, 'DNF', null],
      ['D', null, 'pending', null],
    ]);
    expect(JSON.stringify(s.recomputeAll())).toBe(JSON.stringify(s.standings()));
  });

  it('ranks a pending competitor with a status, after the finishers', () => {
    const s = create({ contestants, marks: MARKS });
    const r = s.applyStatus({ event: 'ev', competitor: 'D', status: 'DNS' });
    expect(r.success && rows(r.data).at(-1)).toEqual(['D', 4, 'DNS', null]);
  });

  it('refuses an unknown event or a competitor not entered, changing nothing', () => {
    const s = create({ contestants, marks: MARKS });
    const before = JSON.stringify(s.standings());
    const unknown = s.applyStatus({ event: 'nope', competitor: 'A', status: 'DQ' });
    const absent = s.applyStatus({ event: 'ev', competitor: 'X', status: 'DQ' });
    expect(
      [unknown, absent].map((r) => !r.success && r.problems.map((p) => [p.path, p.code])),
    ).toEqual([[[['event'], 'unknown_event']], [[['competitor'], 'not_entered']]]);
    expect(JSON.stringify(s.standings())).toBe(before);
  });
});

describe('removing a mark or a status (voided in the ledger)', () => {
  it('removeMark gives the standings of a full recompute without that mark', () => {
    const s = create({ contestants, marks: MARKS });
    const previous = s.standings();
    const before = JSON.stringify(previous);
    const r = s.removeMark({ event: 'ev', criterion: 'p', competitor: 'B', judge: 'J2' });
    expect(r.success).toBe(true);
    const without = MARKS.filter((m) => !(m.competitor === 'B' && m.judge === 'J2'));
    expect(JSON.stringify(r.success && r.data)).toBe(
      JSON.stringify(create({ contestants, marks: without }).standings()),
    );
    // Standings handed out before keep the marks they were computed from.
    expect(JSON.stringify(previous)).toBe(before);
  });

  it('removeMark of a mark that does not exist changes nothing', () => {
    const s = create({ contestants, marks: MARKS });
    const before = JSON.stringify(s.standings());
    const r = s.removeMark({ event: 'ev', criterion: 'p', competitor: 'C', judge: 'J9' });
    expect(r.success ? [] : r.problems.map((p) => [p.path, p.code])).toEqual([
      [['judge'], 'no_such_mark'],
    ]);
    expect(JSON.stringify(s.standings())).toBe(before);
  });

  it('removeStatus withdraws a DNS recorded by mistake', () => {
    const s = create({ contestants, marks: MARKS });
    const clean = JSON.stringify(s.standings());
    s.applyStatus({ event: 'ev', competitor: 'A', status: 'DNS' });
    expect(rows(s.standings()).find((r) => r[0] === 'A')?.[2]).toBe('DNS');
    const r = s.removeStatus({ event: 'ev', competitor: 'A', status: 'DNS' });
    expect(r.success).toBe(true);
    expect(JSON.stringify(s.standings())).toBe(clean);
    const again = s.removeStatus({ event: 'ev', competitor: 'A', status: 'DNS' });
    expect(again.success ? [] : again.problems.map((p) => p.code)).toEqual(['no_such_status']);
  });
});
