/**
 * The marks CSV: one judge's mark per row.
 *
 *   event,criterion,competitor,judge,value
 *   battery,seal,E01,J1,36
 *   battery,exam,E01,,88          ← judge may be empty (a single-mark criterion)
 *   battery,-,E06,,DNS            ← no criterion ("" or "-") and DNS/DNF/DQ: a status entry
 *
 * An optional `reason` column is kept on status entries. Each row is checked on its own; the
 * engine checks them against the definition afterwards.
 */
import { fromZodIssues, Mark, StatusEntry } from '../index.ts';
import { parseCsv } from './csv.ts';
import { cellReader, readHeader } from './csv-columns.ts';
import { emptyParts, problemAt, push, type Origin, type ReadResult } from './input-parts.ts';
import type { InputProblem } from './problems.ts';

export const MARK_COLUMNS = ['event', 'criterion', 'competitor', 'judge', 'value', 'reason'];
const REQUIRED = ['event', 'criterion', 'competitor', 'value'];
const STATUSES = new Set(['DNS', 'DNF', 'DQ']);

function issuesAt(origin: Origin, issues: Parameters<typeof fromZodIssues>[0]): InputProblem[] {
  return fromZodIssues(issues).map((p) => problemAt(origin, p.path, p.code, p.message));
}

/** Reads a marks CSV; every bad row is reported with its line. */
export function readMarksCsv(file: string, text: string): ReadResult {
  const parts = emptyParts();
  const problems: InputProblem[] = [];
  const table = parseCsv(text);
  for (const e of table.errors)
    problems.push({ file, line: e.line, code: 'csv_syntax', message: e.message });
  const cols = readHeader(file, table, MARK_COLUMNS, REQUIRED, problems);
  if (!cols) return { parts, problems };
  for (const x of cols.extra) {
    problems.push({
      file,
      line: table.headerLine,
      field: x.name,
      code: 'unknown_column',
      message: `unknown column "${x.name}" (expected ${MARK_COLUMNS.join(',')})`,
    });
  }
  if (cols.extra.length > 0) return { parts, problems };

  for (const row of table.rows) {
    const cell = cellReader(file, table, row, problems);
    if (!cell) continue;
    const origin: Origin = { file, line: row.line };
    const get = (name: string): string => cell(cols.known.get(name));
    const event = get('event');
    const criterion = get('criterion');
    const competitor = get('competitor');
    const judge = get('judge');
    const value = get('value');
    const reason = get('reason');
    const before = problems.length;
    const required: [string, string][] = [
      ['event', event],
      ['competitor', competitor],
      ['value', value],
    ];
    for (const [name, v] of required)
      if (v === '') problems.push(problemAt(origin, [name], 'empty', `${name} is empty`));
    if (problems.length > before) continue;

    if (criterion === '' || criterion === '-') {
      const status = value.toUpperCase();
      if (!STATUSES.has(status)) {
        problems.push(
          problemAt(
            origin,
            ['value'],
            'not_a_status',
            `a row without a criterion is a status entry: value must be DNS, DNF or DQ, not "${value}"`,
          ),
        );
        continue;
      }
      const r = StatusEntry.safeParse({
        event,
        competitor,
        status,
        ...(reason !== '' ? { reason } : {}),
      });
      if (r.success) push(parts.statuses, r.data, origin);
      else problems.push(...issuesAt(origin, r.error.issues));
      continue;
    }
    const r = Mark.safeParse({
      event,
      criterion,
      competitor,
      ...(judge !== '' ? { judge } : {}),
      value,
    });
    if (r.success) push(parts.marks, r.data, origin);
    else problems.push(...issuesAt(origin, r.error.issues));
  }
  return { parts, problems };
}
