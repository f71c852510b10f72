/**
 * A row's text is written by hand for speed (tables.ts: members in sorted key order, the
 * explanation cached per computation). It must stay the row's canonical JSON, or a client's
 * digest of the row it parsed would not be the server's: this pins rowText(row) === canonical(row)
 * for every row of both demo competitions, event and overall, individual and team, and that a
 * row that only moved (written from its computation's shared text, its object copied from a
 * sibling's) reads as its own text parsed.
 */
import { describe, expect, it } from 'vitest';
import { score, type Competition } from '@skills/scoring';
import { canonical } from '../contract/canonical.ts';
import { overallScope } from '../contract/live.ts';
import { without } from '../contract/table-hash.ts';
import { demoCompetitions } from '../demo/index.ts';
import { demoDefinition, demoInput } from '../demo/engine-input.ts';
import type { DemoCompetition } from '../demo/types.ts';
import { decimalJson, precisionOf, type Precision } from './precision.ts';
import { rowObject, table } from './tables.ts';

function standingsOf(demo: DemoCompetition): {
  definition: Competition;
  standings: ReturnType<typeof run>;
} {
  const definition = demoDefinition(demo);
  return { definition, standings: run(definition, demo) };
}

function run(definition: Competition, demo: DemoCompetition) {
  const r = score(definition, demoInput(demo));
  if (!r.success) throw new Error(JSON.stringify(r.problems.slice(0, 5)));
  return r.data;
}

/** Each row's text next to the canonical JSON of the same row (without its computation). */
function pairs(
  scope: string,
  rows: readonly object[],
  teams: readonly object[] | null,
  p: Precision,
): [string, string][] {
  const t = table(scope, scope, rows, teams, p);
  const side = (list: readonly object[], text: ReadonlyMap<string, string>): [string, string][] =>
    list.map((row) => {
      const r = row as Record<string, unknown> & { competitor: string };
      // An event row's explanation is a getter on the engine's row: read it like any member.
      const plain = 'modules' in r ? { ...without(r, 'computed'), modules: r['modules'] } : r;
      const expected = canonical(JSON.parse(decimalJson(plain, p)) as unknown);
      return [text.get(r.competitor) ?? '', expected];
    });
  return [...side(rows, t.rows.text), ...(teams && t.teams ? side(teams, t.teams.text) : [])];
}

describe('table rows are canonical JSON', () => {
  it.each(demoCompetitions.map((d) => [d.id, d] as const))('%s', (_id, demo) => {
    const { definition, standings } = standingsOf(demo);
    let rows = 0;
    for (const ev of standings.events) {
      for (const [text, expected] of pairs(
        ev.event,
        ev.rows,
        ev.teams,
        precisionOf(definition, ev.event),
      )) {
        expect(text).toBe(expected);
        rows++;
      }
    }
    for (const o of standings.overall) {
      const scope = overallScope(o.overall);
      for (const [text, expected] of pairs(scope, o.rows, null, precisionOf(definition, scope))) {
        expect(text).toBe(expected);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(0);
  });
});

describe('rows that only moved', () => {
  it.each(demoCompetitions.map((d) => [d.id, d] as const))('%s', (_id, demo) => {
    const { definition, standings } = standingsOf(demo);
    let moved = 0;
    for (const ev of standings.events) {
      const p = precisionOf(definition, ev.event);
      table(ev.event, ev.event, ev.rows, null, p);
      for (const row of ev.rows) rowObject(row);
      // Each row at another place, with another row's tie (or none): what the engine's
      // incremental update hands over for rows a mark shifted.
      const shifted = ev.rows.map((row, i) => {
        const other = ev.rows[(i + 1) % ev.rows.length] ?? row;
        const view = row as unknown as { placed(rank: number | null, tie: unknown): object };
        return view.placed(row.rank === null ? null : row.rank + 1, other.tie);
      });
      for (const [text, expected] of pairs(ev.event, shifted, null, p)) {
        expect(text).toBe(expected);
      }
      for (const row of shifted) {
        const t = table(ev.event, ev.event, shifted, null, p);
        const key = (row as { competitor: string }).competitor;
        expect(rowObject(row)).toEqual(JSON.parse(t.rows.text.get(key) ?? ''));
        moved++;
      }
    }
    expect(moved).toBeGreaterThan(0);
  });
});
