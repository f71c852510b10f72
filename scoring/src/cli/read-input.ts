/**
 * Reads the CLI's three inputs from their text (the caller does the file I/O) and hands them to
 * the engine: the definition (JSON → parseCompetition), the marks (CSV or the JSON
 * `ScoringInputFile` shape) and an optional roster (CSV or JSON `{contestants, teams}`). Every
 * problem is collected, never just the first, and each says which file, which line (CSV) or path
 * (JSON), which field, and why; the engine's problems ("marks[41].value") are mapped back to the
 * line or path of the entry they are about.
 */
import {
  parseCompetition,
  Scoring,
  type Competition,
  type PathSegment,
  type Problem,
} from '../index.ts';
import { readInputJson } from './input-json.ts';
import { emptyParts, problemAt, type InputParts, type ReadResult } from './input-parts.ts';
import { parseJsonText } from './json-text.ts';
import { readMarksCsv } from './marks-csv.ts';
import type { InputProblem } from './problems.ts';
import { readRosterCsv } from './roster-csv.ts';

export type { InputParts, ReadResult } from './input-parts.ts';

export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly InputProblem[] };

/** CSV or JSON: by the file name's extension, else by the first character. */
export function formatOf(file: string, text: string): 'csv' | 'json' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/** A file decoded as UTF-8 that was not: U+FFFD marks each undecodable byte. */
function encodingProblem(file: string, text: string): InputProblem | undefined {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return undefined;
  const line = text.slice(0, at).split('\n').length;
  return {
    file,
    line,
    code: 'not_utf8',
    message:
      'the file is not valid UTF-8 (in Excel, save as "CSV UTF-8"; GBK/GB18030 files must be converted)',
  };
}

/** Reads and checks a competition definition (JSON). */
export function readDefinition(file: string, text: string): Read<Competition> {
  const parsed = parseJsonText(file, text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const r = parseCompetition(parsed.value);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    problems: r.problems.map((p) => ({ file, path: p.path, code: p.code, message: p.message })),
  };
}

/** Reads a marks file: CSV rows, or the JSON `{contestants?, teams?, marks, statuses?}`. */
export function readMarks(file: string, text: string): ReadResult {
  const bad = encodingProblem(file, text);
  if (bad) return { parts: emptyParts(), problems: [bad] };
  if (formatOf(file, text) === 'csv') return readMarksCsv(file, text);
  return readInputJson(file, text, ['contestants', 'teams', 'marks', 'statuses']);
}

/** Reads a roster file: CSV (one contestant per row) or JSON `{contestants, teams}`. */
export function readRoster(file: string, text: string): ReadResult {
  const bad = encodingProblem(file, text);
  if (bad) return { parts: emptyParts(), problems: [bad] };
  if (formatOf(file, text) === 'csv') return readRosterCsv(file, text);
  return readInputJson(file, text, ['contestants', 'teams']);
}

/**
 * The marks file's entries with the roster's added. A roster in both files is refused: which one
 * counts would be a guess.
 */
export function combineParts(
  marksFile: string,
  marks: InputParts,
  roster: InputParts | undefined,
): ReadResult {
  if (!roster) return { parts: marks, problems: [] };
  const problems: InputProblem[] = [];
  for (const key of ['contestants', 'teams'] as const) {
    const first = marks[key].origins[0];
    if (first) {
      problems.push({
        file: marksFile,
        path: [key],
        code: 'roster_twice',
        message: `the marks file lists ${key} and a roster file is given too; keep the roster in one place`,
      });
    }
  }
  return {
    parts: {
      marks: marks.marks,
      statuses: marks.statuses,
      contestants: roster.contestants,
      teams: roster.teams,
      rejected: new Set([...marks.rejected, ...roster.rejected]),
    },
    problems,
  };
}

type Section = 'marks' | 'statuses' | 'contestants' | 'teams';

function isSection(x: PathSegment | undefined): x is Section {
  return x === 'marks' || x === 'statuses' || x === 'contestants' || x === 'teams';
}

/** An engine problem that only follows from an entry already refused (and reported). */
function followsRejected(parts: InputParts, p: Problem): boolean {
  if (parts.rejected.size === 0) return false;
  const [section, index, field, sub] = p.path;
  if (typeof index !== 'number') return false;
  if ((section === 'marks' || section === 'statuses') && field === 'competitor') {
    const entry = parts[section].items[index];
    return entry !== undefined && parts.rejected.has(entry.competitor);
  }
  if (section === 'contestants' && field === 'team') {
    const team = parts.contestants.items[index]?.team;
    return team !== undefined && parts.rejected.has(team);
  }
  if (section === 'teams' && field === 'members' && typeof sub === 'number') {
    const member = parts.teams.items[index]?.members[sub];
    return member !== undefined && parts.rejected.has(member);
  }
  return false;
}

/** An engine problem located in the file (and line or path) its entry came from. */
function locate(marksFile: string, parts: InputParts, p: Problem): InputProblem {
  const [section, index, ...rest] = p.path;
  if (isSection(section) && typeof index === 'number') {
    const origin = parts[section].origins[index];
    if (origin) return problemAt(origin, rest, p.code, p.message);
  }
  return { file: marksFile, path: p.path, code: p.code, message: p.message };
}

/**
 * Runs the engine's checks and computation on entries that passed their own checks. Returns the
 * engine, or its problems located in the input files.
 */
export function scoreInputs(
  definition: Competition,
  marksFile: string,
  parts: InputParts,
): Read<Scoring> {
  const r = Scoring.create(definition, {
    contestants: parts.contestants.items,
    teams: parts.teams.items,
    marks: parts.marks.items,
    statuses: parts.statuses.items,
  });
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    problems: r.problems
      .filter((p) => !followsRejected(parts, p))
      .map((p) => locate(marksFile, parts, p)),
  };
}
