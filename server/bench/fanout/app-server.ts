/**
 * The server of the end-to-end phase, run as a forked child (with --expose-gc) so that its CPU
 * and memory are its own: the real app as `npm start` runs it (startApp: migrations, the API, the
 * standings publisher, and the live hub with Socket.IO on the same HTTP server, fanning out
 * through the Postgres adapter as it does on Postgres) on the bench's fresh database, plus the
 * bench organizer that bench/seed.ts logs in as.
 *
 *   argv[2]: the database URL
 *   REDIS_URL: fan out through Redis instead, as `npm start` does when it is set
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../src/app-start.ts';
import { ensureOrganizer } from '../../src/services/bootstrap.ts';
import { tellParent } from '../protocol.ts';
import { ORGANIZER } from '../seed.ts';
import type { FromServer, Memory, ToServer } from './protocol.ts';

function memory(): Memory {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, clients: -1 };
}

function tell(message: FromServer): Promise<void> {
  return tellParent(message, 'the app server');
}

async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  if (databaseUrl === undefined) throw new Error('usage: app-server.ts DATABASE_URL');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fanout-app-'));
  const started = await startApp({
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    demo: false,
    adminPassword: `bench-${process.pid}-admin`,
    redisUrl: process.env['REDIS_URL'],
    log: () => undefined,
  });
  await ensureOrganizer(started.server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
  let chain = Promise.resolve();
  process.on('message', (m: ToServer) => {
    chain = chain
      .then(async () => {
        switch (m.type) {
          case 'memory':
            await tell({ type: 'memory', memory: memory() });
            break;
          case 'broadcast':
            throw new Error('the app server broadcasts what the judges write');
          case 'close': {
            // Keep-alive HTTP connections of the judges must not hold the close.
            (started.http as HttpServer).closeAllConnections();
            await started.stop();
            rmSync(dataDir, { recursive: true, force: true });
            await tell({ type: 'closed' });
            process.disconnect();
            break;
          }
        }
      })
      .catch(async (error: unknown) => {
        await tell({
          type: 'failed',
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }).catch(() => undefined);
        process.exit(1);
      });
  });
  process.on('disconnect', () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  await tell({
    type: 'listening',
    port: started.port,
    live: `Socket.IO hub, ${started.live.adapter} adapter`,
  });
}

main().catch(async (error: unknown) => {
  await tell({
    type: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  }).catch(() => undefined);
  process.exit(1);
});
