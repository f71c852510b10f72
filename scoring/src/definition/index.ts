import { fromZodIssues, type Result } from '../problem.ts';
import { checkCompetition } from './check.ts';
import { Competition } from './schema.ts';

export * from './schema.ts';
export { checkCompetition, panelSize } from './check.ts';
export { overallEvents } from './overall-events.ts';
export { competitionJsonSchema, JSON_SCHEMA_ID } from './json-schema.ts';

/**
 * Parses and checks a definition document: shape first, then semantics. All problems come back
 * together with their paths.
 *
 * @example
 * const r = parseCompetition(JSON.parse(text));
 * if (!r.success) for (const p of r.problems) console.log(formatPath(p.path), p.message);
 */
export function parseCompetition(input: unknown): Result<Competition> {
  const shape = Competition.safeParse(input);
  if (!shape.success) return { success: false, problems: fromZodIssues(shape.error.issues) };
  const problems = checkCompetition(shape.data);
  if (problems.length > 0) return { success: false, problems };
  return { success: true, data: shape.data };
}
