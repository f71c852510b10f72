/**
 * The live process: forked by the API process (parent.ts) to carry the public's websockets, so
 * that writing a patch to thousands of viewers never holds up a judge's acknowledgement in the
 * API process's event loop. It is one more live instance on the same database (live/hub.ts):
 * its own tables in memory, revisions from the others through the fan-out (Postgres
 * LISTEN/NOTIFY, or Redis), catch-up and official rooms' sessions read from the database. It
 * listens on no port: each websocket upgrade reaches it from the API process, the socket as the
 * IPC message's handle and the request's bytes in the message, and is fed to an HTTP server
 * here as if it had just connected, where Socket.IO takes it. It stops when the API process
 * stops it, and on its own when the API process is gone (the IPC channel closes).
 */
import { createServer as createHttpServer } from 'node:http';
import type { Socket } from 'node:net';
import { openDatabase } from '@skills/db';
import { attachLive } from '../live/hub.ts';
import { createServer } from '../server.ts';
import { LIVE_ENV, type FromLive, type LiveMemory, type ToLive } from './messages.ts';

function tell(message: FromLive): void {
  process.send?.(message);
}

function memory(clients: number): LiveMemory {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, clients, pid: process.pid };
}

async function main(): Promise<void> {
  const databaseUrl = process.env[LIVE_ENV.databaseUrl];
  if (databaseUrl === undefined || databaseUrl === '') {
    throw new Error('the live process is forked by the API process with the database URL');
  }
  const redisUrl = process.env[LIVE_ENV.redisUrl];
  // A few connections: catch-up, snapshots and sessions, never the write path.
  const database = await openDatabase({ url: databaseUrl, poolSize: 4 });
  // It stores nothing: no sweep of stale standings here (the API process runs it).
  const server = createServer({ database, config: { staleSweepMs: 0 } });
  const http = createHttpServer();
  const live = await attachLive(server, http, {
    redisUrl: redisUrl === '' ? undefined : redisUrl,
  });
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await live.close();
      await server.close();
      await database.close();
    })().finally(() => process.exit(0));
    return stopping;
  };
  process.on('message', (m: ToLive, handle?: Socket) => {
    if (m.type === 'revision') {
      live.deliver(m.patch);
    } else if (m.type === 'memory') {
      tell({ type: 'memory', memory: memory(live.io.engine.clientsCount) });
    } else if (handle !== undefined) {
      // As if it had connected here: the HTTP parser reads the request the API process read.
      http.emit('connection', handle);
      handle.emit('data', Buffer.from(m.request, 'base64'));
      handle.resume();
    }
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => undefined);
  tell({ type: 'ready' });
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`live process: ${text}`);
  tell({ type: 'failed', error: text });
  setTimeout(() => process.exit(1), 100);
});
