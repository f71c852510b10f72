/**
 * `WORKERS=2 npm start` on Postgres: two worker processes share the port, and a mark written
 * through whichever worker takes the request reaches live viewers connected to either, with the
 * server's hash. Restarted on the same port while a hundred viewers retry every 10 ms, every
 * viewer is served by the new workers (none is left on a connection that never answers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@skills/db';
import type { Standings } from '../src/contract/api.ts';
import { openTestDatabase } from '@skills/db/testing';
import { LiveClient, type LiveSocket } from '../src/live-client/index.ts';
import { buildFixture, ORGANIZER, httpHarness, type Fixture } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { until, waitFor } from './live-rig.ts';

const SERVER = fileURLToPath(new URL('..', import.meta.url));

describe('several worker processes on one port', () => {
  let database: Database;
  let app: ChildProcess;
  let base = '';
  const sockets: LiveSocket[] = [];

  /** Starts `npm start` with two workers on `port` (0: any); resolves with its address. */
  async function start(port: number): Promise<void> {
    app = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER,
      env: {
        ...process.env,
        WORKERS: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url ?? '',
        SKILLS_DEMO: '0',
        ADMIN_PASSWORD: ORGANIZER.password,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = app;
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      started.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Home\s+(http:\/\/localhost:\d+)\//.exec(out);
        if (m?.[1]) resolve(m[1].replace('localhost', '127.0.0.1'));
      });
      started.once('exit', (code) => {
        reject(new Error(`the app exited (${code}): ${out}`));
      });
    });
  }

  async function stop(): Promise<void> {
    if (app.exitCode !== null || app.signalCode !== null) return;
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await start(0);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stop();
    await database.close();
  });

  const h = httpHarness(() => base);
  let f: Fixture;

  it('carries a mark to viewers on every worker', async () => {
    f = await buildFixture(h, 'workers');
    // Connections are handed to the workers in turn: four viewers land on both.
    const tables = Array.from({ length: 4 }, () => {
      const socket: LiveSocket = connect(base, { transports: ['websocket'] });
      sockets.push(socket);
      return new LiveClient(socket).subscribe({ competitionId: 'workers', scope: 'battery' });
    });
    for (const t of tables) await until(t, (x) => x.status === 'live', 'the snapshot');
    for (const [judge, entrant, value] of [
      ['J1', 'E2', 31],
      ['J2', 'E3', 32],
      ['J3', 'E4', 33],
    ] as const) {
      await mark(h, f, f.judges[judge], await sheetId(h, f, judge, entrant), 'seal', value);
    }
    await new Promise((r) => setTimeout(r, 300));
    const server = (await h.call('GET', '/api/competitions/workers/events/battery/standings')).body;
    for (const t of tables) {
      await until(t, (x) => x.rev === server.rev, 'the last revision on every viewer');
      expect(t.hash).toBe(server.hash);
    }
  });

  it(
    'serves every viewer after the workers restart on the same port',
    { timeout: 120_000 },
    async () => {
      const port = Number(new URL(base).port);
      const tables = Array.from({ length: 100 }, () => {
        const socket: LiveSocket = connect(base, {
          transports: ['websocket'],
          reconnectionDelay: 10,
          reconnectionDelayMax: 10,
          randomizationFactor: 0,
        });
        sockets.push(socket);
        return new LiveClient(socket).subscribe({ competitionId: 'workers', scope: 'battery' });
      });
      await waitFor(() => tables.every((t) => t.status === 'live'), 'every first snapshot');
      await stop();
      await start(port);
      expect(base).toBe(`http://127.0.0.1:${port}`);
      // A mark after the restart: every viewer must hold the table with it.
      const standings = async () =>
        (await h.call('GET', '/api/competitions/workers/events/battery/standings'))
          .body as Standings;
      const before = (await standings()).rev;
      await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E5'), 'seal', 35);
      let server = await standings();
      for (let i = 0; i < 200 && server.rev === before; i++) {
        await new Promise((r) => setTimeout(r, 25));
        server = await standings();
      }
      const unserved = (): number =>
        tables.filter((t) => t.status !== 'live' || t.rev !== server.rev || t.hash !== server.hash)
          .length;
      await waitFor(() => unserved() === 0, 'every viewer served', 20_000).catch(() => undefined);
      expect(unserved(), 'viewers not served after the restart').toBe(0);
    },
  );
});
