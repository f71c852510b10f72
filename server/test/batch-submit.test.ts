/**
 * Batch submit (POST /api/competitions/:competitionId/sheets/submit) through the real app on
 * both databases: one PIN for many sheets, one audit entry per signed sheet in the shape a
 * single submit writes, per-sheet refusals (incomplete, empty, stale, another judge's, unknown)
 * that name their item, a wrong PIN that signs nothing and counts towards the sign-in lockout,
 * and bad input refused naming the field before anything changes. Also: a sheet whose every
 * mark was cleared is empty, and is not signed alone either.
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
  type SheetInfo,
} from './helpers.ts';

const C = 'batch';
const COMPLETE = { seal: 30, balance: 30, process: 8 } as const;

describe.each(DATABASE_KINDS)('batch submit on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let sheets: Map<string, SheetInfo>;
  const id = (judge: string, entrant: string): string => sheetIdIn(sheets, judge, entrant);
  const item = async (sheetId: string) => ({
    id: sheetId,
    revision: (await sheet(h, f, sheetId)).revision,
  });
  const batch = (token: string | undefined, body: unknown) =>
    h.call('POST', `/api/competitions/${C}/sheets/submit`, { token, body });
  const complete = async (judge: string, entrant: string): Promise<void> => {
    for (const [criterion, value] of Object.entries(COMPLETE)) {
      await mark(h, f, f.judges[judge], id(judge, entrant), criterion, value);
    }
  };
  const submitEntries = async () =>
    query<{ sheet: string; actor: string; data: Record<string, unknown> }>(
      h,
      sql`select data->>'sheet' as sheet, actor, data from audit_log
          where action = 'sheet.submit' and competition_id = ${C} order by seq`,
    );

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    sheets = await sheetsOf(h, f);
    for (const e of ['E1', 'E2', 'E5', 'E6']) await complete('J1', e);
    await mark(h, f, f.judges['J1'], id('J1', 'E3'), 'seal', 30); // incomplete
    await complete('J2', 'E1');
    await complete('J3', 'E1');
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const other = await buildFixture(h, 'batch-other');
    const before = await fingerprint(h);
    const s1 = await item(id('J1', 'E1'));
    const pin = f.pins['J1'];
    const cases: [unknown, string][] = [
      [{ pin }, 'body.sheets'],
      [{ sheets: [], pin }, 'body.sheets'],
      [{ sheets: 'mine', pin }, 'body.sheets'],
      [{ sheets: [s1] }, 'body.pin'],
      [{ sheets: [s1], pin: '12ab' }, 'body.pin'],
      [{ sheets: [{ id: 'not-a-uuid', revision: 1 }], pin }, 'body.sheets[0].id'],
      [{ sheets: [{ id: s1.id }], pin }, 'body.sheets[0].revision'],
      [{ sheets: [{ ...s1, revision: -1 }], pin }, 'body.sheets[0].revision'],
      [{ sheets: [{ ...s1, sheetId: s1.id }], pin }, 'body.sheets[0].sheetId'],
      [{ sheets: [s1, s1], pin }, 'body.sheets[1].id'],
      [{ sheets: [s1], pin, sign: true }, 'body.sign'],
    ];
    for (const [body, path] of cases) {
      const r = await batch(f.judges['J1'], body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expectErrorBody(r);
      expect(
        (r.body.details as { path: string }[]).map((d) => d.path),
        JSON.stringify(r.body),
      ).toContain(path);
    }
    // Officials do not sign; a judge of another competition is not a member of this one.
    const chief = await batch(f.chief, { sheets: [s1], pin });
    expect(chief.status).toBe(403);
    expectErrorBody(chief);
    const outsider = await batch(other.judges['J1'], { sheets: [s1], pin: other.pins['J1'] });
    expect(outsider.status).toBe(403);
    expect(outsider.body.details[0].path).toBe('params.competitionId');
    expect(await fingerprint(h)).toEqual(before);
  });

  it('signs nothing on a wrong PIN', async () => {
    const before = (await submitEntries()).length;
    const r = await batch(f.judges['J1'], {
      sheets: [await item(id('J1', 'E1'))],
      pin: f.pins['J2'],
    });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'bad_credentials', details: [{ path: 'body.pin' }] });
    expect((await sheet(h, f, id('J1', 'E1'))).status).toBe('draft');
    expect(await submitEntries()).toHaveLength(before);
  });

  it('answers per sheet: signs the complete ones, refuses each other one by its field', async () => {
    const stale = await item(id('J1', 'E5'));
    const asked = [
      await item(id('J1', 'E1')),
      await item(id('J1', 'E3')), // only seal marked
      await item(id('J1', 'E4')), // nothing marked
      { ...stale, revision: stale.revision + 1 },
      await item(id('J2', 'E1')), // another judge's
      { id: randomUUID(), revision: 1 },
      await item(id('J1', 'E2')),
    ];
    const before = (await submitEntries()).length;
    const r = await batch(f.judges['J1'], { sheets: asked, pin: f.pins['J1'] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.submitted).toBe(2);
    const results = r.body.results as {
      id: string;
      status: number;
      sheet?: { status: string; revision: number };
      error?: { code: string; details: { path: string; code: string }[] };
    }[];
    expect(results.map((x) => x.id)).toEqual(asked.map((x) => x.id));
    expect(results.map((x) => x.status)).toEqual([200, 409, 409, 409, 403, 404, 200]);
    expect(results[0]?.sheet).toEqual({
      status: 'submitted',
      revision: (asked[0]?.revision ?? 0) + 1,
    });
    expect(results[1]?.error).toMatchObject({
      code: 'incomplete_sheet',
      details: [{ path: 'body.sheets[1].id', code: 'incomplete_sheet' }],
    });
    expect(results[1]?.error?.details[0]).toMatchObject({
      message: expect.stringContaining('balance, process'),
    });
    expect(results[2]?.error).toMatchObject({
      code: 'empty_sheet',
      details: [{ path: 'body.sheets[2].id' }],
    });
    expect(results[3]?.error).toMatchObject({
      code: 'stale_revision',
      details: [{ path: 'body.sheets[3].revision' }],
    });
    expect(results[4]?.error).toMatchObject({
      code: 'not_assigned',
      details: [{ path: 'body.sheets[4].id' }],
    });
    expect(results[5]?.error).toMatchObject({
      code: 'not_found',
      details: [{ path: 'body.sheets[5].id' }],
    });
    for (const [who, e, status] of [
      ['J1', 'E1', 'submitted'],
      ['J1', 'E2', 'submitted'],
      ['J1', 'E3', 'draft'],
      ['J1', 'E4', 'draft'],
      ['J1', 'E5', 'draft'],
      ['J2', 'E1', 'draft'],
    ] as const) {
      expect((await sheet(h, f, id(who, e))).status, `${who} ${e}`).toBe(status);
    }
    // One audit entry per signed sheet, by the judge, shaped as a single submit's.
    const added = (await submitEntries()).slice(before);
    expect(added.map((e) => e.sheet)).toEqual([id('J1', 'E1'), id('J1', 'E2')]);
    expect(added.every((e) => e.actor.startsWith('judge:'))).toBe(true);
    const single = await h.call('POST', `/api/sheets/${id('J3', 'E1')}/submit`, {
      token: f.judges['J3'],
      body: { revision: (await item(id('J3', 'E1'))).revision, pin: f.pins['J3'] },
    });
    expect(single.status).toBe(200);
    const singleEntry = (await submitEntries()).at(-1);
    expect(Object.keys(added[0]?.data ?? {}).sort()).toEqual(
      Object.keys(singleEntry?.data ?? {}).sort(),
    );
    expect(added[0]?.data).toMatchObject({ from: 'draft', to: 'submitted', event: 'battery' });
    const chain = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(chain.body.ok).toBe(true);
    // Signing a signed sheet again is refused per sheet.
    const twice = await batch(f.judges['J1'], {
      sheets: [await item(id('J1', 'E1')), await item(id('J1', 'E6'))],
      pin: f.pins['J1'],
    });
    expect(twice.body).toMatchObject({
      submitted: 1,
      results: [{ status: 409, error: { code: 'wrong_state' } }, { status: 200 }],
    });
  });

  it('a sheet whose marks were all cleared is empty: signed neither alone nor in a batch', async () => {
    const s = id('J2', 'E2');
    await mark(h, f, f.judges['J2'], s, 'seal', 30);
    await mark(h, f, f.judges['J2'], s, 'seal', null);
    const alone = await h.call('POST', `/api/sheets/${s}/submit`, {
      token: f.judges['J2'],
      body: { revision: (await item(s)).revision, pin: f.pins['J2'] },
    });
    expect(alone.status, JSON.stringify(alone.body)).toBe(409);
    expect(alone.body).toMatchObject({
      code: 'empty_sheet',
      details: [{ path: 'params.sheetId', code: 'empty_sheet' }],
    });
    const inBatch = await batch(f.judges['J2'], { sheets: [await item(s)], pin: f.pins['J2'] });
    expect(inBatch.body.results[0].error.code).toBe('empty_sheet');
    expect((await sheet(h, f, s)).status).toBe('draft');
  });

  it('counts wrong PINs towards the sign-in lockout', async () => {
    const body = async (pin: string) => ({ sheets: [await item(id('J3', 'E2'))], pin });
    for (let i = 0; i < 5; i++) {
      const r = await batch(f.judges['J3'], await body('000000'));
      expect(r.status).toBe(401);
    }
    // Locked: even the right PIN is refused now, and the same lockout holds for signing in.
    const locked = await batch(f.judges['J3'], await body(f.pins['J3'] ?? ''));
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      code: 'too_many_attempts',
      details: [{ path: 'body.pin', code: 'locked' }],
    });
    const login = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J3', pin: f.pins['J3'] },
    });
    expect(login.status).toBe(429);
    const lockouts = await query<{ login: string }>(
      h,
      sql`select data->>'login' as login from audit_log
          where action = 'login.lockout' and competition_id = ${C}`,
    );
    expect(lockouts.map((l) => l.login)).toContain('J3');
    // The chief judge sees the lock in the judges' list.
    const judges = await h.call('GET', `/api/competitions/${C}/judges`, { token: f.chief });
    const j3 = (judges.body.users as { login: string; lockedUntil: string | null }[]).find(
      (j) => j.login === 'J3',
    );
    expect(j3?.lockedUntil).toBeTruthy();
  });

  it('counts a single submit’s wrong PIN towards the same lockout', async () => {
    // One sheet signed with a guessed PIN must cost what a guessed sign-in costs, or a session
    // left open on a tablet could try every PIN here.
    const s = id('J2', 'E1');
    const single = async (pin: string) =>
      h.call('POST', `/api/sheets/${s}/submit`, {
        token: f.judges['J2'],
        body: { revision: (await sheet(h, f, s)).revision, pin },
      });
    for (let i = 0; i < 5; i++) {
      const r = await single('000000');
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ code: 'bad_credentials', details: [{ path: 'body.pin' }] });
    }
    const locked = await single(f.pins['J2'] ?? '');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      code: 'too_many_attempts',
      details: [{ path: 'body.pin', code: 'locked' }],
    });
    expect((await sheet(h, f, s)).status).toBe('draft');
    const login = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J2', pin: f.pins['J2'] },
    });
    expect(login.status).toBe(429);
  });
});
