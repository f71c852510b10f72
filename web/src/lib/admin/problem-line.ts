/**
 * Where a refused field is and what is wrong with it, as words (issue 16), without the i18n
 * runtime so it can be tested alone: `say` turns a message key and its parameters into the
 * user's language, or answers undefined for a key it does not have (the server's sentence is
 * kept then). Rows are the spreadsheet's (row 1, the header, is 表头); columns are the headers
 * as the organizer's file writes them; a request field is named by its label.
 */
import type { ErrorDetail } from '@skills/server/contract';

export type Say = (
  key: string,
  params?: Readonly<Record<string, string | number>>,
) => string | undefined;

/** The problem itself: "不能为空". */
export function problemWords(d: ErrorDetail, say: Say): string {
  return say(`problem.${d.code}`, d.params) ?? d.message;
}

/**
 * A cell of a marking-scheme workbook (path "file", its place in the params):
 * "赛项「实际操作」 › 第 5 行 › 满分 › 必须是数字".
 */
function cellLine(d: ErrorDetail, say: Say, problem: string): string {
  const p = d.params ?? {};
  const sheet =
    p['event'] !== undefined
      ? say('scheme.event', { name: p['event'] })
      : say('scheme.sheet', { name: p['sheet'] ?? '' });
  const row = p['row'] !== undefined ? say('setup.row', { row: p['row'] }) : undefined;
  const column = p['column'] !== undefined ? String(p['column']) : undefined;
  return [sheet, row, column, problem].filter((s) => s !== undefined).join(' › ');
}

/** One problem as a line: "第 3 行 › 工作单位 › 不能为空", "PIN › 格式不正确". */
export function problemLine(d: ErrorDetail, say: Say): string {
  const problem = problemWords(d, say);
  if (d.path === 'file' && d.params?.['sheet'] !== undefined) return cellLine(d, say, problem);
  const rows = /^rows(?:\.(\d+))?(?:\.(.+))?$/.exec(d.path);
  if (rows) {
    const [, row, column] = rows;
    if (row === undefined) return problem;
    const where = (row === '1' ? say('setup.header') : say('setup.row', { row })) ?? row;
    return column === undefined
      ? (say('setup.fieldProblem', { field: where, problem }) ?? problem)
      : (say('setup.problemLine', { where, field: column, problem }) ?? problem);
  }
  const request = /^(?:body|query|params)\.(.+)$/.exec(d.path);
  if (request) {
    const rest = request[1] ?? '';
    // A whole item of a list (body.remove[0]): its problem says what it is.
    if (/\]$/.test(rest)) return problem;
    const name =
      rest
        .replace(/\[\d+\]/g, '')
        .split('.')
        .pop() ?? rest;
    const field = say(`field.${name}`) ?? name;
    return say('setup.fieldProblem', { field, problem }) ?? problem;
  }
  return problem;
}
