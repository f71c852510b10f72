/**
 * A restart under a reconnect storm: the app (startApp, on Postgres; fan-out through Postgres,
 * then through Redis) is stopped and started again on the same port and database while many live
 * viewers, using the project's live client, try to reconnect every 10 ms. A mark is written
 * while it is down. Every viewer must end served by the new process: live, holding the table the
 * server holds, and getting the next mark. A connection accepted before the live endpoint could
 * answer it (fan-out not listening yet, no handlers) used to leave its viewer waiting for good.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@skills/db';
import { openTestDatabase } from '@skills/db/testing';
import { startApp, type Started, type StartOptions } from '../src/app-start.ts';
import type { Standings } from '../src/contract/api.ts';
import { LiveClient, type LiveSocket, type LiveTable } from '../src/live-client/index.ts';
import { createServer } from '../src/server.ts';
import { buildFixture, harnessOf, ORGANIZER, httpHarness, type Fixture } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { waitFor } from './live-rig.ts';
import { tcpProxy, type TcpProxy } from './tcp-proxy.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const VIEWERS = 150;
const RESTARTS = 2;

describe('a restart under a reconnect storm', () => {
  let database: Database;
  // Redis a network hop away: each connection opens 150 ms late (Redis on this machine answers
  // in about a millisecond, which hides what a start-up does meanwhile).
  let redis: TcpProxy;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    redis = await tcpProxy(REDIS_URL, { delayMs: 150 });
  });
  afterAll(async () => {
    await database.close();
    await redis.close();
  });

  it.each([
    ['Postgres', undefined],
    ['Redis', 'proxy'],
  ])(
    'serves every viewer after the app restarts on the same port (%s fan-out)',
    { timeout: 120_000 },
    async (fanout, redisUrl) => {
      const C = `restart-${fanout.toLowerCase()}`;
      const options: StartOptions = {
        databaseUrl: database.url ?? '',
        dataDir: join(tmpdir(), 'unused'),
        webDir: join(tmpdir(), 'no-web-app'),
        port: 0,
        host: '127.0.0.1',
        demo: false,
        adminPassword: ORGANIZER.password,
        redisUrl: redisUrl === undefined ? undefined : redis.url,
        log: () => undefined,
      };
      let app: Started | undefined = await startApp(options);
      const port = app.port;
      const base = `http://127.0.0.1:${port}`;
      const h = httpHarness(() => base);
      const f: Fixture = await buildFixture(h, C);
      const sockets: LiveSocket[] = [];
      try {
        const tables: LiveTable[] = Array.from({ length: VIEWERS }, () => {
          const socket: LiveSocket = connect(base, {
            transports: ['websocket'],
            reconnectionDelay: 10,
            reconnectionDelayMax: 10,
            randomizationFactor: 0,
          });
          sockets.push(socket);
          return new LiveClient(socket).subscribe({ competitionId: C, scope: 'battery' });
        });
        await waitFor(() => tables.every((t) => t.status === 'live'), 'every first snapshot');
        const table = async (): Promise<Standings> =>
          (await h.call('GET', `/api/competitions/${C}/events/battery/standings`))
            .body as Standings;
        /** The table once a revision after `rev` is stored (the recompute runs after the write). */
        const tableAfter = async (rev: number): Promise<Standings> => {
          for (let i = 0; i < 200; i++) {
            const t = await table();
            if (t.rev > rev) return t;
            await new Promise((r) => setTimeout(r, 25));
          }
          throw new Error(`no revision after ${rev}`);
        };
        const served = (server: Standings) => (t: LiveTable) =>
          t.status === 'live' && t.rev === server.rev && t.hash === server.hash;
        const unserved = (server: Standings): number =>
          tables.filter((t) => !served(server)(t)).length;

        for (let restart = 1; restart <= RESTARTS; restart++) {
          await app.stop();
          app = undefined;
          // While it is down, another instance on the same database stores a mark.
          const other = createServer({ database, config: { recomputeWindowMs: 5 } });
          const h2 = harnessOf(other, database, () => other.close());
          const down = 30 + restart;
          await mark(h2, f, f.judges['J1'], await sheetId(h2, f, 'J1', 'E2'), 'seal', down);
          await other.publisher.settle();
          await other.close();

          app = await startApp({ ...options, port });
          const afterRestart = await table();
          await waitFor(() => unserved(afterRestart) === 0, 'every viewer served', 20_000).catch(
            () => undefined,
          );
          expect(unserved(afterRestart), `viewers not served after restart ${restart}`).toBe(0);
          for (const t of tables) expect(t.rows).toEqual(afterRestart.rows);

          // And each is in its room: the next mark reaches all of them.
          await mark(h, f, f.judges['J2'], await sheetId(h, f, 'J2', 'E3'), 'seal', down);
          const next = await tableAfter(afterRestart.rev);
          await waitFor(() => unserved(next) === 0, 'the next mark on every viewer', 20_000).catch(
            () => undefined,
          );
          expect(unserved(next), `viewers without the mark made after restart ${restart}`).toBe(0);
        }
      } finally {
        for (const s of sockets) s.disconnect();
        await app?.stop();
      }
    },
  );
});
