/**
 * What the input files hold once read and checked entry by entry: the entries that passed, each
 * with where it came from (a CSV line or a JSON path), so a problem the engine finds later in
 * "marks[41].value" is reported at the line of the file that holds that mark.
 */
import type { Contestant, Mark, PathSegment, StatusEntry, Team } from '../index.ts';
import type { InputProblem } from './problems.ts';

/** Where an entry came from: a CSV line, or a JSON path. */
export interface Origin {
  readonly file: string;
  readonly line?: number;
  readonly path?: readonly PathSegment[];
  /** CSV: the column every problem with this entry points at (a team read from "team"). */
  readonly column?: string;
}

export interface Entries<T> {
  readonly items: T[];
  readonly origins: Origin[];
}

export interface InputParts {
  readonly marks: Entries<Mark>;
  readonly statuses: Entries<StatusEntry>;
  readonly contestants: Entries<Contestant>;
  readonly teams: Entries<Team>;
  /** Ids of roster entries refused by the shape check: later "not entered" follow-ons are dropped. */
  readonly rejected: Set<string>;
}

export interface ReadResult {
  readonly parts: InputParts;
  readonly problems: InputProblem[];
}

export function emptyParts(): InputParts {
  return {
    marks: { items: [], origins: [] },
    statuses: { items: [], origins: [] },
    contestants: { items: [], origins: [] },
    teams: { items: [], origins: [] },
    rejected: new Set(),
  };
}

export function push<T>(entries: Entries<T>, item: T, origin: Origin): void {
  entries.items.push(item);
  entries.origins.push(origin);
}

/**
 * A problem at an entry's origin. `rest` is the path inside the entry (["value"], ["events", 1]):
 * for CSV it names the column, for JSON it extends the path.
 */
export function problemAt(
  origin: Origin,
  rest: readonly PathSegment[],
  code: string,
  message: string,
): InputProblem {
  if (origin.line !== undefined) {
    const field = origin.column ?? columnOf(rest);
    return {
      file: origin.file,
      line: origin.line,
      ...(field !== undefined ? { field } : {}),
      code,
      message,
    };
  }
  return { file: origin.file, path: [...(origin.path ?? []), ...rest], code, message };
}

/** The CSV column a path inside an entry points at: ["attributes", "gender"] → "gender". */
function columnOf(rest: readonly PathSegment[]): string | undefined {
  const [first, second] = rest;
  if (first === 'attributes' && typeof second === 'string') return second;
  return typeof first === 'string' ? first : undefined;
}
