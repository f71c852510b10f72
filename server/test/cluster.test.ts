/**
 * `WORKERS=2 npm start` on Postgres: two worker processes share the port, and a mark written
 * through whichever worker takes the request reaches live viewers connected to either, with the
 * server's hash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@skills/db';
import { openTestDatabase } from '@skills/db/testing';
import { LiveClient, type LiveSocket } from '../src/live-client/index.ts';
import { buildFixture, ORGANIZER, replyOf, requestInit, type Harness } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { until } from './live-rig.ts';

const SERVER = fileURLToPath(new URL('..', import.meta.url));

describe('several worker processes on one port', () => {
  let database: Database;
  let app: ChildProcess;
  let base = '';
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    app = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER,
      env: {
        ...process.env,
        WORKERS: '2',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: database.url ?? '',
        SKILLS_DEMO: '0',
        ADMIN_PASSWORD: ORGANIZER.password,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      app.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Home\s+(http:\/\/localhost:\d+)\//.exec(out);
        if (m?.[1]) resolve(m[1].replace('localhost', '127.0.0.1'));
      });
      app.once('exit', (code) => {
        reject(new Error(`the app exited (${code}): ${out}`));
      });
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    if (app.exitCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    await database.close();
  });

  it('carries a mark to viewers on every worker', async () => {
    const call: Harness['call'] = async (method, path, options = {}) =>
      replyOf(await fetch(`${base}${path}`, requestInit(method, options)));
    const h = {
      call,
      async login(path: string, body: Record<string, unknown>) {
        const r = await call('POST', path, { body: { ...body, bearer: true } });
        if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
        return r.body.token as string;
      },
    } as Harness;
    const f = await buildFixture(h, 'workers');
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
    const server = (await call('GET', '/api/competitions/workers/events/battery/standings')).body;
    for (const t of tables) {
      await until(t, (x) => x.rev === server.rev, 'the last revision on every viewer');
      expect(t.hash).toBe(server.hash);
    }
  });
});
