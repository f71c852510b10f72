/**
 * The roster CSV: one contestant per row.
 *
 *   id,name,team,delegation,events,gender,employee
 *   E01,王芳,,国网北京电力,,F,true
 *
 * `id` is required; `name`, `team`, `delegation` and `events` (event ids separated by `;`, empty
 * for every individual event) are optional; every other column is an attribute that award
 * eligibility rules can test (`true` / `false` become booleans, an empty cell means not recorded).
 * Teams are the distinct values of the `team` column; a team's delegation is its members' when
 * they all share one.
 */
import { Contestant, Team, type AttributeValue, type PathSegment } from '../index.ts';
import { parseCsv } from './csv.ts';
import { cellReader, readHeader } from './csv-columns.ts';
import { emptyParts, problemAt, push, type Origin, type ReadResult } from './input-parts.ts';
import type { InputProblem } from './problems.ts';

export const ROSTER_COLUMNS = ['id', 'name', 'team', 'delegation', 'events'];

function attributeValue(text: string): AttributeValue {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return text;
}

interface TeamSeed {
  readonly id: string;
  readonly origin: Origin;
  readonly delegations: Set<string | undefined>;
}

/** Reads a roster CSV; every bad row is reported with its line. */
export function readRosterCsv(file: string, text: string): ReadResult {
  const parts = emptyParts();
  const problems: InputProblem[] = [];
  const table = parseCsv(text);
  for (const e of table.errors)
    problems.push({ file, line: e.line, code: 'csv_syntax', message: e.message });
  const cols = readHeader(file, table, ROSTER_COLUMNS, ['id'], problems);
  if (!cols) return { parts, problems };

  const teams = new Map<string, TeamSeed>();
  for (const row of table.rows) {
    const cell = cellReader(file, table, row, problems);
    if (!cell) continue;
    const origin: Origin = { file, line: row.line };
    const get = (name: string): string => cell(cols.known.get(name));
    const id = get('id');
    const name = get('name');
    const team = get('team');
    const delegation = get('delegation');
    const events = get('events');
    if (id === '') {
      problems.push(problemAt(origin, ['id'], 'empty', 'id is empty'));
      continue;
    }
    const attributes: Record<string, AttributeValue> = {};
    for (const x of cols.extra) {
      const v = cell(x.index);
      if (v !== '') attributes[x.name] = attributeValue(v);
    }
    const candidate = {
      id,
      ...(name !== '' ? { name } : {}),
      ...(team !== '' ? { team } : {}),
      ...(delegation !== '' ? { delegation } : {}),
      ...(events !== ''
        ? {
            events: events
              .split(/[;；]/)
              .map((e) => e.trim())
              .filter((e) => e !== ''),
          }
        : {}),
      attributes,
    };
    const r = Contestant.safeParse(candidate);
    if (!r.success) {
      parts.rejected.add(id);
      for (const issue of r.error.issues) {
        const path = issue.path.map((p): PathSegment => (typeof p === 'number' ? p : String(p)));
        problems.push(problemAt(origin, path, issue.code, issue.message));
      }
      continue;
    }
    push(parts.contestants, r.data, origin);
    if (r.data.team !== undefined) {
      const seed = teams.get(r.data.team) ?? {
        id: r.data.team,
        origin: { ...origin, column: 'team' },
        delegations: new Set<string | undefined>(),
      };
      seed.delegations.add(r.data.delegation);
      teams.set(seed.id, seed);
    }
  }
  for (const seed of teams.values()) {
    const [only] = seed.delegations;
    const delegation = seed.delegations.size === 1 ? only : undefined;
    const r = Team.safeParse({ id: seed.id, ...(delegation !== undefined ? { delegation } : {}) });
    if (r.success) push(parts.teams, r.data, seed.origin);
  }
  return { parts, problems };
}
