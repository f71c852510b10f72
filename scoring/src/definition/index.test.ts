import { describe, expect, it } from 'vitest';
import type { Problem } from '../problem.ts';
import { parseCompetition, type CompetitionInput } from './index.ts';

function minimal(): CompetitionInput {
  return {
    schemaVersion: 1,
    id: 'c',
    name: 'C',
    events: [
      {
        id: 'e',
        name: 'E',
        modules: [
          { id: 'm', name: 'M', criteria: [{ id: 'a', name: 'A', kind: 'points', max: 10 }] },
        ],
      },
    ],
  };
}

function problemsOf(input: unknown): readonly Problem[] {
  const r = parseCompetition(input);
  if (r.success) throw new Error('expected problems');
  return r.problems;
}

function pathsAndCodes(input: unknown): [readonly (string | number)[], string][] {
  return problemsOf(input).map((p) => [p.path, p.code]);
}

describe('parseCompetition', () => {
  it('accepts a minimal definition and applies the defaults', () => {
    const r = parseCompetition(minimal());
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toEqual({
      schemaVersion: 1,
      id: 'c',
      name: 'C',
      version: 1,
      events: [
        {
          id: 'e',
          name: 'E',
          entrants: 'individual',
          max: 100,
          rankBy: { by: 'score' },
          modules: [
            {
              id: 'm',
              name: 'M',
              allowNegative: false,
              criteria: [{ id: 'a', name: 'A', kind: 'points', min: 0, max: 10, step: 1 }],
            },
          ],
          rounding: {},
          statusOrder: ['DNF', 'DNS', 'DQ'],
          tieBreaks: [],
        },
      ],
      overall: [],
      awards: [],
    });
  });

  it('applies defaults inside nested rules (time precision, rounding mode, award moveUp)', () => {
    const input = minimal();
    input.events = [
      {
        id: 'run',
        name: 'Run',
        rankBy: { by: 'time', criterion: 't' },
        modules: [
          {
            id: 'm',
            name: 'M',
            criteria: [{ id: 't', name: 'T', kind: 'time', rounding: { places: 2 } }],
          },
        ],
        tieBreaks: [{ by: 'module', module: 'm' }],
      },
    ];
    input.awards = [
      {
        id: 'w',
        name: 'W',
        standings: { of: 'event', event: 'run' },
        select: { kind: 'topPercent', percent: '10' },
      },
    ];
    const r = parseCompetition(input);
    if (!r.success) throw new Error(JSON.stringify(r.problems));
    const c = r.data.events[0]?.modules[0]?.criteria[0];
    expect(c).toMatchObject({
      precision: 2,
      entryRounding: 'truncate',
      rounding: { places: 2, mode: 'halfUp' },
    });
    expect(r.data.events[0]?.tieBreaks).toEqual([{ by: 'module', module: 'm', order: 'desc' }]);
    expect(r.data.awards[0]).toMatchObject({
      select: { kind: 'topPercent', percent: '10', rounding: 'floor' },
      eligibility: [],
      moveUp: true,
      exclusiveWith: [],
    });
  });

  it('refuses unknown keys (typos) with the path of the object that holds them', () => {
    const input = {
      ...minimal(),
      evnts: [],
      events: [
        {
          id: 'e',
          name: 'E',
          judgs: 5,
          modules: [
            {
              id: 'm',
              name: 'M',
              criteria: [{ id: 'a', name: 'A', kind: 'points', max: 10, mx: 3 }],
            },
          ],
        },
      ],
    };
    const problems = problemsOf(input);
    // zod reports the object holding the unknown key, and names the key in the message.
    const found = problems.map((p) => [p.path, p.code, p.message]);
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        [[], 'unrecognized_keys', expect.stringContaining('"evnts"')],
        [['events', 0], 'unrecognized_keys', expect.stringContaining('"judgs"')],
        [
          ['events', 0, 'modules', 0, 'criteria', 0],
          'unrecognized_keys',
          expect.stringContaining('"mx"'),
        ],
      ]),
    );
  });

  it('returns every shape problem of a file together, with its path', () => {
    const input = {
      schemaVersion: 2,
      id: 'has space',
      name: '',
      events: [
        {
          id: 'e/1',
          name: 'E',
          modules: [
            { id: 'm', name: 'M', criteria: [{ id: 'a', name: 'A', kind: 'points', max: 'ten' }] },
            { id: 'n', name: 'N', criteria: [] },
          ],
        },
      ],
    };
    expect(pathsAndCodes(input)).toEqual([
      [['schemaVersion'], 'invalid_value'],
      [['id'], 'invalid_format'],
      [['name'], 'too_small'],
      [['events', 0, 'id'], 'invalid_format'],
      [['events', 0, 'modules', 0, 'criteria', 0, 'max'], 'custom'],
      [['events', 0, 'modules', 1, 'criteria'], 'too_small'],
    ]);
  });

  it('refuses an id of 65 characters and accepts one of 64', () => {
    const long = minimal();
    long.id = 'x'.repeat(65);
    expect(pathsAndCodes(long)).toEqual([[['id'], 'too_big']]);
    const ok = minimal();
    ok.id = 'x'.repeat(64);
    expect(parseCompetition(ok).success).toBe(true);
  });

  it('returns every semantic problem together, after the shape is right', () => {
    const input = minimal();
    input.events.push({
      id: 'e',
      name: 'Again',
      judges: 3,
      aggregation: { method: 'trimmedMean', drop: 2 },
      modules: [
        {
          id: 'x',
          name: 'X',
          weight: 40,
          criteria: [{ id: 'a', name: 'A', kind: 'points', max: 10 }],
        },
        {
          id: 'y',
          name: 'Y',
          weight: 40,
          criteria: [{ id: 'b', name: 'B', kind: 'points', max: 5, step: 2 }],
        },
      ],
    });
    expect(pathsAndCodes(input)).toEqual([
      [['events', 1, 'id'], 'duplicate_id'],
      [['events', 1, 'modules', 0, 'criteria', 0, 'aggregation', 'drop'], 'trim_larger_than_panel'],
      [['events', 1, 'modules', 1, 'criteria', 0, 'aggregation', 'drop'], 'trim_larger_than_panel'],
      [['events', 1, 'modules', 1, 'criteria', 0, 'step'], 'step_does_not_divide_range'],
      [['events', 1, 'modules'], 'weights_do_not_add_up'],
    ]);
  });

  it('gives each problem a message a person can act on', () => {
    const input = minimal();
    const criterion = input.events[0]?.modules[0]?.criteria[0];
    if (criterion?.kind !== 'points') throw new Error('fixture');
    criterion.step = 3;
    const [p] = problemsOf(input);
    expect(p?.message).toBe('step 3 does not divide the range 0..10');
  });

  it('refuses what is not an object at all', () => {
    expect(pathsAndCodes(null)).toEqual([[[], 'invalid_type']]);
    expect(pathsAndCodes([])).toEqual([[[], 'invalid_type']]);
  });
});
