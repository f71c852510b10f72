/**
 * `npm start`: the app on one port, on PGlite in ./.data/pglite unless DATABASE_URL is set,
 * with the demo competitions seeded on first start (SKILLS_DEMO=0 to skip).
 *
 * Environment: PORT (3000), HOST (0.0.0.0, so tablets on the venue network can reach it),
 * DATABASE_URL, REDIS_URL (live fan-out through Redis instead of Postgres), WORKERS (worker
 * processes sharing the port, one per core for many live viewers; needs DATABASE_URL), DATA_DIR,
 * SKILLS_DEMO, ADMIN_PASSWORD, PUBLIC_URL (the address phones and login links use), TRUST_PROXY
 * (how many reverse proxies stand in front: the sign-in throttle then reads X-Forwarded-For),
 * LIVE_PROCESS (on Postgres the viewers' websockets are served by a live process of their own,
 * so that they never hold up a judge's acknowledgement; 0 keeps them in the API process), LIVE_NICE
 * (that process's niceness, default 0), STANDINGS_THREAD (on Postgres standings are recomputed in a
 * thread of their own, off the event loop that acknowledges marks; 0 keeps them on it).
 */
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { banner, startApp, type StartOptions } from './app-start.ts';
import { startPrimary, startWorker } from './cluster.ts';
import { demoCompetitions } from './demo/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = process.env;
const demo = env['SKILLS_DEMO'] !== '0';
const adminPassword = env['ADMIN_PASSWORD'] ?? 'admin-demo-2026';
const workers = Number(env['WORKERS'] ?? 1);
const trustedProxies = Number(env['TRUST_PROXY'] ?? 0);
const liveProcess = env['LIVE_PROCESS'] !== '0' && Boolean(env['DATABASE_URL']);
const liveNice = Number(env['LIVE_NICE'] ?? 0);
const standingsThread = env['STANDINGS_THREAD'] !== '0' && Boolean(env['DATABASE_URL']);
const options: StartOptions = {
  databaseUrl: env['DATABASE_URL'],
  dataDir: resolve(root, env['DATA_DIR'] ?? '.data/pglite'),
  port: Number(env['PORT'] ?? 3000),
  host: env['HOST'] ?? '0.0.0.0',
  demo,
  adminPassword,
  redisUrl: env['REDIS_URL'],
  publicUrl: env['PUBLIC_URL'],
  trustedProxies,
  liveProcess,
  liveNice,
  standingsThread,
  log: (line) => {
    console.log(line);
  },
};

function onSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('stopping …');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

if (!Number.isInteger(workers) || workers < 1) {
  console.error(`WORKERS must be a whole number of processes, got "${env['WORKERS'] ?? ''}"`);
  process.exit(1);
}
if (!Number.isInteger(trustedProxies) || trustedProxies < 0) {
  console.error(
    `TRUST_PROXY must be the number of reverse proxies in front (0, 1, 2 …), got "${env['TRUST_PROXY'] ?? ''}"`,
  );
  process.exit(1);
}
if (!Number.isInteger(liveNice) || liveNice < -20 || liveNice > 19) {
  console.error(`LIVE_NICE must be a niceness from -20 to 19, got "${env['LIVE_NICE'] ?? ''}"`);
  process.exit(1);
}
if (workers > 1 && !options.databaseUrl) {
  console.error('WORKERS needs DATABASE_URL: the embedded database lives inside one process');
  process.exit(1);
}

if (cluster.isWorker) {
  const started = await startWorker(options);
  onSignal(() => started.stop());
} else if (workers > 1) {
  const primary = await startPrimary(options, workers);
  const location = new URL(options.databaseUrl ?? '');
  location.password = '';
  console.log(
    banner(
      {
        port: primary.port,
        database: { kind: 'postgres', location: location.toString() },
        live: { adapter: env['REDIS_URL'] ? 'redis' : 'postgres' },
        workers,
        liveProcess,
      },
      adminPassword,
      demo ? demoCompetitions : [],
    ),
  );
  onSignal(() => primary.stop());
} else {
  const started = await startApp(options);
  console.log(
    banner(
      { ...started, liveProcess: started.liveProcess !== null },
      adminPassword,
      demo ? demoCompetitions : [],
    ),
  );
  onSignal(() => started.stop());
}
