/**
 * Bulk verify (POST /api/competitions/:competitionId/sheets/verify) through the real app on both
 * databases: one result per sheet, the second-person rule per sheet, one audit entry per
 * verified sheet, and refusals of bad input that name the field before anything changes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DATABASE_KINDS } from '@skills/db/testing';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';
import {
  expectErrorBody,
  fingerprint,
  mark,
  query,
  sheet,
  sheetIdIn,
  sheetsOf,
  submit,
  type SheetInfo,
} from './helpers.ts';

const C = 'bulk';
describe.each(DATABASE_KINDS)('bulk verify on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let sheets: Map<string, SheetInfo>;
  const id = (judge: string, entrant: string): string => sheetIdIn(sheets, judge, entrant);
  const item = async (sheetId: string) => ({
    id: sheetId,
    revision: (await sheet(h, f, sheetId)).revision,
  });
  const bulk = (token: string | undefined, body: unknown) =>
    h.call('POST', `/api/competitions/${C}/sheets/verify`, { token, body });
  const verifyEntries = async (): Promise<{ sheet: string; actor: string }[]> =>
    (
      await query<{ sheet: string; actor: string }>(
        h,
        sql`select data->>'sheet' as sheet, actor from audit_log
            where action = 'sheet.verify' and competition_id = ${C} order by seq`,
      )
    ).map((r) => ({ sheet: r.sheet, actor: r.actor }));

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    sheets = await sheetsOf(h, f);
    for (const e of ['E1', 'E2', 'E3', 'E4']) {
      const s = id('J1', e);
      await mark(h, f, f.judges['J1'], s, 'seal', 30);
      await submit(h, f, 'J1', s);
    }
    // The chief judge corrects a mark on E3's signed sheet: someone else must verify it.
    await mark(h, f, f.chief, id('J1', 'E3'), 'seal', 31, '复核录像，密封性测试加 1 分');
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const before = await fingerprint(h);
    const s1 = await item(id('J1', 'E1'));
    const cases: [unknown, string][] = [
      [{}, 'body.sheets'],
      [{ sheets: [] }, 'body.sheets'],
      [{ sheets: 'all' }, 'body.sheets'],
      [{ sheets: [{ id: 'not-a-uuid', revision: 1 }] }, 'body.sheets[0].id'],
      [{ sheets: [s1, { id: s1.id }] }, 'body.sheets[1].revision'],
      [{ sheets: [{ ...s1, revision: -1 }] }, 'body.sheets[0].revision'],
      [{ sheets: [{ ...s1, status: 'submitted' }] }, 'body.sheets[0].status'],
      [{ sheets: [s1, s1] }, 'body.sheets[1].id'],
    ];
    for (const [body, path] of cases) {
      const r = await bulk(f.chief, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expectErrorBody(r);
      expect(
        (r.body.details as { path: string }[]).map((d) => d.path),
        JSON.stringify(r.body),
      ).toContain(path);
    }
    const judge = await bulk(f.judges['J2'], { sheets: [s1] });
    expect(judge.status).toBe(403);
    expectErrorBody(judge);
    const unknown = await h.call('POST', '/api/competitions/no-such/sheets/verify', {
      token: f.organizer,
      body: { sheets: [s1] },
    });
    expect(unknown.status).toBe(404);
    expectErrorBody(unknown);
    expect(await fingerprint(h)).toEqual(before);
  });

  it('answers per sheet: verifies the clean ones, refuses each other one by its field', async () => {
    const stale = await item(id('J1', 'E2'));
    const asked = [
      await item(id('J1', 'E1')),
      { ...stale, revision: stale.revision - 1 },
      await item(id('J1', 'E3')), // the chief entered a mark on it
      await item(id('J2', 'E1')), // a draft
      { id: randomUUID(), revision: 1 },
      await item(id('J1', 'E4')),
    ];
    const before = await verifyEntries();
    const r = await bulk(f.chief, { sheets: asked });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.verified).toBe(2);
    const results = r.body.results as {
      id: string;
      status: number;
      sheet?: { status: string; revision: number };
      error?: { code: string; details: { path: string; code: string }[] };
    }[];
    expect(results.map((x) => x.id)).toEqual(asked.map((x) => x.id));
    expect(results.map((x) => x.status)).toEqual([200, 409, 403, 409, 404, 200]);
    expect(results[0]?.sheet).toEqual({
      status: 'verified',
      revision: (asked[0]?.revision ?? 0) + 1,
    });
    expect(results[1]?.error).toMatchObject({
      code: 'stale_revision',
      details: [{ path: 'body.sheets[1].revision' }],
    });
    expect(results[2]?.error).toMatchObject({
      code: 'forbidden',
      details: [{ path: 'body.sheets[2].id', code: 'entered_marks' }],
    });
    expect(results[3]?.error).toMatchObject({
      code: 'wrong_state',
      details: [{ path: 'body.sheets[3].id' }],
    });
    expect(results[4]?.error).toMatchObject({
      code: 'not_found',
      details: [{ path: 'body.sheets[4].id' }],
    });
    for (const [i, e] of [
      ['E1', 'verified'],
      ['E2', 'submitted'],
      ['E3', 'submitted'],
      ['E4', 'verified'],
    ] as const) {
      expect((await sheet(h, f, id('J1', i))).status, i).toBe(e);
    }
    expect((await sheet(h, f, id('J2', 'E1'))).status).toBe('draft');
    // One audit entry per verified sheet, none for a refused one.
    const after = await verifyEntries();
    expect(after.slice(before.length).map((e) => e.sheet)).toEqual([
      id('J1', 'E1'),
      id('J1', 'E4'),
    ]);
    const chain = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(chain.body.ok).toBe(true);
  });

  it('the second-person rule holds per sheet: the organizer verifies what the chief may not', async () => {
    const again = await bulk(f.chief, { sheets: [await item(id('J1', 'E3'))] });
    expect(again.body.results[0].status).toBe(403);
    const before = await verifyEntries();
    const r = await bulk(f.organizer, {
      sheets: [await item(id('J1', 'E3')), await item(id('J1', 'E2'))],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.verified).toBe(2);
    const added = (await verifyEntries()).slice(before.length);
    expect(added.map((e) => e.sheet)).toEqual([id('J1', 'E3'), id('J1', 'E2')]);
    expect(added.every((e) => e.actor.startsWith('organizer:'))).toBe(true);
    // Verifying a verified sheet again is refused per sheet, not as a whole.
    const twice = await bulk(f.organizer, { sheets: [await item(id('J1', 'E3'))] });
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({
      verified: 0,
      results: [{ status: 409, error: { code: 'wrong_state' } }],
    });
  });

  it('a chief of another competition is refused', async () => {
    const other = await buildFixture(h, 'bulk-other');
    const r = await bulk(other.chief, { sheets: [await item(id('J1', 'E1'))] });
    expect(r.status).toBe(403);
    expectErrorBody(r);
    expect(r.body.details[0].path).toBe('params.competitionId');
  });
});
