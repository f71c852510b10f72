/**
 * The JSON input files: a marks file in the engine's `ScoringInputFile` shape
 * `{contestants?, teams?, marks, statuses?}`, or a roster `{contestants?, teams?}`. Each entry is
 * checked on its own so that every bad entry is reported with its path, and the good ones still
 * go on to the engine's checks.
 */
import { Contestant, Mark, StatusEntry, Team } from '../index.ts';
import { isRecord, issueProblems, parseJsonText } from './json-text.ts';
import { emptyParts, push, type Entries, type InputParts, type ReadResult } from './input-parts.ts';
import type { InputProblem } from './problems.ts';

type Section = 'contestants' | 'teams' | 'marks' | 'statuses';

interface Schema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: readonly { path: PropertyKey[]; message: string; code: string }[] };
      };
}

function readSection<T>(
  file: string,
  doc: Record<string, unknown>,
  key: Section,
  schema: Schema<T>,
  into: Entries<T>,
  rejected: Set<string> | undefined,
  problems: InputProblem[],
): void {
  const list = doc[key];
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    problems.push({ file, path: [key], code: 'invalid_type', message: `${key} must be a list` });
    return;
  }
  list.forEach((item: unknown, i) => {
    const r = schema.safeParse(item);
    if (r.success) {
      push(into, r.data, { file, path: [key, i] });
      return;
    }
    problems.push(...issueProblems(file, [key, i], r.error.issues));
    if (rejected && isRecord(item) && typeof item.id === 'string') rejected.add(item.id);
  });
}

/**
 * Reads a JSON document holding the given sections; any other top-level key is a problem.
 */
export function readInputJson(
  file: string,
  text: string,
  sections: readonly Section[],
): ReadResult {
  const parts: InputParts = emptyParts();
  const problems: InputProblem[] = [];
  const parsed = parseJsonText(file, text);
  if (!parsed.ok) return { parts, problems: [parsed.problem] };
  const doc = parsed.value;
  if (!isRecord(doc)) {
    problems.push({
      file,
      path: [],
      code: 'invalid_type',
      message: `expected an object with ${sections.join(', ')}`,
    });
    return { parts, problems };
  }
  for (const key of Object.keys(doc)) {
    if (key === '$schema' || (sections as readonly string[]).includes(key)) continue;
    problems.push({
      file,
      path: [key],
      code: 'unrecognized_keys',
      message: `unknown key "${key}" (expected ${sections.join(', ')})`,
    });
  }
  if (sections.includes('contestants'))
    readSection(file, doc, 'contestants', Contestant, parts.contestants, parts.rejected, problems);
  if (sections.includes('teams'))
    readSection(file, doc, 'teams', Team, parts.teams, parts.rejected, problems);
  if (sections.includes('marks'))
    readSection(file, doc, 'marks', Mark, parts.marks, undefined, problems);
  if (sections.includes('statuses'))
    readSection(file, doc, 'statuses', StatusEntry, parts.statuses, undefined, problems);
  return { parts, problems };
}
