/**
 * From what a judge typed or tapped to the value sent, and why a value is refused, checked on
 * the tablet with the engine's own rules (MarkRules) before it is stored: the server checks the
 * same again.
 */
import { MarkRules, Rational, type Competition } from '@skills/scoring';
import type { MarkValue, Sheet } from '@skills/server/contract';
import type { MessageKey } from './messages.ts';

export type CriterionInfo = Sheet['criteria'][number];

/** How a criterion is entered on the tablet. */
export type EntryKind = 'number' | 'counter' | 'time' | 'passFail' | 'gate';

export function entryKind(c: CriterionInfo): EntryKind {
  switch (c.kind) {
    case 'check':
      return 'passFail';
    case 'gate':
      return 'gate';
    case 'time':
      return 'time';
    case 'penalty':
      return 'counter';
    case 'deduction':
      return Rational.parse(c.step)?.equals(Rational.ONE) === true ? 'counter' : 'number';
    default:
      return 'number';
  }
}

export const TIME_STATUSES = ['DNF', 'DNS', 'DQ'] as const;

/** The value sent for what is in the field: pass/fail as a boolean, everything else as text. */
export function toMarkValue(c: CriterionInfo, text: string): MarkValue {
  const kind = entryKind(c);
  if (kind === 'passFail' || kind === 'gate') return text === '1';
  return text.trim();
}

export interface EntryProblem {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, string>>;
}

const PROBLEM_KEYS: Readonly<Record<string, MessageKey>> = {
  out_of_range: 'mark.outOfRange',
  off_step: 'mark.offStep',
  not_a_number: 'mark.notANumber',
  not_a_time: 'mark.notATime',
  not_a_boolean: 'mark.notABoolean',
  not_whole: 'mark.notWhole',
  wrong_type: 'mark.notANumber',
};

/** Rules for a competition's definition, built once per definition. */
export function rulesOf(definition: Competition | null): MarkRules | null {
  return definition === null ? null : MarkRules.of(definition);
}

/** Why the typed value cannot be a mark for the criterion; null when it can. */
export function problemOf(
  rules: MarkRules | null,
  event: string,
  c: CriterionInfo,
  text: string,
): EntryProblem | null {
  if (text.trim() === '') return { key: 'mark.empty', params: {} };
  if (rules === null) return null; // the server checks it
  const problem = rules.check(event, c.id, toMarkValue(c, text));
  if (problem === null) return null;
  return {
    key: PROBLEM_KEYS[problem.code] ?? 'mark.invalid',
    params: { min: c.min, max: c.max ?? '∞', step: c.step },
  };
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** One step up or down from the current value, kept within the criterion's range. */
export function stepped(c: CriterionInfo, text: string | null, direction: 1 | -1): string {
  const step = Rational.from(c.step);
  const min = Rational.from(c.min);
  const max = c.max === null ? null : Rational.from(c.max);
  const current = text === null ? undefined : Rational.parse(text);
  let next =
    current === undefined
      ? direction > 0
        ? min
        : (max ?? min)
      : direction > 0
        ? current.add(step)
        : current.sub(step);
  if (next.lt(min)) next = min;
  if (max !== null && next.gt(max)) next = max;
  return next.toFixed(Math.max(decimals(c.step), decimals(c.min)));
}
