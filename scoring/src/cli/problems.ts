/**
 * A problem in one of the CLI's input files, located so a person can open the file and fix it:
 * a CSV line and column, or a JSON path. Printed one per line:
 *
 *   marks.csv:42 value: seal: 41 is outside 0..40
 *   ev.definition.json events[0].modules[1].weight: the module weights add up to 90, not 100
 *   roster.json: file not found
 */
import { formatPath, type PathSegment } from '../index.ts';

export interface InputProblem {
  readonly file: string;
  /** CSV: the 1-based line of the record (or of the JSON syntax error). */
  readonly line?: number;
  /** CSV: the column (or field) at fault. */
  readonly field?: string;
  /** JSON: where in the document. */
  readonly path?: readonly PathSegment[];
  /** Stable machine code, e.g. "out_of_range", "missing_column". */
  readonly code: string;
  readonly message: string;
}

/**
 * Control characters (a newline inside a quoted CSV value, say) are shown escaped, so that
 * every problem stays on its one line.
 */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** "file:line field: reason" for CSV, "file path: reason" for JSON, "file: reason" otherwise. */
export function formatProblem(p: InputProblem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.field !== undefined) where += ` ${p.field}`;
  else if (p.path !== undefined && p.path.length > 0) where += ` ${formatPath(p.path)}`;
  return oneLine(`${where}: ${p.message}`);
}

/**
 * Problems in file order: by file (in the order first seen), then by CSV line, or for JSON by
 * section (in the order first seen) and entry index; otherwise as found.
 */
export function sortProblems(problems: readonly InputProblem[]): InputProblem[] {
  const files = new Map<string, number>();
  const sections = new Map<string, number>();
  for (const p of problems) {
    if (!files.has(p.file)) files.set(p.file, files.size);
    const head = p.path?.[0];
    if (typeof head === 'string' && !sections.has(head)) sections.set(head, sections.size);
  }
  const key = (p: InputProblem): [number, number, number, number] => {
    const [head, index] = p.path ?? [];
    return [
      files.get(p.file) ?? 0,
      p.line ?? 0,
      typeof head === 'string' ? (sections.get(head) ?? 0) : -1,
      typeof index === 'number' ? index : -1,
    ];
  };
  return problems
    .map((p, i) => ({ p, i, k: key(p) }))
    .sort((a, b) => {
      for (let j = 0; j < 4; j++) {
        const d = (a.k[j] ?? 0) - (b.k[j] ?? 0);
        if (d !== 0) return d;
      }
      return a.i - b.i;
    })
    .map((x) => x.p);
}
