import { describe, expect, it } from 'vitest';
import { parseCompetition, type Competition } from '@skills/scoring';
import evBattery from '../../../scoring/examples/ev-battery.definition.json' with { type: 'json' };
import {
  entryKind,
  problemOf,
  rulesOf,
  stepped,
  toMarkValue,
  type CriterionInfo,
} from './mark-entry.ts';

function definition(): Competition {
  const parsed = parseCompetition(evBattery);
  if (!parsed.success) throw new Error('the EV battery example does not parse');
  return parsed.data;
}

const EVENT = 'battery';
const rules = rulesOf(definition());

/** The criteria as the server lists them on a sheet: the engine's own MarkRules.criteria. */
function criterion(id: string): CriterionInfo {
  const c = rules?.criteria(EVENT).find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c;
}

const seal = criterion('seal'); // points, 0–40, step 0.5
const processMark = criterion('process'); // judgement, scale 0–10, step 0.5
const exam = criterion('exam'); // points, 0–100, step 0.5
const safety = criterion('safety'); // gate: 1 is a violation

const custom = (over: Partial<CriterionInfo>): CriterionInfo => ({ ...seal, ...over });

describe('rulesOf', () => {
  it('has rules for a definition and none without one', () => {
    expect(rules?.hasEvent(EVENT)).toBe(true);
    expect(rulesOf(null)).toBeNull();
  });

  it('lists the definition criteria with their ranges', () => {
    expect(seal).toMatchObject({ kind: 'points', min: '0.0', max: '40.0', step: '0.5' });
    expect(processMark).toMatchObject({ kind: 'judgement', min: '0.0', max: '10.0', step: '0.5' });
    expect(safety).toMatchObject({ kind: 'gate', min: '0', max: '1', step: '1' });
  });
});

describe('entryKind', () => {
  it('enters points and judgements as numbers and a gate as a gate', () => {
    expect(entryKind(seal)).toBe('number');
    expect(entryKind(exam)).toBe('number');
    expect(entryKind(processMark)).toBe('number');
    expect(entryKind(safety)).toBe('gate');
  });

  it('maps the other kinds', () => {
    expect(entryKind(custom({ kind: 'check' }))).toBe('passFail');
    expect(entryKind(custom({ kind: 'time' }))).toBe('time');
    expect(entryKind(custom({ kind: 'penalty' }))).toBe('counter');
    expect(entryKind(custom({ kind: 'deduction', step: '1' }))).toBe('counter');
    expect(entryKind(custom({ kind: 'deduction', step: '0.5' }))).toBe('number');
  });
});

describe('toMarkValue', () => {
  it('sends numbers as trimmed text and gates as booleans', () => {
    expect(toMarkValue(seal, ' 35.5 ')).toBe('35.5');
    expect(toMarkValue(safety, '1')).toBe(true);
    expect(toMarkValue(safety, '0')).toBe(false);
    expect(toMarkValue(custom({ kind: 'check' }), '1')).toBe(true);
  });
});

describe('problemOf', () => {
  it('accepts marks on the step within the range', () => {
    for (const text of ['0', '35.5', '40', ' 12 '])
      expect(problemOf(rules, EVENT, seal, text)).toBeNull();
    expect(problemOf(rules, EVENT, processMark, '9.5')).toBeNull();
    expect(problemOf(rules, EVENT, exam, '100')).toBeNull();
    expect(problemOf(rules, EVENT, safety, '1')).toBeNull();
    expect(problemOf(rules, EVENT, safety, '0')).toBeNull();
  });

  it('refuses an empty field before anything else', () => {
    expect(problemOf(rules, EVENT, seal, '')).toEqual({ key: 'mark.empty', params: {} });
    expect(problemOf(rules, EVENT, seal, '   ')).toEqual({ key: 'mark.empty', params: {} });
    expect(problemOf(null, EVENT, seal, '')).toEqual({ key: 'mark.empty', params: {} });
  });

  it('refuses marks out of range, with the range to show', () => {
    const params = { min: '0.0', max: '40.0', step: '0.5' };
    expect(problemOf(rules, EVENT, seal, '41')).toEqual({ key: 'mark.outOfRange', params });
    expect(problemOf(rules, EVENT, seal, '-0.5')).toEqual({ key: 'mark.outOfRange', params });
    // A judgement is entered on its scale (0–10), not in points (0–20).
    expect(problemOf(rules, EVENT, processMark, '11')).toMatchObject({
      key: 'mark.outOfRange',
      params: { min: '0.0', max: '10.0' },
    });
  });

  it('refuses marks off the step', () => {
    expect(problemOf(rules, EVENT, seal, '10.25')).toEqual({
      key: 'mark.offStep',
      params: { min: '0.0', max: '40.0', step: '0.5' },
    });
    expect(problemOf(rules, EVENT, exam, '87.3')?.key).toBe('mark.offStep');
  });

  it('refuses what is not a number', () => {
    for (const text of ['abc', '1e1', '3,5']) {
      expect(problemOf(rules, EVENT, seal, text)?.key).toBe('mark.notANumber');
    }
  });

  it('leaves the check to the server without rules', () => {
    expect(problemOf(null, EVENT, seal, '41')).toBeNull();
  });
});

describe('stepped', () => {
  it('starts at the minimum going up and at the maximum going down', () => {
    expect(stepped(seal, null, 1)).toBe('0.0');
    expect(stepped(seal, null, -1)).toBe('40.0');
  });

  it("moves one step, keeping the step's decimals", () => {
    expect(stepped(seal, '12', 1)).toBe('12.5');
    expect(stepped(seal, '12.5', -1)).toBe('12.0');
    expect(stepped(processMark, '9', 1)).toBe('9.5');
    expect(stepped(safety, '0', 1)).toBe('1');
  });

  it('stays within the range', () => {
    expect(stepped(seal, '40', 1)).toBe('40.0');
    expect(stepped(seal, '39.8', 1)).toBe('40.0');
    expect(stepped(seal, '0', -1)).toBe('0.0');
    expect(stepped(seal, '0.2', -1)).toBe('0.0');
    expect(stepped(safety, '1', 1)).toBe('1');
  });

  it('has no ceiling when the criterion is open-ended', () => {
    const open = custom({ kind: 'penalty', min: '0', max: null, step: '1' });
    expect(stepped(open, null, -1)).toBe('0');
    expect(stepped(open, '99', 1)).toBe('100');
  });
});
