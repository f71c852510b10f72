/**
 * One instance on every core: `WORKERS=n npm start` (with DATABASE_URL) runs n worker processes
 * that share the port (Node's cluster: the primary hands out connections in turn). Each worker
 * is the whole app, joined to the others the way separate instances are (revisions through the
 * Postgres or Redis adapter), so live viewers are spread over the cores instead of waiting for
 * one process to write to all of them. The primary migrates and seeds once, then forks, restarts
 * a worker that dies, and stops them all on SIGINT/SIGTERM. PGlite lives inside one process, so
 * this needs Postgres.
 *
 * The primary hands a connection only to workers that listen, and a worker (startApp) listens
 * only once its live endpoint can answer: its fan-out listening, its handlers registered. So a
 * worker that starts, or starts again, while viewers reconnect gets none it would leave unanswered.
 */
import cluster, { type Worker } from 'node:cluster';
import { and, eq, isNull } from 'drizzle-orm';
import { openDatabase, users } from '@skills/db';
import { ADMIN_LOGIN, startApp, type StartOptions, type Started } from './app-start.ts';
import { findUser } from './auth/users.ts';
import { demoCompetitions } from './demo/index.ts';
import { isSeeded, seedDemo } from './demo/seed.ts';
import { createServer } from './server.ts';
import { ensureOrganizer } from './services/bootstrap.ts';

/** What a worker tells the primary. */
export type WorkerMessage = { readonly type: 'listening'; readonly port: number };

export interface Primary {
  readonly workers: readonly Worker[];
  /** The port the workers share. */
  readonly port: number;
  stop(): Promise<void>;
}

/** Migrates, makes sure the organizer exists and seeds the demo, in the primary, once. */
async function prepare(options: StartOptions): Promise<void> {
  const database = await openDatabase({ url: options.databaseUrl });
  try {
    const server = createServer({ database });
    await ensureOrganizer(server.ctx, ADMIN_LOGIN, '组委会管理员', options.adminPassword);
    if (options.demo) {
      const admin = await findUser(
        server.ctx.db,
        and(isNull(users.competitionId), eq(users.login, ADMIN_LOGIN)),
      );
      if (!admin) throw new Error('the organizer account is missing');
      for (const demo of demoCompetitions) {
        if (await isSeeded(server.ctx, demo)) continue;
        const t0 = Date.now();
        options.log?.(`seeding demo competition ${demo.id} …`);
        await seedDemo(server.ctx, admin, demo);
        options.log?.(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
    await server.close();
  } finally {
    await database.close();
  }
}

/**
 * The primary: prepares the database, forks `workers` workers running `exec` (default: this
 * process's entry) and resolves once all of them listen.
 */
export async function startPrimary(
  options: StartOptions,
  workers: number,
  exec?: string,
): Promise<Primary> {
  if (options.databaseUrl === undefined || options.databaseUrl === '') {
    throw new Error('WORKERS needs DATABASE_URL: PGlite lives inside one process');
  }
  await prepare(options);
  if (exec !== undefined) cluster.setupPrimary({ exec });
  let stopping = false;
  const live: Worker[] = [];
  const fork = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      live.push(worker);
      worker.on('message', (m: unknown) => {
        const said = m as Partial<WorkerMessage> | null;
        if (said?.type === 'listening' && typeof said.port === 'number') resolve(said.port);
      });
      worker.on('exit', (code) => {
        live.splice(live.indexOf(worker), 1);
        if (stopping) return;
        options.log?.(`worker ${worker.process.pid} exited (${code}); starting another`);
        fork().catch(reject);
      });
    });
  const ports = await Promise.all(Array.from({ length: workers }, fork));
  return {
    get workers() {
      return [...live];
    },
    port: ports[0] ?? options.port,
    async stop() {
      stopping = true;
      await Promise.all(
        live.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => {
                resolve();
              });
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** A worker: the app (without seeding: the primary did), then a word to the primary. */
export async function startWorker(options: StartOptions): Promise<Started> {
  const started = await startApp({ ...options, demo: false });
  const message: WorkerMessage = { type: 'listening', port: started.port };
  process.send?.(message);
  return started;
}
