/**
 * The server of the end-to-end phase, run as a forked child (with --expose-gc) so that its CPU
 * and memory are its own: the real app as `npm start` runs it (startApp: migrations, the API, the
 * standings publisher) on the bench's fresh Postgres database, with the live Socket.IO endpoint
 * on the same HTTP server, and the bench organizer that bench/seed.ts logs in as.
 *
 *   argv[2]: the database URL
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../src/app-start.ts';
import type { Server } from '../../src/server.ts';
import { ensureOrganizer } from '../../src/services/bootstrap.ts';
import { tellParent } from '../protocol.ts';
import { ORGANIZER } from '../seed.ts';
import type { FromServer, Memory, ToServer } from './protocol.ts';

const HUB = new URL('../../src/live/hub.ts', import.meta.url);

interface Hub {
  close(): Promise<void>;
}

type AttachLive = (server: Server, http: HttpServer) => Promise<Hub>;

/** The live hub, when src/live/hub.ts exists (it is built beside this bench). */
async function attachLive(server: Server, http: HttpServer): Promise<Hub | null> {
  if (!existsSync(HUB)) return null;
  const hub = (await import(HUB.href)) as { attachLive?: AttachLive };
  if (typeof hub.attachLive !== 'function') return null;
  return hub.attachLive(server, http);
}

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
    log: () => undefined,
  });
  await ensureOrganizer(started.server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
  const hub = await attachLive(started.server, started.http as HttpServer);
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
            const http = started.http as HttpServer;
            http.closeAllConnections();
            await hub?.close();
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
  await tell({ type: 'listening', port: started.port, live: hub ? 'hub' : 'none' });
}

main().catch(async (error: unknown) => {
  await tell({
    type: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  }).catch(() => undefined);
  process.exit(1);
});
