/**
 * JSON text → value, with a syntax error turned into a located problem (line from the parser's
 * position), and zod issues turned into problems that keep their JSON path.
 */
import { fromZodIssues, type PathSegment } from '../index.ts';
import type { InputProblem } from './problems.ts';

export type JsonText =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: InputProblem };

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Parses JSON text (a leading byte order mark is ignored). */
export function parseJsonText(file: string, text: string): JsonText {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (src.trim() === '') {
    return { ok: false, problem: { file, code: 'empty_file', message: 'the file is empty' } };
  }
  try {
    return { ok: true, value: JSON.parse(src) as unknown };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(raw);
    // V8 sometimes quotes the whole input ("Unexpected token '}', "{…}" is not valid JSON").
    const message = raw
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    const problem: InputProblem = {
      file,
      code: 'invalid_json',
      message: `invalid JSON: ${message}`,
      ...(at?.[1] !== undefined ? { line: lineAt(src, Number(at[1])) } : {}),
    };
    return { ok: false, problem };
  }
}

/** zod issues (as in `safeParse(...).error.issues`) → problems under a JSON path. */
export function issueProblems(
  file: string,
  prefix: readonly PathSegment[],
  issues: Parameters<typeof fromZodIssues>[0],
): InputProblem[] {
  return fromZodIssues(issues, prefix).map((p) => ({
    file,
    path: p.path,
    code: p.code,
    // zod says only "Invalid input" when no member of a union fits; a mark's value is the union.
    message:
      p.code === 'invalid_union' && p.path[p.path.length - 1] === 'value'
        ? 'expected a number, a text such as "7.5", "1:02.35" or "DNF", or true/false'
        : p.message,
  }));
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
