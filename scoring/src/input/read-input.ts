/**
 * Reads the engine's input entry by entry: every malformed contestant, team, mark or status is
 * reported with its path, and the valid entries are still checked against the definition, so one
 * bad roster row does not hide the problems of the marks. Each kept entry remembers its index for
 * the paths of later problems.
 */
import type { z } from 'zod';
import { fromZodIssues, problem, type Problem } from '../problem.ts';
import { readMark } from './read-marks.ts';
import { Contestant, StatusEntry, Team, type Mark } from './schema.ts';

export interface Indexed<T> {
  readonly value: T;
  readonly index: number;
}

export interface ReadInput {
  readonly contestants: Contestant[];
  readonly teams: Team[];
  readonly marks: Indexed<Mark>[];
  readonly statuses: Indexed<StatusEntry>[];
  /** Ids of roster entries that were refused: marks naming them are not reported again. */
  readonly rejected: ReadonlySet<string>;
}

const KEYS = new Set(['contestants', 'teams', 'marks', 'statuses']);

function list(raw: unknown, key: string, problems: Problem[]): readonly unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(problem([key], 'invalid_type', `${key} must be a list`));
    return [];
  }
  return raw;
}

function each<S extends z.ZodType>(
  raw: unknown,
  key: string,
  schema: S,
  problems: Problem[],
  rejected: Set<string>,
): Indexed<z.infer<S>>[] {
  const out: Indexed<z.infer<S>>[] = [];
  list(raw, key, problems).forEach((entry, index) => {
    const r = schema.safeParse(entry);
    if (r.success) {
      out.push({ value: r.data, index });
      return;
    }
    problems.push(...fromZodIssues(r.error.issues, [key, index]));
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === 'string') rejected.add(id);
  });
  return out;
}

export function readScoringInput(raw: unknown, problems: Problem[]): ReadInput {
  const rejected = new Set<string>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(
      problem([], 'invalid_type', 'expected an object with contestants, teams, marks, statuses'),
    );
    return { contestants: [], teams: [], marks: [], statuses: [], rejected };
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KEYS.has(key))
      problems.push(problem([key], 'unrecognized_keys', `unknown field "${key}"`));
  }
  const contestants = each(input.contestants, 'contestants', Contestant, problems, rejected).map(
    (x) => x.value,
  );
  const teams = each(input.teams, 'teams', Team, problems, rejected).map((x) => x.value);
  const statuses = each(input.statuses, 'statuses', StatusEntry, problems, rejected);
  const marks: Indexed<Mark>[] = [];
  list(input.marks, 'marks', problems).forEach((entry, index) => {
    const m = readMark(entry, ['marks', index], problems);
    if (m) marks.push({ value: m, index });
  });
  return { contestants, teams, marks, statuses, rejected };
}
