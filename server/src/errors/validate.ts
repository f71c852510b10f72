/**
 * Validation at the edge, shared by HTTP routes and socket messages: a zod schema's issues become
 * error details with field paths, and a NUL character (which Postgres text cannot hold) is
 * refused by path before anything is stored.
 */
import type { z } from 'zod';
import type { ErrorDetail } from '../contract/errors.ts';
import { ServiceError, detail } from './service-error.ts';

function joinPath(prefix: string, segments: readonly PropertyKey[]): string {
  let path = prefix;
  for (const seg of segments) path += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
  return path;
}

function zodDetails(prefix: string, error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    const path = joinPath(prefix, issue.path);
    // Name each field that is not allowed, rather than the object that holds it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath(path, [key]),
        code: issue.code,
        message: `"${key}" is not a known field`,
      }));
    }
    return [{ path, code: issue.code, message: issue.message }];
  });
}

/**
 * Where a NUL character hides in parsed JSON (keys and strings): Postgres text cannot hold it.
 * Iterative, with paths built only for a hit, so a deeply nested body costs no stack.
 */
interface At {
  readonly parent: At | null;
  readonly seg: string | number;
}
function nulPaths(root: unknown, prefix: string): string[] {
  const pathOf = (at: At | null): string => {
    const segs: (string | number)[] = [];
    for (let a = at; a; a = a.parent) segs.push(a.seg);
    return joinPath(prefix, segs.reverse());
  };
  const out: string[] = [];
  const stack: [unknown, At | null][] = [[root, null]];
  while (stack.length > 0 && out.length < 20) {
    const [value, at] = stack.pop() as [unknown, At | null];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) out.push(pathOf(at));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], { parent: at, seg: i }]);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value).reverse()) {
        const child = { parent: at, seg: k };
        if (k.includes('\u0000')) out.push(pathOf(child));
        else stack.push([v, child]);
      }
    }
  }
  return out;
}

export function refuseNul(value: unknown, prefix: string): void {
  const paths = nulPaths(value, prefix);
  if (paths.length > 0) {
    throw new ServiceError('invalid_input', 'the request contains a NUL character', {
      details: paths.map((p) => detail(p, 'nul_character', 'remove \\u0000 from the text')),
    });
  }
}

export function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new ServiceError('invalid_input', `invalid ${prefix}`, {
    details: zodDetails(prefix, r.error),
  });
}
