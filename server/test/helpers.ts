/**
 * Shared helpers for the API suites: raw SQL reads that work on PGlite and Postgres alike, a
 * fingerprint of everything a request could change, and sheet look-ups through the API.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Fixture, Harness, Reply } from './harness.ts';

/** Rows of a raw query: PGlite answers {rows}, postgres-js answers the array itself. */
export async function query<T = Record<string, unknown>>(h: Harness, q: SQL): Promise<T[]> {
  const result: unknown = await h.database.db.execute(q);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/** Tables whose row counts say whether a request stored anything. */
export const COUNTED_TABLES = [
  'marks',
  'operations',
  'audit_log',
  'contestants',
  'teams',
  'users',
  'sessions',
  'login_links',
  'competitions',
  'definitions',
  'assignments',
  'sheets',
  'draws',
] as const;

/**
 * Everything a request could change, in one query: row counts, every sheet's status and
 * revision, every event's state and settings, every competition's definition version.
 */
export async function fingerprint(h: Harness): Promise<Record<string, unknown>> {
  const counts = COUNTED_TABLES.map(
    (t) => sql`(select count(*)::int from ${sql.identifier(t)}) as ${sql.identifier(t)}`,
  );
  const [row] = await query(
    h,
    sql`select ${sql.join(counts, sql`, `)},
      (select coalesce(string_agg(id::text || ':' || status || ':' || revision || ':' || coalesce(note, ''), ',' order by id), '') from sheets) as sheet_states,
      (select coalesce(string_agg(competition_id || '/' || id || ':' || status || ':' || public_names || ':' || public_visible || ':' || coalesce(day::text, '-') || ':' || coalesce(frozen_rev::text, '-'), ',' order by competition_id, id), '') from events) as event_states,
      (select coalesce(string_agg(id || ':' || definition_version, ',' order by id), '') from competitions) as competition_states,
      (select coalesce(string_agg(token_hash || ':' || coalesce(revoked_at::text, '-'), ',' order by token_hash), '') from sessions) as session_states`,
  );
  return row ?? {};
}

/** Row counts of the given tables. */
export async function counts(
  h: Harness,
  tables: readonly string[] = COUNTED_TABLES,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [r] = await query<{ n: number }>(
      h,
      sql`select count(*)::int as n from ${sql.identifier(t)}`,
    );
    out[t] = r?.n ?? -1;
  }
  return out;
}

export interface SheetInfo {
  readonly id: string;
  readonly judge: string;
  readonly entrant: string;
  readonly code: string | null;
  readonly status: string;
  readonly revision: number;
  readonly marks: { criterion: string; version: number; value: string | null }[];
}

/** The sheets of an event, keyed "judge|entrant", as an official sees them. */
export async function sheetsOf(
  h: Harness,
  f: Fixture,
  event = 'battery',
): Promise<Map<string, SheetInfo>> {
  const r = await h.call('GET', `/api/competitions/${f.competitionId}/sheets?event=${event}`, {
    token: f.organizer,
  });
  if (r.status !== 200) throw new Error(`sheets: ${r.status} ${JSON.stringify(r.body)}`);
  const out = new Map<string, SheetInfo>();
  for (const s of r.body.sheets as (Omit<SheetInfo, 'entrant'> & { entrant: { id: string } })[]) {
    out.set(`${s.judge}|${s.entrant.id}`, { ...s, entrant: s.entrant.id });
  }
  return out;
}

/** One sheet as an official sees it now. */
export async function sheet(h: Harness, f: Fixture, sheetId: string): Promise<SheetInfo> {
  const r = await h.call('GET', `/api/sheets/${sheetId}`, { token: f.organizer });
  if (r.status !== 200) throw new Error(`sheet: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...(r.body as SheetInfo), entrant: r.body.entrant.id as string };
}

/** The id of a judge's sheet for an entrant, among sheets read by sheetsOf (throws if none). */
export function sheetIdIn(
  sheets: ReadonlyMap<string, SheetInfo>,
  judge: string,
  entrant: string,
): string {
  const s = sheets.get(`${judge}|${entrant}`);
  if (!s) throw new Error(`no sheet ${judge}|${entrant}`);
  return s.id;
}

export async function sheetId(h: Harness, f: Fixture, judge: string, entrant: string) {
  return sheetIdIn(await sheetsOf(h, f), judge, entrant);
}

/** The current version of a criterion on a sheet (0 when unmarked). */
export async function versionOf(h: Harness, f: Fixture, id: string, criterion: string) {
  const s = await sheet(h, f, id);
  return s.marks.find((m) => m.criterion === criterion)?.version ?? 0;
}

/** Writes one mark at the current version; fails the test unless it is stored. */
export async function mark(
  h: Harness,
  f: Fixture,
  token: string | undefined,
  id: string,
  criterion: string,
  value: number | string | boolean | null,
  reason?: string,
): Promise<Reply> {
  const r = await h.call('POST', `/api/sheets/${id}/marks`, {
    token,
    body: {
      opId: randomUUID(),
      criterion,
      value,
      expectedVersion: await versionOf(h, f, id, criterion),
      ...(reason !== undefined ? { reason } : {}),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r;
}

/** Signs a sheet as its judge; fails the test unless it is submitted. */
export async function submit(h: Harness, f: Fixture, judge: string, id: string): Promise<Reply> {
  const s = await sheet(h, f, id);
  const r = await h.call('POST', `/api/sheets/${id}/submit`, {
    token: f.judges[judge],
    body: { revision: s.revision, pin: f.pins[judge] },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
}

/** Asserts the error shape every 4xx has. */
/**
 * An error answer: {code, message, details[]}, and every refusal names the field it is about
 * (DESIGN.md §7): at least one detail, each with a path, a code and a message.
 */
export function expectErrorBody(r: Reply): void {
  expect(r.body, `status ${r.status}`).toMatchObject({
    code: expect.any(String),
    message: expect.any(String),
    details: expect.any(Array),
  });
  const details = r.body.details as unknown[];
  expect(details.length, `${r.status} ${JSON.stringify(r.body)} names no field`).toBeGreaterThan(0);
  for (const d of details) {
    expect(d, JSON.stringify(r.body)).toMatchObject({
      path: expect.stringMatching(/^[a-z]/),
      code: expect.any(String),
      message: expect.any(String),
    });
  }
}

/** Who marks what in the fixture's battery event. */
export const ASSIGNED: Record<string, readonly string[]> = {
  J9: ['exam', 'safety'],
  J1: ['seal', 'balance', 'process'],
  J2: ['seal', 'balance', 'process'],
  J3: ['seal', 'balance', 'process'],
};
/** Values that complete a sheet without a spread between judges. */
export const FILL: Record<string, number> = {
  exam: 80,
  safety: 0,
  seal: 30,
  balance: 30,
  process: 8,
};

/**
 * Fills every missing mark (the chief judge, with a reason, on a signed sheet), signs every
 * sheet and has the organizer verify it: the event can then be finalized.
 */
export async function completeSheets(h: Harness, f: Fixture): Promise<void> {
  for (const s of (await sheetsOf(h, f)).values()) {
    const missing = (ASSIGNED[s.judge] ?? []).filter(
      (c) => !s.marks.some((m) => m.criterion === c && m.value !== null),
    );
    const signed = s.status === 'submitted' || s.status === 'verified';
    if (missing.length > 0) {
      const r = await h.call('POST', '/api/marks/batch', {
        token: signed ? f.chief : f.judges[s.judge],
        body: {
          ops: missing.map((criterion) => ({
            opId: randomUUID(),
            sheetId: s.id,
            criterion,
            value: FILL[criterion],
            expectedVersion: 0,
            ...(signed ? { reason: '补录漏评项' } : {}),
          })),
        },
      });
      expect(r.body.results.map((x: { status: number }) => x.status)).toEqual(
        missing.map(() => 201),
      );
    }
    if (!signed) await submit(h, f, s.judge, s.id);
    const now = await sheet(h, f, s.id);
    if (now.status === 'submitted') {
      const v = await h.call('POST', `/api/sheets/${s.id}/verify`, {
        token: f.organizer,
        body: { revision: now.revision },
      });
      expect(v.status, JSON.stringify(v.body)).toBe(200);
    }
  }
}
