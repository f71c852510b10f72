/**
 * `npm start`: the app on one port, on PGlite in ./.data/pglite unless DATABASE_URL is set,
 * with the demo competitions seeded on first start (SKILLS_DEMO=0 to skip).
 *
 * Environment: PORT (3000), HOST (0.0.0.0, so tablets on the venue network can reach it),
 * DATABASE_URL, REDIS_URL (live fan-out through Redis instead of Postgres), DATA_DIR,
 * SKILLS_DEMO, ADMIN_PASSWORD.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { banner, startApp } from './app-start.ts';
import { demoCompetitions } from './demo/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = process.env;
const demo = env['SKILLS_DEMO'] !== '0';
const adminPassword = env['ADMIN_PASSWORD'] ?? 'admin-demo-2026';

const started = await startApp({
  databaseUrl: env['DATABASE_URL'],
  dataDir: resolve(root, env['DATA_DIR'] ?? '.data/pglite'),
  port: Number(env['PORT'] ?? 3000),
  host: env['HOST'] ?? '0.0.0.0',
  demo,
  adminPassword,
  redisUrl: env['REDIS_URL'],
});
console.log(banner(started, adminPassword, demo ? demoCompetitions : []));

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('stopping …');
  started.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
