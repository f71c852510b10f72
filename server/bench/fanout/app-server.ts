/**
 * The server of the end-to-end phase, run as a forked child (with --expose-gc) so that its CPU
 * and memory are its own: the real app as `npm start` runs it (startApp: migrations, the API, the
 * standings publisher, and the live hub with Socket.IO on the same HTTP server, fanning out
 * through the Postgres adapter as it does on Postgres) on the bench's fresh database, plus the
 * bench organizer that bench/seed.ts logs in as.
 *
 * With BENCH_WORKERS=n > 1 it runs the app as `WORKERS=n npm start` does (src/cluster.ts): this
 * process becomes the cluster primary (migrations and the bench organizer once, then n workers
 * sharing the port, forked from this same file with the same execArgv, so with tsx and
 * --expose-gc), and its `memory` answer is the sum over the workers (each after a full GC), with
 * each worker's own figures and connected clients alongside. A worker that dies fails the bench:
 * its viewers would be gone from the measurement.
 *
 *   argv[2]: the database URL
 *   argv[3]: worker processes (BENCH_WORKERS; default 1: the app in this process)
 *   REDIS_URL: fan out through Redis instead, as `npm start` does when it is set
 */
import cluster, { type Worker } from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@skills/db';
import { startApp, type StartOptions, type Started } from '../../src/app-start.ts';
import type { LiveProcess } from '../../src/live-process/parent.ts';
import { startPrimary, startWorker } from '../../src/cluster.ts';
import { createServer } from '../../src/server.ts';
import { ensureOrganizer } from '../../src/services/bootstrap.ts';
import { tellParent, errorText } from '../child-ipc.ts';
import { ORGANIZER } from '../seed.ts';
import {
  summedMemory,
  type FromServer,
  type FromWorker,
  type Memory,
  type ToServer,
  type ToWorker,
  type WorkerMemory,
} from './fanout-ipc.ts';
import { LIVE_DIRECT, LIVE_NICE, LIVE_PROCESS, STANDINGS_THREAD } from './settings.ts';

/** What the primary hands its workers (through the environment they inherit). */
const DATA_DIR_ENV = 'BENCH_APP_DATA_DIR';
const PASSWORD_ENV = 'BENCH_APP_ADMIN_PASSWORD';
/** How long a worker may take to answer `memory` or to stop. */
const WORKER_MS = 30_000;

function memory(): Memory {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, clients: -1 };
}

function tell(message: FromServer): Promise<void> {
  return tellParent(message, 'the app server');
}

function appOptions(databaseUrl: string, dataDir: string, adminPassword: string): StartOptions {
  return {
    databaseUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    demo: false,
    adminPassword,
    redisUrl: process.env['REDIS_URL'],
    liveProcess: LIVE_PROCESS,
    liveNice: LIVE_NICE,
    liveDirect: LIVE_DIRECT,
    standingsThread: STANDINGS_THREAD,
    log: () => undefined,
  };
}

/**
 * This process's memory with its live process's added (each after a full GC), and the live
 * process's own figures beside; its clients are the live process's, which holds the viewers.
 */
async function withLive(own: Memory, liveProcess: LiveProcess | null): Promise<Memory> {
  const live = (await liveProcess?.memory()) ?? null;
  if (live === null) return own;
  return {
    rss: own.rss + live.rss,
    heapUsed: own.heapUsed + live.heapUsed,
    external: own.external + live.external,
    clients: live.clients,
    live: [live],
  };
}

function liveText(adapter: string): string {
  return `Socket.IO hub, ${adapter} adapter${LIVE_PROCESS ? `, viewers in a live process${LIVE_NICE !== 0 ? `, nice ${LIVE_NICE}` : ''}${LIVE_DIRECT ? ', revisions over IPC' : ', revisions through the adapter only'}` : ''}${STANDINGS_THREAD ? ', standings in a thread' : ''}`;
}

function workerCount(): number {
  const raw = process.argv[3] ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`BENCH_WORKERS must be a whole number of processes, got "${raw}"`);
  }
  return n;
}

/**
 * Answers the parent's messages one at a time; `close` stops the server (`stop`), then tells the
 * parent and lets go of the channel.
 */
function serve(answerMemory: () => Promise<Memory>, stop: () => Promise<void>): void {
  let chain = Promise.resolve();
  process.on('message', (m: ToServer) => {
    chain = chain
      .then(async () => {
        switch (m.type) {
          case 'memory':
            await tell({ type: 'memory', memory: await answerMemory() });
            break;
          case 'broadcast':
            throw new Error('the app server broadcasts what the judges write');
          case 'close': {
            await stop();
            await tell({ type: 'closed' });
            process.disconnect();
            break;
          }
        }
      })
      .catch(async (error: unknown) => {
        await tell({ type: 'failed', error: errorText(error) }).catch(() => undefined);
        process.exit(1);
      });
  });
}

/** The app in this one process (BENCH_WORKERS=1). */
async function single(databaseUrl: string, dataDir: string): Promise<void> {
  const started = await startApp(appOptions(databaseUrl, dataDir, `bench-${process.pid}-admin`));
  await ensureOrganizer(started.server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
  serve(
    () => withLive(memory(), started.liveProcess),
    async () => {
      // Keep-alive HTTP connections of the judges must not hold the close.
      (started.http as HttpServer).closeAllConnections();
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  );
  await tell({
    type: 'listening',
    port: started.port,
    live: liveText(started.live.adapter),
    workers: [],
    liveProcesses: started.liveProcess?.pid != null ? [started.liveProcess.pid] : [],
  });
}

/** A worker's memory, asked over the cluster channel. */
function askMemory(worker: Worker): Promise<WorkerMemory> {
  return new Promise((resolve, reject) => {
    const pid = worker.process.pid ?? -1;
    const done = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    const onMessage = (m: FromWorker | { readonly type: string }): void => {
      if (m.type !== 'memory') return;
      done();
      resolve((m as Extract<FromWorker, { type: 'memory' }>).memory);
    };
    const onExit = (): void => {
      done();
      reject(new Error(`worker ${pid} exited while asked for its memory`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker ${pid}: no memory within ${WORKER_MS / 1000} s`));
    }, WORKER_MS);
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    const ask: ToWorker = { type: 'memory' };
    worker.send(ask);
  });
}

/** The cluster primary (BENCH_WORKERS > 1): the bench organizer, then the workers. */
async function primary(databaseUrl: string, dataDir: string, workers: number): Promise<void> {
  const adminPassword = `bench-${process.pid}-admin`;
  // The workers start from the same options: they read these from the environment they inherit.
  process.env[DATA_DIR_ENV] = dataDir;
  process.env[PASSWORD_ENV] = adminPassword;
  const options = appOptions(databaseUrl, dataDir, adminPassword);
  // The bench organizer before any worker serves (openDatabase migrates the fresh database).
  const database = await openDatabase({ url: databaseUrl });
  try {
    const server = createServer({ database });
    await ensureOrganizer(server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    await server.close();
  } finally {
    await database.close();
  }
  let stopping = false;
  // The bench stops at the first failure: the other workers (and the one src/cluster.ts forks
  // in place of a dead one) go with this process.
  const abort = (error: string): void => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill();
    rmSync(dataDir, { recursive: true, force: true });
    void tell({ type: 'failed', error }).finally(() => process.exit(1));
  };
  cluster.on('message', (worker, m: FromWorker | { readonly type: string }) => {
    if (m.type !== 'failed') return;
    const error = (m as Extract<FromWorker, { type: 'failed' }>).error;
    abort(`worker ${worker.process.pid ?? -1}: ${error}`);
  });
  cluster.on('exit', (worker, code, signal) => {
    // One of them is null, whatever the types say.
    abort(`worker ${worker.process.pid ?? -1} exited (code ${String(code)}, signal ${signal})`);
  });
  const started = await startPrimary(
    { ...options, port: 0 },
    workers,
    fileURLToPath(import.meta.url),
  );
  serve(
    async () => {
      const each = await Promise.all(started.workers.map(askMemory));
      return {
        ...summedMemory(each),
        workers: each,
        live: each.flatMap((m) => m.live ?? []),
      };
    },
    async () => {
      stopping = true;
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  );
  await tell({
    type: 'listening',
    port: started.port,
    live: liveText(process.env['REDIS_URL'] ? 'redis' : 'postgres'),
    workers: started.workers.map((w) => w.process.pid ?? -1),
  });
}

/** A cluster worker: the app without seeding (the primary migrated and made the organizers). */
async function worker(databaseUrl: string): Promise<void> {
  const dataDir = process.env[DATA_DIR_ENV];
  const adminPassword = process.env[PASSWORD_ENV];
  if (dataDir === undefined || adminPassword === undefined) {
    throw new Error('a worker of the app server is forked by its primary');
  }
  let started: Started | null = null;
  // Before startWorker: its `listening` may reach a primary that stops us at once.
  process.once('SIGTERM', () => {
    setTimeout(() => process.exit(0), WORKER_MS).unref();
    const app = started;
    if (app === null) process.exit(0);
    // Keep-alive HTTP connections of the judges must not hold the close.
    (app.http as HttpServer).closeAllConnections();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  started = await startWorker(appOptions(databaseUrl, dataDir, adminPassword));
  const app: Started = started;
  process.on('message', (m: ToWorker | { readonly type: string }) => {
    if (m.type !== 'memory') return;
    const own = app.liveProcess
      ? memory()
      : { ...memory(), clients: app.live.io.engine.clientsCount };
    void withLive(own, app.liveProcess).then((total) => {
      const answer: FromWorker = { type: 'memory', memory: { ...total, pid: process.pid } };
      process.send?.(answer);
    });
  });
}

async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  if (databaseUrl === undefined) throw new Error('usage: app-server.ts DATABASE_URL');
  if (cluster.isWorker) {
    await worker(databaseUrl);
    return;
  }
  const workers = workerCount();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fanout-app-'));
  process.on('disconnect', () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  if (workers > 1) await primary(databaseUrl, dataDir, workers);
  else await single(databaseUrl, dataDir);
}

main().catch(async (error: unknown) => {
  if (cluster.isWorker) {
    const failed: FromWorker = { type: 'failed', error: errorText(error) };
    process.send?.(failed);
    // Let the message go out before the channel closes.
    setTimeout(() => process.exit(1), 100);
    return;
  }
  await tell({ type: 'failed', error: errorText(error) }).catch(() => undefined);
  process.exit(1);
});
