/** Engine problems → error details under a prefix ("body.definition.events[0].max"). */
import { formatPath, type Problem } from '@skills/scoring';
import type { ErrorDetail } from '../contract/errors.ts';

export function problemDetails(prefix: string, problems: readonly Problem[]): ErrorDetail[] {
  return problems.map((p) => ({
    path: p.path.length === 0 ? prefix : `${prefix}.${formatPath(p.path)}`.replace('.[', '['),
    code: p.code,
    message: p.message,
  }));
}
