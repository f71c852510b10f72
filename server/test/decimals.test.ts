/**
 * Every number leaving the server is a decimal at its table's precision, never an exact fraction
 * ("179624/1987" was the forest wind event's module score). Over both demo competitions, as
 * `npm start` seeds them: every event's and every overall table's rows, public and official
 * (team rows, module breakdowns, criterion aggregates and points, tie-break values and flag
 * texts included), every stored revision (the live snapshots and patches), and every export.
 * Module and event scores carry exactly the event's decimal places (its `rounding.event`, two
 * when the rulebook sets none), overall totals the overall table's (its `rounding`, two for a
 * weighted sum, none for rank points).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { users } from '@skills/db';
import { DATABASE_KINDS, openTestDatabase } from '@skills/db/testing';
import { parseCompetition, type Competition } from '@skills/scoring';
import { createServer } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { findUser } from '../src/auth/users.ts';
import { demoCompetitions } from '../src/demo/index.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { ORGANIZER, harnessOf, type Harness } from './harness.ts';
import { query } from './helpers.ts';

/** An exact fraction where a number should be: "179624/1987", "-7/3". */
const FRACTION = /^-?\d+\/\d+$/;
/** A fraction inside a text (an explanation, a tie-break value, a cell). */
const FRACTION_IN_TEXT = /(^|[^\d/])-?\d+\/\d+(?![\d/])/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Every string in a table's rows with where it is, except place counts ("2/0/0": firsts,
 * seconds, thirds), which are counts, not a number.
 */
function strings(value: Json, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    const countBack =
      path.endsWith('.tie') && (value['rule'] as { by?: string } | undefined)?.by === 'placeCounts';
    for (const [k, v] of Object.entries(value)) {
      if (countBack && k === 'values') continue;
      strings(v, `${path}.${k}`, out);
    }
  }
  return out;
}

const decimals = (places: number): RegExp =>
  places === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${places}}$`);

describe.each(DATABASE_KINDS)('numbers leaving the server on %s', (kind) => {
  let h: Harness;
  let organizer: string;
  const definitions = new Map<string, Competition>();

  beforeAll(async () => {
    const database = await openTestDatabase(kind);
    const server = createServer({ database, config: { recomputeWindowMs: 5 } });
    await ensureOrganizer(server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    h = harnessOf(server, database, async () => {
      await server.close();
      await database.close();
    });
    const admin = await findUser(
      server.ctx.db,
      and(isNull(users.competitionId), eq(users.login, ORGANIZER.username)),
    );
    if (!admin) throw new Error('no organizer');
    for (const demo of demoCompetitions) {
      await seedDemo(server.ctx, admin, demo);
      const parsed = parseCompetition(demo.definition);
      if (!parsed.success) throw new Error(`${demo.id} does not parse`);
      definitions.set(demo.id, parsed.data);
    }
    organizer = await h.login('/api/auth/login', ORGANIZER);
  }, 240_000);
  afterAll(async () => {
    await h.close();
  });

  /** Every table of both demos, with the places its scores carry. */
  const tables = (): { id: string; path: string; places: number; label: string }[] =>
    [...definitions].flatMap(([id, def]) => [
      ...def.events.map((e) => ({
        id,
        path: `/api/competitions/${id}/events/${e.id}`,
        places: e.rounding.event?.places ?? 2,
        label: `${id}/${e.id}`,
      })),
      ...def.overall.map((o) => ({
        id,
        path: `/api/competitions/${id}/overall/${o.id}`,
        places: o.rounding?.places ?? (o.method.kind === 'rankPoints' ? 0 : 2),
        label: `${id}/overall:${o.id}`,
      })),
    ]);

  it('writes every standings row with decimals at the precision of its table', async () => {
    const fractions: string[] = [];
    const digits: string[] = [];
    let checked = 0;
    for (const t of tables()) {
      for (const view of ['public', 'official'] as const) {
        const r = await h.call('GET', `${t.path}/standings?view=${view}`, { token: organizer });
        if (view === 'public' && r.status === 403) continue; // not public yet
        expect(r.status, `${t.label} ${view}: ${JSON.stringify(r.body)}`).toBe(200);
        const sides = [
          ['rows', r.body.rows as Json[]],
          ['teams', (r.body.teams ?? []) as Json[]],
        ] as const;
        for (const [side, rows] of sides) {
          rows.forEach((row, i) => {
            const where = `${t.label} ${view} ${side}[${i}]`;
            for (const [path, text] of strings(row, '')) {
              if (FRACTION.test(text) || FRACTION_IN_TEXT.test(text)) {
                fractions.push(`${where}${path}: ${text}`);
              }
            }
            const o = row as Record<string, Json>;
            const scores: [string, Json | undefined][] = [
              ['score', o['score']],
              ['total', o['total']],
              ...((o['modules'] ?? []) as Record<string, Json>[]).map(
                (m, k): [string, Json | undefined] => [`modules[${k}].score`, m['score']],
              ),
              ...((o['moduleScores'] ?? []) as Record<string, Json>[]).map(
                (m, k): [string, Json | undefined] => [`moduleScores[${k}].score`, m['score']],
              ),
            ];
            for (const [path, value] of scores) {
              if (value === undefined || value === null) continue;
              checked++;
              if (typeof value !== 'string' || !decimals(t.places).test(value)) {
                digits.push(`${where}.${path}: ${JSON.stringify(value)}, not ${t.places} places`);
              }
            }
          });
        }
      }
    }
    expect({ fractions: fractions.slice(0, 15), digits: digits.slice(0, 15) }).toEqual({
      fractions: [],
      digits: [],
    });
    expect(checked).toBeGreaterThan(1000);
  });

  it('stores every revision (what live snapshots and patches carry) without a fraction', async () => {
    const found = await query<{ scope: string; rev: number; text: string }>(
      h,
      sql`select scope, rev, changed::text as text from standings
          where changed::text ~ '"-?[0-9]+/[0-9]+"'
          union all
          select scope, rev, body::text as text from standing_snapshots
          where body::text ~ '"-?[0-9]+/[0-9]+"'`,
    );
    expect(
      found.map((f) => `${f.scope}@${f.rev}: ${/"-?\d+\/\d+"/.exec(f.text)?.[0] ?? ''}`),
    ).toEqual([]);
  });

  it('exports every table with decimals at its precision', async () => {
    const wrong: string[] = [];
    for (const t of tables()) {
      const r = await h.call('GET', `${t.path}/export?format=csv`, { token: organizer });
      expect(r.status, t.label).toBe(200);
      const text = String(r.body);
      const cells = text.split(/\r\n/).flatMap((line) => line.split(','));
      for (const cell of cells) {
        if (FRACTION_IN_TEXT.test(cell) && !cell.includes('名次数')) {
          wrong.push(`${t.label}: ${cell}`);
        }
      }
    }
    expect(wrong.slice(0, 30)).toEqual([]);
  });
});
