/**
 * Shape check of a marks array without zod's per-object copies: a full recompute reads a million
 * marks (DESIGN.md §8), and zod spent over a second of that on copying. It accepts exactly what
 * the zod `Mark` schema accepts (a test pins the two together) and reports each problem with its
 * path, as zod would.
 */
import { problem, type Problem } from '../problem.ts';
import type { Mark } from './schema.ts';

const ID = /^[^\s/]+$/;
const KEYS = new Set(['event', 'criterion', 'competitor', 'judge', 'value']);

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= 64 && ID.test(v);
}

function idProblem(v: unknown, path: readonly (string | number)[]): Problem {
  if (typeof v !== 'string')
    return problem(
      path,
      'invalid_type',
      `expected an id (text), got ${v === undefined ? 'nothing' : typeof v}`,
    );
  if (v.length === 0 || v.length > 64)
    return problem(path, 'invalid_length', 'an id has 1 to 64 characters');
  return problem(path, 'invalid_format', 'an id has no spaces or slashes');
}

/** Reads one mark; pushes its problems and returns undefined when it is malformed. */
export function readMark(
  raw: unknown,
  path: readonly (string | number)[],
  problems: Problem[],
): Mark | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(problem(path, 'invalid_type', 'expected a mark object'));
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(m)) {
    if (!KEYS.has(key))
      problems.push(problem([...path, key], 'unrecognized_keys', `unknown field "${key}"`));
  }
  const { event, criterion, competitor, value } = m;
  // Like zod's default: only a missing judge becomes '-', a null one is refused.
  const judge = m.judge === undefined ? '-' : m.judge;
  if (!isId(event)) problems.push(idProblem(event, [...path, 'event']));
  if (!isId(criterion)) problems.push(idProblem(criterion, [...path, 'criterion']));
  if (!isId(competitor)) problems.push(idProblem(competitor, [...path, 'competitor']));
  if (typeof judge !== 'string' || judge.length < 1 || judge.length > 64) {
    problems.push(
      problem([...path, 'judge'], 'invalid_type', 'judge is text of 1 to 64 characters'),
    );
  }
  const okValue =
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'boolean' ||
    (typeof value === 'string' && value.length >= 1 && value.length <= 32);
  if (!okValue) {
    problems.push(
      problem(
        [...path, 'value'],
        'invalid_type',
        'value is a finite number, text of 1 to 32 characters, or true/false',
      ),
    );
  }
  if (problems.length > before) return undefined;
  return { event, criterion, competitor, judge, value } as Mark;
}
