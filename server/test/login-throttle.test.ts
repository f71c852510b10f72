/**
 * Guessing PINs and passwords (server/src/auth/throttle.ts), on a clock the test moves: a lockout
 * lasts minutes and grows with each further failure (1, 2, 4, 8, then 15 minutes), never a day;
 * an attacker spread over many addresses still gets a bounded number of guesses per hour per
 * account; one address is throttled across accounts; the answer while locked says for how long
 * (retry-after, in the header and the body); the chief judge of the competition or the organizer
 * unlocks a judge; lockouts and unlocks are in the hash-chained audit log. The server here stands
 * behind one trusted reverse proxy (trustedProxies: 1): the address is the one that proxy saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase } from '@skills/db/testing';
import { createServer } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import {
  ORGANIZER,
  buildFixture,
  harnessOf,
  replyOf,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import { expectErrorBody } from './helpers.ts';

const C = 'throttle';
const MINUTE = 60_000;

describe.each(DATABASE_KINDS)('login throttle on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let clock = new Date('2025-05-01T08:00:00Z').getTime();
  const advance = (ms: number): void => {
    clock += ms;
  };

  beforeAll(async () => {
    const database = await openTestDatabase(kind);
    const server = createServer({
      database,
      config: { recomputeWindowMs: 5, trustedProxies: 1 },
      now: () => new Date(clock),
    });
    await ensureOrganizer(server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    h = harnessOf(server, database, async () => {
      await server.close();
      await database.close();
    });
    f = await buildFixture(h, C);
  });
  afterAll(async () => {
    await h.close();
  });

  /**
   * A judge login from a given client address (the socket's remote address), or through the
   * proxy (socket 10.255.0.1) with the X-Forwarded-For it sends.
   */
  const judgeLogin = async (
    code: string,
    pin: string,
    address = '10.0.0.1',
    forwardedFor?: string,
  ): Promise<Reply> =>
    replyOf(
      await h.server.app.request(
        '/api/auth/judge-login',
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
          },
          body: JSON.stringify({ competitionId: C, code, pin, bearer: true }),
        },
        { incoming: { socket: { remoteAddress: forwardedFor === undefined ? address : PROXY } } },
      ),
    );
  const PROXY = '10.255.0.1';

  let judges = 0;
  /** A judge of its own, so each test starts from a clean account. */
  const newJudge = async (): Promise<{ id: string; code: string; pin: string }> => {
    const code = `T${++judges}`;
    const pin = String(246800 + judges);
    const r = await h.call('POST', `/api/competitions/${C}/judges`, {
      token: f.organizer,
      body: { code, name: `裁判${code}`, pin },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.id as string, code, pin };
  };
  const wrong = (i: number): string => String(100000 + i);

  /** The seconds a 429 says to wait, checked to agree between header and body. */
  const retryAfter = (r: Reply): number => {
    expect(r.status, JSON.stringify(r.body)).toBe(429);
    expect(r.body.code).toBe('too_many_attempts');
    expectErrorBody(r);
    const header = Number(r.headers.get('retry-after'));
    expect(header).toBeGreaterThan(0);
    expect(r.body.retryAfter).toBe(header);
    return header;
  };

  it('locks an account for a minute after five wrong PINs, says so, and lets it in after', async () => {
    const j = await newJudge();
    for (let i = 0; i < 5; i++) {
      const r = await judgeLogin(j.code, wrong(i));
      expect(r.status).toBe(401);
    }
    const locked = await judgeLogin(j.code, j.pin);
    expect(retryAfter(locked)).toBeLessThanOrEqual(60);
    expect(locked.body.details).toEqual([
      { path: 'body.code', code: 'locked', message: expect.any(String) },
    ]);
    advance(61_000);
    const right = await judgeLogin(j.code, j.pin);
    expect(right.status, JSON.stringify(right.body)).toBe(200);
  });

  it('lets no more than five parallel guesses through before the lockout', async () => {
    const j = await newJudge();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => judgeLogin(j.code, wrong(i), `10.3.0.${i}`)),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('grows each lockout up to 15 minutes and never locks a judge out for a day', async () => {
    const j = await newJudge();
    const waits: number[] = [];
    for (let i = 0; i < 21; i++) {
      let r = await judgeLogin(j.code, wrong(i));
      if (r.status === 429) {
        const s = retryAfter(r);
        waits.push(s);
        advance(s * 1000);
        r = await judgeLogin(j.code, wrong(i));
      }
      expect(r.status, `attempt ${i + 1}: ${JSON.stringify(r.body)}`).toBe(401);
    }
    expect(waits.slice(0, 5)).toEqual([60, 120, 240, 480, 900]);
    for (const s of waits) expect(s).toBeLessThanOrEqual(15 * 60);
    // After the 21st wrong PIN, the judge waits at most 15 minutes.
    const last = await judgeLogin(j.code, j.pin);
    const s = retryAfter(last);
    expect(s).toBeLessThanOrEqual(15 * 60);
    advance(s * 1000);
    expect((await judgeLogin(j.code, j.pin)).status).toBe(200);
  });

  it('bounds the guesses on one account from many addresses: 11 in the first hour, 4 an hour after', async () => {
    const j = await newJudge();
    const answered = [0, 0, 0];
    let i = 0;
    // One guess every 10 seconds for 3 hours, each from an address never seen before.
    for (let t = 0; t < 3 * 3600; t += 10) {
      const r = await judgeLogin(j.code, wrong(i), `10.1.${Math.floor(i / 250)}.${i % 250}`);
      i++;
      expect([401, 429], JSON.stringify(r.body)).toContain(r.status);
      const hour = Math.floor(t / 3600);
      if (r.status === 401) answered[hour] = (answered[hour] ?? 0) + 1;
      advance(10_000);
    }
    expect(answered).toEqual([11, 4, 4]);
  }, 120_000);

  it('throttles one address across accounts without locking out other addresses', async () => {
    const address = '10.2.0.1';
    for (let i = 0; i < 50; i++) {
      const r = await judgeLogin(`X${i}`, wrong(i), address);
      expect(r.status).toBe(401);
    }
    const j = await newJudge();
    const refused = await judgeLogin(j.code, j.pin, address);
    expect(retryAfter(refused)).toBeLessThanOrEqual(15 * 60);
    expect(refused.body.details).toEqual([
      { path: 'address', code: 'locked', message: expect.any(String) },
    ]);
    // The judge's own tablet, elsewhere, is not affected.
    expect((await judgeLogin(j.code, j.pin, '10.2.0.2')).status).toBe(200);
    advance(15 * MINUTE);
    expect((await judgeLogin(j.code, j.pin, address)).status).toBe(200);
  });

  it('behind the trusted proxy, throttles the address the proxy saw, not the proxy itself', async () => {
    // Fifty wrong guesses from one venue phone, each naming a new address of its own to the left
    // of what the proxy appended: the proxy's entry is the one counted.
    for (let i = 0; i < 50; i++) {
      const r = await judgeLogin(`Y${i}`, wrong(i), PROXY, `198.51.100.${i}, 203.0.113.5`);
      expect(r.status).toBe(401);
    }
    const j = await newJudge();
    const refused = await judgeLogin(j.code, j.pin, PROXY, '203.0.113.5');
    expect(refused.body.details).toEqual([
      { path: 'address', code: 'locked', message: expect.any(String) },
    ]);
    // Every other phone reaches the app through the same proxy and is not throttled.
    expect((await judgeLogin(j.code, j.pin, PROXY, '203.0.113.6')).status).toBe(200);
    advance(15 * MINUTE);
  });

  it('lets the chief judge unlock a locked judge; the lockout and the unlock are audited', async () => {
    const j = await newJudge();
    for (let i = 0; i < 5; i++) await judgeLogin(j.code, wrong(i));
    retryAfter(await judgeLogin(j.code, j.pin));
    const listed = await h.call('GET', `/api/competitions/${C}/judges`, { token: f.chief });
    const row = (listed.body.users as { id: string; lockedUntil: string | null }[]).find(
      (u) => u.id === j.id,
    );
    expect(row?.lockedUntil).toBe(new Date(clock + 60_000).toISOString());
    const unlock = await h.call('POST', `/api/competitions/${C}/judges/${j.id}/unlock`, {
      token: f.chief,
    });
    expect(unlock.status, JSON.stringify(unlock.body)).toBe(200);
    expect(unlock.body).toMatchObject({ id: j.id, login: j.code, wasLocked: true });
    expect((await judgeLogin(j.code, j.pin)).status).toBe(200);
    // Unlocking again changes nothing and says so.
    const again = await h.call('POST', `/api/competitions/${C}/judges/${j.id}/unlock`, {
      token: f.organizer,
    });
    expect(again.body).toMatchObject({ wasLocked: false });

    const audit = await h.call('GET', '/api/audit?after=0&limit=1000', { token: f.organizer });
    type Entry = { action: string; competitionId: string; data: Record<string, unknown> };
    const entries = (audit.body.rows as Entry[])
      .filter((e) => e.data['login'] === j.code)
      .map((e): unknown[] => [
        e.action,
        e.competitionId,
        e.data['until'] ?? e.data['lockedUntil'] ?? null,
      ]);
    const until = new Date(clock + 60_000).toISOString();
    expect(entries).toEqual([
      ['judge.create', C, null],
      ['login.lockout', C, until],
      ['login.unlock', C, until],
      ['login.unlock', C, null],
    ]);
    const verify = await h.call('GET', '/api/audit/verify', { token: f.organizer });
    expect(verify.body.ok).toBe(true);
  });

  it('refuses to unlock a judge of another competition or an unknown judge, naming the field', async () => {
    const j = await newJudge();
    const unknown = await h.call(
      'POST',
      `/api/competitions/${C}/judges/00000000-0000-4000-8000-000000000000/unlock`,
      { token: f.chief },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.details[0].path).toBe('params.judgeId');
    const judge = await h.call('POST', `/api/competitions/${C}/judges/${j.id}/unlock`, {
      token: f.judges['J1'],
    });
    expect(judge.status).toBe(403);
    expectErrorBody(judge);
  });
});
