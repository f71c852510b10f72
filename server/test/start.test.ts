import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@skills/db/testing';
import { startApp, type Started } from '../src/app-start.ts';
import { io as connect } from 'socket.io-client';
import { evBattery, forestFirefighting } from '../src/demo/index.ts';
import { LiveClient, type LiveSocket } from '../src/live-client/index.ts';
import { until } from './live-rig.ts';

const PASSWORD = 'start-test-admin';

async function json(started: Started, path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${started.port}${path}`, init);
  expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
  return res.json();
}

async function login(started: Started, path: string, body: object): Promise<string> {
  const r = await json(started, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, bearer: true }),
  });
  return r.token as string;
}

/** What a new user checks after `npm start`: both demo competitions, logins, standings. */
async function checkDemo(started: Started): Promise<void> {
  const { competitions } = await json(started, '/api/competitions');
  expect(competitions.map((c: { id: string }) => c.id)).toEqual([
    evBattery.id,
    forestFirefighting.id,
  ]);
  const admin = await login(started, '/api/auth/login', { username: 'admin', password: PASSWORD });
  const auth = { headers: { authorization: `Bearer ${admin}` } };
  const ev = await json(started, `/api/competitions/${evBattery.id}/contestants`, auth);
  expect(ev.contestants).toHaveLength(42);
  const forest = await json(
    started,
    `/api/competitions/${forestFirefighting.id}/contestants`,
    auth,
  );
  expect(forest.contestants).toHaveLength(350);
  const summary = await json(started, `/api/competitions/${forestFirefighting.id}`);
  expect(summary.events).toHaveLength(7);
  const judge = evBattery.judges[1];
  if (!judge) throw new Error('demo judge missing');
  const token = await login(started, '/api/auth/judge-login', {
    competitionId: evBattery.id,
    code: judge.code,
    pin: judge.pin,
  });
  const sheets = await json(started, '/api/judge/sheets', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(sheets.sheets.length).toBeGreaterThan(0);
  expect(JSON.stringify(sheets)).not.toContain(evBattery.contestants[0]?.name ?? '-');
  const standings = await json(
    started,
    `/api/competitions/${evBattery.id}/events/battery/standings`,
  );
  expect(standings.rows).toHaveLength(42);
  expect(standings.rows[0].rank).toBe(1);
  const theory = await json(
    started,
    `/api/competitions/${forestFirefighting.id}/events/theory/standings`,
  );
  expect(theory.official).toBe(true);
  const audit = await json(started, '/api/audit/verify', auth);
  expect(audit.ok).toBe(true);
  // The web app on the same port: its shell for every page path, hashed assets cached for good.
  const home = await fetch(`http://127.0.0.1:${started.port}/judge`);
  expect(home.headers.get('content-type')).toContain('text/html');
  const shell = await home.text();
  const asset = /\/_app\/immutable\/[^"]+\.js/.exec(shell)?.[0];
  expect(asset).toBeDefined();
  const js = await fetch(`http://127.0.0.1:${started.port}${asset ?? ''}`);
  expect(js.status).toBe(200);
  expect(js.headers.get('cache-control')).toContain('immutable');
  // The live endpoint on the same port: a viewer gets the same table, with its hash.
  const socket: LiveSocket = connect(`http://127.0.0.1:${started.port}`, {
    transports: ['websocket'],
  });
  try {
    const table = new LiveClient(socket).subscribe({
      competitionId: evBattery.id,
      scope: 'battery',
    });
    await until(table, (t) => t.status === 'live', 'the live snapshot');
    expect(table.rows).toHaveLength(42);
    expect(table.hash).toBe(standings.hash);
  } finally {
    socket.disconnect();
  }
}

describe('the start command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'start-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const options = {
    port: 0,
    host: '127.0.0.1',
    demo: true,
    adminPassword: PASSWORD,
    log: () => undefined,
  };

  it(
    'seeds both demo competitions on PGlite, and a second start keeps them as they are',
    { timeout: 600_000 },
    async () => {
      const first = await startApp({ ...options, dataDir: join(dir, 'pglite') });
      try {
        await checkDemo(first);
      } finally {
        await first.stop();
      }
      const second = await startApp({ ...options, dataDir: join(dir, 'pglite') });
      try {
        const audit = await json(second, '/api/competitions');
        expect(audit.competitions).toHaveLength(2);
      } finally {
        await second.stop();
      }
    },
  );

  it('does the same on Postgres when DATABASE_URL is set', { timeout: 600_000 }, async () => {
    // A fresh database the app opens through DATABASE_URL; closing `keep` drops it.
    const keep = await openTestDatabase('postgres');
    const url = keep.location;
    try {
      const started = await startApp({
        ...options,
        dataDir: join(dir, 'unused'),
        databaseUrl: url,
      });
      try {
        await checkDemo(started);
      } finally {
        await started.stop();
      }
    } finally {
      await keep.close();
    }
  });
});
