/**
 * A problem found in a definition, a roster or a set of marks. Every check returns all of its
 * problems, each with the path to what is wrong, so an organizer can fix a file in one pass.
 */
export type PathSegment = string | number;

export interface Problem {
  /** Where: ["events", 0, "modules", 1, "weight"], or for a marks file ["marks", 41, "value"]. */
  readonly path: readonly PathSegment[];
  /** Stable machine code, e.g. "weights_do_not_add_up", "out_of_range". */
  readonly code: string;
  /** One sentence a person can act on. */
  readonly message: string;
}

/** zod's `{success, data} | {success, error}` shape, with our problems. */
export type Result<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly problems: readonly Problem[] };

/** "events[0].modules[1].weight" */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(root)' : out;
}

export function problem(path: readonly PathSegment[], code: string, message: string): Problem {
  return { path, code, message };
}

/** Turns zod issues into problems, keeping each issue's path and message. */
export function fromZodIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[],
  prefix: readonly PathSegment[] = [],
): Problem[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    code: issue.code,
    message: issue.message,
  }));
}
