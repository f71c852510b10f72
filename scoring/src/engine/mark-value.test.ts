import { describe, expect, it } from 'vitest';
import { parseCompetition, type CompetitionInput } from '../definition/index.ts';
import { compileCompetition, type CompiledCriterion } from './compile.ts';
import { parseTime, readMarkValue } from './mark-value.ts';

type CriterionInput = CompetitionInput['events'][number]['modules'][number]['criteria'][number];

const criteria: CriterionInput[] = [
  { id: 'pts', name: 'points 0..10 by 0.5', kind: 'points', max: 10, step: 0.5 },
  { id: 'neg', name: 'points -5..5 by 0.25', kind: 'points', min: -5, max: 5, step: '0.25' },
  { id: 'chk', name: 'check', kind: 'check', max: 5 },
  { id: 'gate', name: 'gate', kind: 'gate', effect: 'zeroModule' },
  { id: 'jud', name: 'judgement 0-3', kind: 'judgement', max: 10, scale: { max: 3 } },
  {
    id: 'jud5',
    name: 'judgement 0-10 by 0.5',
    kind: 'judgement',
    max: 10,
    scale: { max: 10, step: 0.5 },
  },
  { id: 't', name: 'time, hundredths, truncated, ≤ 60 s', kind: 'time', limit: 60 },
  {
    id: 'th',
    name: 'time, tenths, half up, ≤ 30 s',
    kind: 'time',
    precision: 1,
    entryRounding: 'halfUp',
    limit: 30,
    conversion: { method: 'proportional', max: 10 },
  },
  {
    id: 't0',
    name: 'time, whole seconds, no limit',
    kind: 'time',
    precision: 0,
    conversion: { method: 'linear', max: 10, target: 60, cutoff: 600 },
  },
  { id: 'ded', name: 'deduction 0..2 by 0.5', kind: 'deduction', max: 2, step: 0.5 },
  { id: 'per', name: 'deduction 0.5 per item', kind: 'deduction', max: 3, perItem: 0.5 },
  {
    id: 'pen',
    name: '+3 s per item, ≤ 5',
    kind: 'penalty',
    time: 't',
    secondsPerItem: 3,
    maxItems: 5,
  },
];

const parsed = parseCompetition({
  schemaVersion: 1,
  id: 'c',
  name: 'C',
  events: [
    {
      id: 'e',
      name: 'E',
      rankBy: { by: 'time', criterion: 't' },
      modules: [{ id: 'm', name: 'M', criteria }],
    },
  ],
} satisfies CompetitionInput);
if (!parsed.success) throw new Error(JSON.stringify(parsed.problems));
const event = compileCompetition(parsed.data).eventById.get('e');

function criterion(id: string): CompiledCriterion {
  const c = event?.criterionById.get(id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c;
}

/** The units, the status, or the refusal code. */
function read(id: string, value: number | string | boolean): number | string {
  const v = readMarkValue(criterion(id), value);
  if (!v.ok) return `!${v.code}`;
  return 'status' in v ? v.status : v.units;
}

describe('readMarkValue on points', () => {
  it.each<[number | string | boolean, number | string]>([
    [0, 0],
    [7.5, 75],
    ['7.5', 75],
    [' 7.50 ', 75],
    [10, 100],
    [10.5, '!out_of_range'],
    [-0.5, '!out_of_range'],
    [7.3, '!off_step'],
    [7.25, '!off_step'],
    [0.1 + 0.2, '!off_step'],
    ['abc', '!not_a_number'],
    ['7,5', '!not_a_number'],
    [NaN, '!not_a_number'],
    [true, '!wrong_type'],
  ])('0..10 by 0.5: %j → %j', (value, expected) => {
    expect(read('pts', value)).toBe(expected);
  });

  it.each<[number | string, number | string]>([
    [-5, -500],
    ['-4.75', -475],
    [5, 500],
    [-5.25, '!out_of_range'],
    [0.3, '!off_step'],
  ])('counts the step from min (-5..5 by 0.25): %j → %j', (value, expected) => {
    expect(read('neg', value)).toBe(expected);
  });

  it('says what is wrong in words', () => {
    expect(readMarkValue(criterion('pts'), 10.5)).toEqual({
      ok: false,
      code: 'out_of_range',
      message: '10.5 is outside 0..10',
    });
    expect(readMarkValue(criterion('pts'), 7.3)).toMatchObject({
      message: '7.3 is not a multiple of the step 0.5 from 0',
    });
    expect(readMarkValue(criterion('pts'), 7.25)).toMatchObject({
      message: '7.25 is not a multiple of the step 0.5 from 0',
    });
  });
});

describe('readMarkValue on check and gate', () => {
  it.each<[number | string | boolean, number]>([
    [true, 1],
    [false, 0],
    [1, 1],
    [0, 0],
    ['1', 1],
    ['0', 0],
    ['pass', 1],
    [' PASS ', 1],
    ['fail', 0],
    ['true', 1],
    ['no', 0],
    ['通过', 1],
    ['不通过', 0],
    ['是', 1],
    ['否', 0],
  ])('reads %j as %j', (value, units) => {
    expect(read('chk', value)).toBe(units);
    expect(read('gate', value)).toBe(units);
  });

  it.each<number | string>([2, -1, 0.5, 'maybe', ''])('refuses %j', (value) => {
    expect(read('chk', value)).toBe('!not_a_boolean');
    expect(read('gate', value)).toBe('!not_a_boolean');
  });
});

describe('readMarkValue on judgement', () => {
  it('reads scale steps and refuses what is off the scale', () => {
    expect(read('jud', 2)).toBe(2);
    expect(read('jud', 3)).toBe(3);
    expect(read('jud', 4)).toBe('!out_of_range');
    expect(read('jud', 2.5)).toBe('!off_step');
    expect(read('jud5', 7.5)).toBe(75);
    expect(read('jud5', 7.7)).toBe('!off_step');
  });
});

describe('readMarkValue on times', () => {
  it.each<[number | string, number | string]>([
    [59.99, 5999],
    ['59.99', 5999],
    ['0:59.99', 5999],
    ['1:00', 6000],
    ['59.999', 5999],
    [60.009, 6000],
    ['1:00.01', '!out_of_range'],
    [-1, '!out_of_range'],
    ['-1', '!not_a_time'],
    ['1:60', '!not_a_time'],
    ['abc', '!not_a_time'],
    ['', '!not_a_time'],
  ])('seconds with hundredths, truncated, limit 60: %j → %j', (value, expected) => {
    expect(read('t', value)).toBe(expected);
  });

  it.each<[string, string]>([
    ['DNF', 'DNF'],
    ['dns', 'DNS'],
    [' DQ ', 'DQ'],
  ])('takes the status %j on a time', (value, status) => {
    expect(read('t', value)).toBe(status);
  });

  it('refuses a status on a criterion that is not a time', () => {
    expect(read('pts', 'DNF')).toBe('!not_a_number');
  });

  it('refuses a boolean as a time', () => {
    expect(read('t', true)).toBe('!wrong_type');
  });

  it('rounds an entered time to its precision by the entry rounding (truncate vs halfUp)', () => {
    expect(read('t', '12.345')).toBe(1234);
    expect(read('t', 12.349)).toBe(1234);
    expect(read('th', '12.34')).toBe(123);
    expect(read('th', '12.35')).toBe(124);
    expect(read('th', 12.25)).toBe(123);
  });

  it('checks the limit after entry rounding', () => {
    expect(read('th', '29.96')).toBe(300);
    expect(read('th', '30.04')).toBe(300);
    expect(read('th', '30.05')).toBe('!out_of_range');
    expect(readMarkValue(criterion('th'), '30.05')).toMatchObject({
      message: '30.1 is outside 0..30 s',
    });
  });

  it('reads h:mm:ss and m:ss without a limit', () => {
    expect(read('t0', '1:00:05')).toBe(3605);
    expect(read('t0', '1:02:03.9')).toBe(3723);
    expect(read('t0', '75:00')).toBe(4500);
    expect(read('t0', '1:60:00')).toBe('!not_a_time');
    expect(read('t0', 86400)).toBe(86400);
  });

  // Regression: a time without a limit used to come back as inexact float units (1e20 here)
  // that the engine then aggregated as if exact; like decimal marks, it is now refused.
  it('refuses a time too large to count exactly in its units', () => {
    expect(read('t0', '99999999999999999999')).toBe('!out_of_range');
  });
});

describe('definitions whose marks the engine could not count', () => {
  // Marks are counted in integer units of at most 10^-6, so a definition decimal with more
  // places is refused where it is written, instead of compiling to a step of 0 units.
  it('refuses a step of 0.0000001 with its path', () => {
    const r = parseCompetition({
      schemaVersion: 1,
      id: 'c',
      name: 'C',
      events: [
        {
          id: 'e',
          name: 'E',
          modules: [
            {
              id: 'm',
              name: 'M',
              criteria: [{ id: 'a', name: 'A', kind: 'points', max: 1, step: '0.0000001' }],
            },
          ],
        },
      ],
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.problems.map((p) => [p.path.join('.'), p.message])).toEqual([
      ['events.0.modules.0.criteria.0.step', 'has more than 6 decimal places'],
    ]);
  });
});

describe('readMarkValue on deductions and penalties', () => {
  it.each<[number | string, number | string]>([
    [0, 0],
    [0.5, 5],
    ['2', 20],
    [2.5, '!out_of_range'],
    [0.3, '!off_step'],
    [-0.5, '!out_of_range'],
  ])('a deduction 0..2 by 0.5: %j → %j', (value, expected) => {
    expect(read('ded', value)).toBe(expected);
  });

  it('reads a per-item deduction as a count, with no upper bound (capped when scored)', () => {
    expect(read('per', 3)).toBe(3);
    expect(read('per', '10')).toBe(10);
    expect(read('per', 2.5)).toBe('!not_whole');
    expect(read('per', -1)).toBe('!out_of_range');
  });

  it('reads a penalty as a count of items up to maxItems', () => {
    expect(read('pen', 5)).toBe(5);
    expect(read('pen', 6)).toBe('!out_of_range');
    expect(read('pen', 1.5)).toBe('!not_whole');
    expect(readMarkValue(criterion('pen'), 6)).toMatchObject({
      message: '6 is outside 0..5 items',
    });
  });
});

describe('parseTime', () => {
  it.each<[string, string]>([
    ['75.2', '75.2'],
    [' 75 ', '75'],
    ['1:02.35', '62.35'],
    ['0:59.99', '59.99'],
    ['1:00:05', '3605'],
    ['2:59:59.5', '10799.5'],
    ['75:00', '4500'],
  ])('reads %j as %s seconds', (text, seconds) => {
    expect(parseTime(text)?.toString()).toBe(seconds);
  });

  it.each(['', 'abc', '1:60', '1:60:00', '1:00:60', '1::2', '1:2:3:4', '-5', '1.5:00', '1:0a'])(
    'refuses %j',
    (text) => {
      expect(parseTime(text)).toBeUndefined();
    },
  );
});
