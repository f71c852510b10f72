/**
 * A refused field in the organizer's words (issue 16): "第 3 行 › 工作单位 › 不能为空", never a
 * JSON path. The server sends each problem as a path, a code and its parameters; the row and the
 * column (as the organizer's file names it) come from the path, the words from problem.<code>.
 * A code this console does not know yet keeps the server's sentence.
 */
import type { ErrorDetail } from '@skills/server/contract';
import { ApiError } from '../api.ts';
import { t } from '../i18n.svelte.ts';
import { MESSAGES, type MessageKey } from '../messages.ts';

const known = (key: string): key is MessageKey => Object.hasOwn(MESSAGES, key);

/** The problem itself: "不能为空". */
export function problemWords(d: ErrorDetail): string {
  const key = `problem.${d.code}`;
  return known(key) ? t(key, d.params) : d.message;
}

/** A field of a request body in words: body.judges[2].pin → PIN; unknown names as they are. */
function fieldLabel(name: string): string {
  const key = `field.${name}`;
  return known(key) ? t(key) : name;
}

/** One problem as a line: where (row or header), which field, what is wrong. */
export function problemLine(d: ErrorDetail): string {
  const rows = /^rows(?:\.(\d+))?(?:\.(.+))?$/.exec(d.path);
  if (rows) {
    const [, row, column] = rows;
    const problem = problemWords(d);
    if (row === undefined) return problem;
    const where = row === '1' ? t('setup.header') : t('setup.row', { row });
    return column === undefined
      ? t('setup.fieldProblem', { field: where, problem })
      : t('setup.problemLine', { where, field: column, problem });
  }
  const body = /^(?:body|query|params)\.(.+)$/.exec(d.path);
  if (body) {
    const last =
      (body[1] ?? '')
        .replace(/\[\d+\]/g, '')
        .split('.')
        .pop() ?? '';
    // A whole item of a list (body.remove[0]): its problem says what it is.
    if (/\]$/.test(body[1] ?? '') || ['add', 'remove'].includes(last)) return problemWords(d);
    return t('setup.fieldProblem', { field: fieldLabel(last), problem: problemWords(d) });
  }
  return problemWords(d);
}

/** Every problem of a refusal, as lines (none for anything but an API refusal). */
export function problemLines(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.body.details.map(problemLine);
}
