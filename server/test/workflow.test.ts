/**
 * The sheet workflow and the integrity guarantees of DESIGN.md §4, through the real app on both
 * databases: signing with the judge's own PIN, corrections only by the chief judge with a
 * reason, verification by someone who entered nothing, return and resubmit, finalize that says
 * what is missing, locks and a recorded reopen, stale revisions and versions, idempotent
 * resends, concurrent writers, the audit chain under tampering, login throttling, login links,
 * logout, and what the public sees of frozen, hidden and nameless events.
 *
 * One fixture per database; the tests run in order and build on each other.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DATABASE_KINDS } from '@skills/db/testing';
import { buildFixture, startHarness, type Fixture, type Harness, type Reply } from './harness.ts';
import type { PublicRowWire } from '../src/contract/rows.ts';
import {
  counts,
  fingerprint,
  mark,
  query,
  sheet,
  sheetIdIn,
  sheetsOf,
  submit,
  versionOf,
  completeSheets,
  type SheetInfo,
} from './helpers.ts';

const C = 'flow';
describe.each(DATABASE_KINDS)('sheet workflow and integrity on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let sheets: Map<string, SheetInfo>;
  const id = (judge: string, entrant: string): string => sheetIdIn(sheets, judge, entrant);
  const write = (
    token: string | undefined,
    sheetId: string,
    body: Record<string, unknown>,
  ): Promise<Reply> =>
    h.call('POST', `/api/sheets/${sheetId}/marks`, {
      token,
      body: { opId: randomUUID(), ...body },
    });
  const act = async (
    token: string | undefined,
    sheetId: string,
    action: 'submit' | 'verify' | 'return' | 'reopen',
    body: Record<string, unknown> = {},
  ): Promise<Reply> =>
    h.call('POST', `/api/sheets/${sheetId}/${action}`, {
      token,
      body: { revision: (await sheet(h, f, sheetId)).revision, ...body },
    });
  const setStatus = (token: string | undefined, from: string, status: string, reason?: string) =>
    h.call('POST', `/api/competitions/${C}/events/battery/status`, {
      token,
      body: { from, status, ...(reason !== undefined ? { reason } : {}) },
    });
  const eventStatus = async (): Promise<string> =>
    (await h.call('GET', `/api/competitions/${C}`)).body.events[0].status as string;
  const standings = async (view: 'public' | 'official', token?: string, scope = 'events/battery') =>
    h.call('GET', `/api/competitions/${C}/${scope}/standings?view=${view}`, { token });
  const verifyChain = async () =>
    (await h.call('GET', '/api/audit/verify', { token: f.organizer })).body as {
      ok: boolean;
      checked: number;
      head: { seq: number };
      break: { seq: number; reason: string } | null;
    };

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    sheets = await sheetsOf(h, f);
  });
  afterAll(async () => {
    await h.close();
  });

  it("submits only with the judge's own PIN, and never an empty sheet", async () => {
    const s = id('J1', 'E1');
    const empty = await act(f.judges['J1'], s, 'submit', { pin: f.pins['J1'] });
    expect(empty.status, JSON.stringify(empty.body)).toBe(409);
    expect(empty.body.code).toBe('empty_sheet');
    await mark(h, f, f.judges['J1'], s, 'seal', 30);
    const before = await sheet(h, f, s);
    const wrongPin = await act(f.judges['J1'], s, 'submit', { pin: f.pins['J2'] });
    expect(wrongPin.status).toBe(401);
    expect(wrongPin.body).toMatchObject({
      code: 'bad_credentials',
      details: [{ path: 'body.pin' }],
    });
    const after = await sheet(h, f, s);
    expect(after.status).toBe('draft');
    expect(after.revision).toBe(before.revision);
    const signed = await act(f.judges['J1'], s, 'submit', { pin: f.pins['J1'] });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.status).toBe('submitted');
  });

  it('after submit, only the chief judge changes marks, with a reason; a verified sheet drops back', async () => {
    const s = id('J1', 'E1');
    const before = await counts(h, ['marks', 'operations', 'audit_log']);
    const byJudge = await write(f.judges['J1'], s, {
      criterion: 'seal',
      value: 31,
      expectedVersion: 1,
    });
    expect(byJudge.status).toBe(409);
    expect(byJudge.body.code).toBe('wrong_state');
    for (const criterion of ['seal', 'balance']) {
      const noReason = await write(f.chief, s, {
        criterion,
        value: 31,
        expectedVersion: criterion === 'seal' ? 1 : 0,
      });
      expect(noReason.status, criterion).toBe(400);
      expect(noReason.body).toMatchObject({
        code: 'invalid_input',
        details: [{ path: 'body.reason', code: 'required' }],
      });
    }
    expect(await counts(h, ['marks', 'operations', 'audit_log'])).toEqual(before);

    const verified = await act(f.chief, s, 'verify');
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.status).toBe('verified');
    const corrected = await write(f.chief, s, {
      criterion: 'seal',
      value: 31,
      expectedVersion: 1,
      reason: '复核录像，密封性测试加 1 分',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect(corrected.body).toMatchObject({
      sheetStatus: 'submitted',
      mark: { version: 2, value: '31', reason: '复核录像，密封性测试加 1 分' },
    });
    expect((await sheet(h, f, s)).status).toBe('submitted');

    // The chief entered a mark on it now: someone else verifies.
    const self = await act(f.chief, s, 'verify');
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('forbidden');
    const byJudgeVerify = await act(f.judges['J2'], s, 'verify');
    expect(byJudgeVerify.status).toBe(403);
    const byOrganizer = await act(f.organizer, s, 'verify');
    expect(byOrganizer.status, JSON.stringify(byOrganizer.body)).toBe(200);
    expect(byOrganizer.body.status).toBe('verified');
  });

  it('returns a sheet with a note; the judge corrects with reasons and signs again', async () => {
    const s = id('J2', 'E1');
    await mark(h, f, f.judges['J2'], s, 'seal', 31);
    await mark(h, f, f.judges['J2'], s, 'balance', 30);
    await submit(h, f, 'J2', s);
    const noNote = await act(f.chief, s, 'return');
    expect(noNote.status).toBe(400);
    expect(noNote.body.details.map((d: { path: string }) => d.path)).toContain('body.note');
    const returned = await act(f.chief, s, 'return', { note: '密封性测试分偏高，请复核' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.status).toBe('returned');
    const seen = await h.call('GET', `/api/sheets/${s}`, { token: f.judges['J2'] });
    expect(seen.body).toMatchObject({ status: 'returned', note: '密封性测试分偏高，请复核' });

    const noReason = await write(f.judges['J2'], s, {
      criterion: 'seal',
      value: 30,
      expectedVersion: 1,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].path).toBe('body.reason');
    const fixed = await write(f.judges['J2'], s, {
      criterion: 'seal',
      value: 30,
      expectedVersion: 1,
      reason: '重新读数',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    // A first mark on a returned sheet needs no reason: nothing is being changed.
    const added = await write(f.judges['J2'], s, {
      criterion: 'process',
      value: 8,
      expectedVersion: 0,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const again = await submit(h, f, 'J2', s);
    expect(again.body).toMatchObject({ status: 'submitted', note: null });
  });

  it('refuses a transition on a stale sheet revision', async () => {
    const s = id('J2', 'E1');
    const current = await sheet(h, f, s);
    const stale = await h.call('POST', `/api/sheets/${s}/verify`, {
      token: f.chief,
      body: { revision: current.revision - 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'stale_revision',
      details: [{ path: 'body.revision' }],
      current: { status: 'submitted', revision: current.revision },
    });
    expect((await sheet(h, f, s)).status).toBe('submitted');
  });

  it('replays a resent operation, and refuses an operation id reused for another change', async () => {
    const s = id('J3', 'E1');
    const op = { opId: randomUUID(), criterion: 'seal', value: 30, expectedVersion: 0 };
    const first = await h.call('POST', `/api/sheets/${s}/marks`, {
      token: f.judges['J3'],
      body: op,
    });
    expect(first.status).toBe(201);
    const before = await counts(h, ['marks', 'operations', 'audit_log']);
    const reused = await h.call('POST', `/api/sheets/${s}/marks`, {
      token: f.judges['J3'],
      body: { ...op, value: 32 },
    });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'op_id_reused', details: [{ path: 'body.opId' }] });
    const otherSheet = await h.call('POST', `/api/sheets/${id('J3', 'E2')}/marks`, {
      token: f.judges['J3'],
      body: op,
    });
    expect(otherSheet.status).toBe(409);
    expect(otherSheet.body.code).toBe('op_id_reused');
    const resent = await h.call('POST', `/api/sheets/${s}/marks`, {
      token: f.judges['J3'],
      body: op,
    });
    expect(resent.status).toBe(201);
    expect(resent.body).toEqual(first.body);
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect(await counts(h, ['marks', 'operations', 'audit_log'])).toEqual(before);
    const history = await h.call('GET', `/api/sheets/${s}/history`, { token: f.judges['J3'] });
    expect(history.body.marks).toHaveLength(1);
    expect(history.body.marks[0]).toMatchObject({ value: '30', opId: op.opId });
  });

  it('answers each op of a batch on its own, and replays a resent batch', async () => {
    const e2 = id('J3', 'E2');
    const e3 = id('J3', 'E3');
    const ops = [
      { opId: randomUUID(), sheetId: e2, criterion: 'seal', value: 30, expectedVersion: 0 },
      { opId: randomUUID(), sheetId: e2, criterion: 'balance', value: 41, expectedVersion: 0 },
      { opId: randomUUID(), sheetId: e3, criterion: 'seal', value: 31, expectedVersion: 0 },
      { opId: randomUUID(), sheetId: e2, criterion: 'seal', value: 29, expectedVersion: 0 },
      {
        opId: randomUUID(),
        sheetId: id('J1', 'E3'),
        criterion: 'seal',
        value: 30,
        expectedVersion: 0,
      },
    ];
    const first = await h.call('POST', '/api/marks/batch', {
      token: f.judges['J3'],
      body: { ops },
    });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([
      201, 422, 201, 409, 403,
    ]);
    expect(first.body.results.map((r: { opId: string }) => r.opId)).toEqual(ops.map((o) => o.opId));
    expect(first.body.results[1].body).toMatchObject({
      code: 'invalid_mark',
      details: [{ path: 'body.value' }],
    });
    expect(first.body.results[3].body).toMatchObject({
      code: 'stale_version',
      current: { version: 1, value: '30' },
    });
    expect(first.body.results[4].body.code).toBe('not_assigned');
    const before = await counts(h, ['marks', 'operations', 'audit_log']);
    const again = await h.call('POST', '/api/marks/batch', {
      token: f.judges['J3'],
      body: { ops },
    });
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: number }) => r.status)).toEqual([
      201, 422, 201, 409, 403,
    ]);
    expect(again.body.results[0].body).toEqual(first.body.results[0].body);
    expect(again.body.results[2].body).toEqual(first.body.results[2].body);
    expect(await counts(h, ['marks', 'operations', 'audit_log'])).toEqual(before);
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    const tabletA = f.judges['J3'];
    const tabletB = await h.login('/api/auth/judge-login', {
      competitionId: C,
      code: 'J3',
      pin: f.pins['J3'],
    });
    for (const [entrant, criterion, expectedVersion] of [
      ['E4', 'seal', 0],
      ['E4', 'balance', 0],
      ['E4', 'seal', 1],
      ['E5', 'seal', 0],
    ] as const) {
      const s = id('J3', entrant);
      const [a, b] = await Promise.all([
        write(tabletA, s, { criterion, value: 30, expectedVersion }),
        write(tabletB, s, { criterion, value: 31, expectedVersion }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses, JSON.stringify([a.body, b.body])).toEqual([201, 409]);
      const [won, lost] = a.status === 201 ? [a, b] : [b, a];
      expect(lost.body).toMatchObject({
        code: 'stale_version',
        current: { version: expectedVersion + 1, value: won.body.mark.value },
      });
      const versions = await query<{ n: number }>(
        h,
        sql`select count(*)::int as n from marks where sheet_id = ${s} and criterion_id = ${criterion}`,
      );
      expect(versions[0]?.n).toBe(expectedVersion + 1);
    }
  });

  it('refuses to finalize while sheets are unverified or marks missing, and says which', async () => {
    const before = await fingerprint(h);
    const refused = await setStatus(f.chief, 'live', 'final');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('not_ready');
    const details = refused.body.details as { path: string; code: string; message: string }[];
    const draw = await h.call('GET', `/api/competitions/${C}/events/battery/draw`, {
      token: f.organizer,
    });
    const codeOf = new Map(
      (draw.body.codes as { entrant: string; code: string }[]).map((c) => [c.entrant, c.code]),
    );
    expect(details).toContainEqual(
      expect.objectContaining({ path: `sheets.J9.${codeOf.get('E1')}`, code: 'sheet_draft' }),
    );
    expect(details).toContainEqual(
      expect.objectContaining({ path: `sheets.J2.${codeOf.get('E1')}`, code: 'sheet_submitted' }),
    );
    expect(details.some((d) => d.code === 'incomplete')).toBe(true);
    // Verified and complete sheets are not listed.
    expect(details.map((d) => d.path)).not.toContain(`sheets.J1.${codeOf.get('E1')}`);
    expect(await eventStatus()).toBe('live');
    expect(await fingerprint(h)).toEqual(before);
  });

  it('finalizes once every sheet is complete and verified', async () => {
    await completeSheets(h, f);
    const fin = await setStatus(f.chief, 'live', 'final');
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    sheets = await sheetsOf(h, f);
    expect([...sheets.values()].every((s) => s.status === 'locked')).toBe(true);
    const official = await standings('public');
    expect(official.body).toMatchObject({ status: 'final', official: true });
    expect(official.body.rows).toHaveLength(6);
  });

  it('refuses every write to a locked sheet, whoever asks', async () => {
    const s = id('J1', 'E2');
    const before = await fingerprint(h);
    const v = await versionOf(h, f, s, 'seal');
    for (const token of [f.judges['J1'], f.chief, f.organizer]) {
      const r = await write(token, s, {
        criterion: 'seal',
        value: 29,
        expectedVersion: v,
        reason: '更正',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(423);
      expect(r.body.code).toBe('sheet_locked');
    }
    const batch = await h.call('POST', '/api/marks/batch', {
      token: f.judges['J1'],
      body: {
        ops: [{ opId: randomUUID(), sheetId: s, criterion: 'seal', value: 29, expectedVersion: v }],
      },
    });
    expect(batch.body.results[0]).toMatchObject({ status: 423, body: { code: 'sheet_locked' } });
    for (const [token, action, extra] of [
      [f.judges['J1'], 'submit', { pin: f.pins['J1'] }],
      [f.chief, 'verify', {}],
      [f.chief, 'return', { note: '请复核' }],
    ] as const) {
      const r = await act(token, s, action, extra);
      expect(r.status, `${action} ${JSON.stringify(r.body)}`).toBe(423);
      expect(r.body.code).toBe('sheet_locked');
    }
    expect(await fingerprint(h)).toEqual(before);
  });

  it('reopens a locked sheet with a reason, in the audit log, and the event is live again', async () => {
    const s = id('J9', 'E1');
    const head = (await verifyChain()).head.seq;
    const byChief = await act(f.chief, s, 'reopen', { reason: '申诉' });
    expect(byChief.status, JSON.stringify(byChief.body)).toBe(403);
    const noReason = await act(f.organizer, s, 'reopen');
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((d: { path: string }) => d.path)).toContain('body.reason');
    expect(await eventStatus()).toBe('final');

    const reason = '选手申诉：密封性测试计时有误';
    const reopened = await act(f.organizer, s, 'reopen', { reason });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body.status).toBe('submitted');
    expect(await eventStatus()).toBe('live');
    const audit = await h.call('GET', `/api/audit?after=${head}`, { token: f.organizer });
    expect(audit.body.rows).toContainEqual(
      expect.objectContaining({
        action: 'sheet.reopen',
        competitionId: C,
        data: expect.objectContaining({ sheet: s, from: 'locked', to: 'submitted', reason }),
      }),
    );
    await h.server.publisher.settle();
    const now = await standings('public');
    expect(now.body).toMatchObject({ status: 'live', official: false });
    // The other sheets stay locked.
    const other = await write(f.chief, id('J2', 'E1'), {
      criterion: 'seal',
      value: 31,
      expectedVersion: await versionOf(h, f, id('J2', 'E1'), 'seal'),
      reason: '更正',
    });
    expect(other.status).toBe(423);
  });

  it('keeps the public at the freeze revision while new marks move the official view', async () => {
    // The reopened theory sheet: one judge, so a corrected exam mark moves the score.
    const s = id('J9', 'E1');
    const frozen = await setStatus(f.chief, 'live', 'frozen');
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    await h.server.publisher.settle();
    const publicBefore = await standings('public');
    const overallBefore = await standings('public', undefined, 'overall/delegations');
    const officialBefore = await standings('official', f.chief);
    const overallOfficialBefore = await standings('official', f.chief, 'overall/delegations');
    expect(publicBefore.body.phase).toBe('frozen');
    expect(overallBefore.body.phase).toBe('frozen');

    const v = await versionOf(h, f, s, 'exam');
    await mark(h, f, f.chief, s, 'exam', 95, '复议后改判');
    await h.server.publisher.settle();
    const officialAfter = await standings('official', f.chief);
    expect(officialAfter.body.rev).toBeGreaterThan(officialBefore.body.rev);
    expect(officialAfter.body.hash).not.toBe(officialBefore.body.hash);
    expect(await versionOf(h, f, s, 'exam')).toBe(v + 1);
    const publicAfter = await standings('public');
    expect(publicAfter.body.rev).toBe(publicBefore.body.rev);
    expect(publicAfter.body.hash).toBe(publicBefore.body.hash);
    expect(publicAfter.body.rows).toEqual(publicBefore.body.rows);
    const overallAfter = await standings('public', undefined, 'overall/delegations');
    expect(overallAfter.body.rev).toBe(overallBefore.body.rev);
    expect(overallAfter.body.rows).toEqual(overallBefore.body.rows);
    const overallOfficial = await standings('official', f.chief, 'overall/delegations');
    expect(overallOfficial.body.rev).toBeGreaterThan(overallOfficialBefore.body.rev);

    const thawed = await setStatus(f.chief, 'frozen', 'live');
    expect(thawed.status).toBe(200);
    await h.server.publisher.settle();
    const live = await standings('public');
    expect(live.body.phase).toBe('provisional');
    expect(live.body.rev).toBeGreaterThan(publicBefore.body.rev);
    expect(live.body.hash).not.toBe(publicBefore.body.hash);
  });

  it('hides an event with publicVisible=false from the public, not from officials', async () => {
    const hide = await h.call('PUT', `/api/competitions/${C}/events/battery/settings`, {
      token: f.chief,
      body: { publicVisible: false },
    });
    expect(hide.status).toBe(200);
    const pub = await standings('public');
    expect(pub.status).toBe(403);
    expect(pub.body.code).toBe('forbidden');
    const asJudge = await standings('public', f.judges['J1']);
    expect(asJudge.status).toBe(403);
    // The overall table adds this event up: it is hidden with it.
    const overall = await standings('public', undefined, 'overall/delegations');
    expect(overall.status).toBe(403);
    for (const token of [f.chief, f.organizer]) {
      const official = await standings('official', token);
      expect(official.status).toBe(200);
      expect(official.body.rows).toHaveLength(6);
      expect((await standings('official', token, 'overall/delegations')).status).toBe(200);
    }
    const show = await h.call('PUT', `/api/competitions/${C}/events/battery/settings`, {
      token: f.chief,
      body: { publicVisible: true },
    });
    expect(show.status).toBe(200);
    expect((await standings('public')).status).toBe(200);
  });

  it('shows the public no explanations or judge marks, and no names when publicNames=false', async () => {
    await h.server.publisher.settle();
    const official = await standings('official', f.chief);
    const row = official.body.rows[0];
    expect(row).toHaveProperty('modules');
    expect(JSON.stringify(official.body.rows)).toContain('"judge":"J1"');
    const publicRows = (await standings('public')).body.rows as Record<string, unknown>[];
    expect(publicRows).toHaveLength(6);
    // The test's own list pins the contract: a field added to the public row must be added here.
    const ALLOWED = new Set<string>([
      'position',
      'competitor',
      'name',
      'delegation',
      'team',
      'rank',
      'tie',
      'status',
      'score',
      'time',
      'deductions',
      'total',
      'parts',
      'bib',
      'flags',
      'moduleScores',
      'members',
    ] satisfies (keyof PublicRowWire)[]);
    for (const r of publicRows) {
      for (const k of Object.keys(r)) expect(ALLOWED.has(k), k).toBe(true);
      expect(r).not.toHaveProperty('modules');
      expect(typeof r['name']).toBe('string');
    }
    const text = JSON.stringify(publicRows);
    expect(text).not.toContain('"judge"');
    expect(text).not.toContain('"marks"');
    expect(text).not.toContain('"criteria"');
    expect(text).not.toContain('"spread"');

    const nameless = await h.call('PUT', `/api/competitions/${C}/events/battery/settings`, {
      token: f.organizer,
      body: { publicNames: false },
    });
    expect(nameless.status).toBe(200);
    const hidden = (await standings('public')).body.rows as Record<string, unknown>[];
    for (const r of hidden) {
      expect(r).not.toHaveProperty('name');
      expect(r['bib']).toMatch(/^\d{3}$/);
    }
    expect(JSON.stringify(hidden)).not.toContain('选手');
    const stillNamed = await standings('official', f.chief);
    expect(JSON.stringify(stillNamed.body.rows)).toContain('选手');
  });

  it('throttles PIN guessing: the sixth wrong PIN is 429, and then even the right one', async () => {
    const created = await h.call('POST', `/api/competitions/${C}/judges`, {
      token: f.organizer,
      body: { code: 'T1', name: '裁判T1', pin: '246810' },
    });
    expect(created.status).toBe(201);
    const attempt = (pin: string) =>
      h.call('POST', '/api/auth/judge-login', { body: { competitionId: C, code: 'T1', pin } });
    for (let i = 0; i < 5; i++) {
      const r = await attempt(String(100000 + i));
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('bad_credentials');
    }
    const sixth = await attempt('100005');
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('too_many_attempts');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await attempt('246810');
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).not.toBeNull();
    // Another judge is not locked out by it.
    const other = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J2', pin: f.pins['J2'], bearer: true },
    });
    expect(other.status).toBe(200);
    // The chief judge lets the locked-out judge in with a login link.
    const link = await h.call(
      'POST',
      `/api/competitions/${C}/judges/${created.body.id}/login-link`,
      { token: f.chief },
    );
    const viaLink = await h.call('POST', '/api/auth/link-login', {
      body: { token: link.body.token, bearer: true },
    });
    expect(viaLink.status, JSON.stringify(viaLink.body)).toBe(200);
    expect(viaLink.body.user.login).toBe('T1');
  });

  it('accepts a login link once', async () => {
    const link = await h.call(
      'POST',
      `/api/competitions/${C}/judges/${f.judgeIds['J2']}/login-link`,
      {
        token: f.chief,
      },
    );
    expect(link.status).toBe(201);
    expect(link.body.url).toContain(link.body.token);
    expect(link.body.qrSvg).toContain('<svg');
    const first = await h.call('POST', '/api/auth/link-login', {
      body: { token: link.body.token, bearer: true },
    });
    expect(first.status).toBe(200);
    const me = await h.call('GET', '/api/auth/me', { token: first.body.token });
    expect(me.body).toMatchObject({ role: 'judge', login: 'J2', competitionId: C });
    const second = await h.call('POST', '/api/auth/link-login', {
      body: { token: link.body.token, bearer: true },
    });
    expect(second.status).toBe(401);
    expect(second.body.code).toBe('bad_credentials');
  });

  it('revokes a bearer token at logout', async () => {
    const token = await h.login('/api/auth/judge-login', {
      competitionId: C,
      code: 'J3',
      pin: f.pins['J3'],
    });
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(200);
    const out = await h.call('POST', '/api/auth/logout', { token });
    expect(out.status).toBe(200);
    const after = await h.call('GET', '/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect((await h.call('GET', '/api/judge/sheets', { token })).status).toBe(401);
    expect((await h.call('POST', '/api/auth/logout', { token })).status).toBe(401);
    // Other sessions of the same judge are untouched.
    expect((await h.call('GET', '/api/auth/me', { token: f.judges['J3'] })).status).toBe(200);
  });

  it('verifies the audit chain, and finds a changed row, a deleted row and deleted last rows', async () => {
    const clean = await verifyChain();
    expect(clean).toMatchObject({ ok: true, break: null });
    expect(clean.checked).toBe(clean.head.seq);
    expect(clean.checked).toBeGreaterThan(100);
    const [markRow] = await query<{ seq: number }>(
      h,
      sql`select seq from audit_log where action = 'mark.write' order by seq limit 1 offset 5`,
    );
    const n = Number(markRow?.seq);
    expect(n).toBeGreaterThan(1);

    // Changed: a mark's value rewritten in place.
    const [orig] = await query<{ data: string }>(
      h,
      sql`select data::text as data from audit_log where seq = ${n}`,
    );
    await query(
      h,
      sql`update audit_log set data = jsonb_set(data, '{value}', '"40"') where seq = ${n}`,
    );
    expect(await verifyChain()).toMatchObject({
      ok: false,
      break: { seq: n, reason: 'hash_mismatch' },
    });
    await query(h, sql`update audit_log set data = ${orig?.data}::jsonb where seq = ${n}`);
    expect((await verifyChain()).ok).toBe(true);

    // Deleted: one row from the middle.
    const backup = sql.identifier(`audit_backup_${kind}`);
    await query(h, sql`create table ${backup} as select * from audit_log where seq = ${n}`);
    await query(h, sql`delete from audit_log where seq = ${n}`);
    expect(await verifyChain()).toMatchObject({ ok: false, break: { seq: n, reason: 'gap' } });
    await query(h, sql`insert into audit_log select * from ${backup}`);
    await query(h, sql`drop table ${backup}`);
    expect((await verifyChain()).ok).toBe(true);

    // Deleted: the last rows (the head still remembers how long the chain was).
    const last = clean.head.seq;
    await query(h, sql`create table ${backup} as select * from audit_log where seq > ${last - 2}`);
    await query(h, sql`delete from audit_log where seq > ${last - 2}`);
    expect(await verifyChain()).toMatchObject({
      ok: false,
      checked: last - 2,
      break: { seq: last - 1, reason: 'head_mismatch' },
    });
    await query(h, sql`insert into audit_log select * from ${backup}`);
    await query(h, sql`drop table ${backup}`);
    expect(await verifyChain()).toMatchObject({ ok: true, checked: last });
  });
});
