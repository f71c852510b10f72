/**
 * `npm start` on Postgres serves the viewers' websockets from a live process of its own
 * (src/live-process/): a public viewer over a real websocket gets the snapshot and each patch;
 * an official room still needs a chief judge's or the organizer's session, read from the
 * session cookie in the live process; when the live process dies, marks are still acknowledged
 * and the viewers reconnect to the one started in its place and resume where they were; stopping
 * the app stops it, and so does the app's crash.
 */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@skills/db';
import { openTestDatabase } from '@skills/db/testing';
import { SESSION_COOKIE } from '../src/auth/sessions.ts';
import type { Standings } from '../src/contract/api.ts';
import { LiveClient, type LiveSocket } from '../src/live-client/index.ts';
import { startAppProcess, type AppProcess } from './app-process.ts';
import { buildFixture, httpHarness, type Fixture } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { until, waitFor } from './live-rig.ts';

const C = 'live-proc';
const LIVE_PID = /live process (\d+) takes the viewers' websockets/g;

/** The live processes the app reported starting, in order. */
function livePids(app: AppProcess): number[] {
  return [...app.output().matchAll(LIVE_PID)].map((m) => Number(m[1]));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('viewers in a live process of their own (Postgres)', () => {
  let database: Database;
  let app: AppProcess;
  let f: Fixture;
  const sockets: LiveSocket[] = [];
  const h = httpHarness(() => app.base);
  const socket = (cookie?: string): LiveSocket => {
    const s: LiveSocket = connect(app.base, {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      ...(cookie === undefined ? {} : { extraHeaders: { cookie } }),
    });
    sockets.push(s);
    return s;
  };
  const standings = async (view: 'public' | 'official' = 'public'): Promise<Standings> =>
    (
      await h.call('GET', `/api/competitions/${C}/events/battery/standings?view=${view}`, {
        token: view === 'official' ? f.chief : undefined,
      })
    ).body as Standings;
  /** Standings once the revision after `before` is stored. */
  const after = async (before: number, view: 'public' | 'official' = 'public') => {
    let s = await standings(view);
    for (let i = 0; i < 200 && s.rev === before; i++) {
      await new Promise((r) => setTimeout(r, 25));
      s = await standings(view);
    }
    return s;
  };

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    app = await startAppProcess({ databaseUrl: database.url ?? '' });
    f = await buildFixture(h, C);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.stop('SIGTERM');
    await database.close();
  });

  it('starts one live process beside the API', () => {
    expect(livePids(app)).toHaveLength(1);
    expect(app.output()).toContain('viewers in a live process of their own');
  });

  it('sends a public viewer the snapshot, then the patch of a mark', async () => {
    const table = new LiveClient(socket()).subscribe({ competitionId: C, scope: 'battery' });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    const before = table.rev ?? 0;
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E3'), 'seal', 31);
    const server = await after(before);
    await until(table, (t) => t.rev === server.rev, 'the patch of the mark');
    expect(table.hash).toBe(server.hash);
  });

  it('gives the official view only to a chief judge, by the session cookie', async () => {
    const anon = new LiveClient(socket()).subscribe({
      competitionId: C,
      scope: 'battery',
      view: 'official',
    });
    await until(anon, (t) => t.status === 'error', 'a refusal');
    expect(anon.error?.code).toBe('unauthenticated');
    const judge = new LiveClient(socket(`${SESSION_COOKIE}=${f.judges['J1'] ?? ''}`)).subscribe({
      competitionId: C,
      scope: 'battery',
      view: 'official',
    });
    await until(judge, (t) => t.status === 'error', 'a refusal');
    expect(judge.error?.code).toBe('forbidden');
    const chief = new LiveClient(socket(`${SESSION_COOKIE}=${f.chief}`)).subscribe({
      competitionId: C,
      scope: 'battery',
      view: 'official',
    });
    await until(chief, (t) => t.status === 'live', 'the official snapshot');
    const before = chief.rev ?? 0;
    await mark(h, f, f.judges['J2'], await sheetId(h, f, 'J2', 'E1'), 'seal', 29);
    const server = await after(before, 'official');
    await until(chief, (t) => t.rev === server.rev, 'the official revision');
    expect(chief.hash).toBe(server.hash);
  });

  it('acknowledges marks while the live process is down; viewers resume on the next one', async () => {
    const client = new LiveClient(socket());
    const table = client.subscribe({ competitionId: C, scope: 'battery' });
    await until(table, (t) => t.status === 'live', 'the snapshot');
    const [first] = livePids(app);
    expect(first).toBeDefined();
    process.kill(first ?? 0, 'SIGKILL');
    await waitFor(() => !alive(first ?? 0), 'the live process gone');
    // Acknowledged (201), whether or not a live process runs meanwhile.
    for (const [judge, entrant, value] of [
      ['J1', 'E1', 33],
      ['J2', 'E2', 34],
    ] as const) {
      await mark(h, f, f.judges[judge], await sheetId(h, f, judge, entrant), 'seal', value);
    }
    await waitFor(() => livePids(app).length === 2, 'another live process', 20_000);
    const server = await after(-1);
    await until(table, (t) => t.rev === server.rev && t.status === 'live', 'the resumed table');
    expect(table.hash).toBe(server.hash);
    expect(client.stats.hashMismatches).toBe(0);
  });

  it('stops the live process with the app', async () => {
    const pid = livePids(app).at(-1) ?? 0;
    expect(alive(pid)).toBe(true);
    await app.stop('SIGTERM');
    await waitFor(() => !alive(pid), 'the live process stopped with the app');
  });

  it('ends the live process when the app crashes', async () => {
    app = await startAppProcess({ databaseUrl: database.url ?? '' });
    const pid = livePids(app).at(-1) ?? 0;
    expect(alive(pid)).toBe(true);
    await app.stop('SIGKILL');
    await waitFor(() => !alive(pid), 'the live process gone after the crash');
  });
});
