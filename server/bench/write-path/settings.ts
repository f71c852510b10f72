/**
 * The write-path bench's settings, read once from the environment (the list with defaults is at
 * the top of write-path.bench.ts), and where its child processes' files are.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseKind } from '@skills/db/testing';

const env = process.env;
const num = (name: string, fallback: number): number => {
  const v = Number(env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const SECONDS = num('BENCH_SECONDS', 10);
export const WARMUP = num('BENCH_WARMUP', 3);
export const CLIENTS = num('BENCH_CLIENTS', 32);
export const CONTESTANTS = num('BENCH_CONTESTANTS', 300);
export const RATES = (env['BENCH_RATES'] ?? '50,200,1000')
  .split(',')
  .map(Number)
  .filter((r) => Number.isFinite(r) && r > 0);
export const KIND: DatabaseKind = env['BENCH_DB'] === 'pglite' ? 'pglite' : 'postgres';
/** "1" profiles the closed-loop phase; any other value profiles the phase whose name starts with it. */
export const PROFILE =
  env['BENCH_PROFILE'] === undefined || env['BENCH_PROFILE'] === ''
    ? null
    : env['BENCH_PROFILE'] === '1'
      ? 'closed'
      : env['BENCH_PROFILE'];
export const STRICT = env['BENCH_STRICT'] === '1';
/** Seed, then keep serving on BENCH_PORT (default 3000) for k6 until Ctrl-C; no measurement. */
export const SERVE = env['BENCH_SERVE'] === '1';
export const PORT = num('BENCH_PORT', SERVE ? 3000 : 0);
/** Diagnostic: BENCH_PUBLISHER=off keeps standings from being recomputed, to see the write path alone. */
export const PUBLISHER_OFF = env['BENCH_PUBLISHER'] === 'off';
/** Standings in their own thread as `npm start` runs on Postgres (0: on the acknowledging loop). */
export const STANDINGS_THREAD = KIND === 'postgres' && env['BENCH_STANDINGS_THREAD'] !== '0';
/** The writer's gathering window (config markGatherMs), to compare settings; absent = default. */
export const GATHER_MS =
  env['BENCH_GATHER_MS'] === undefined || env['BENCH_GATHER_MS'] === ''
    ? undefined
    : Number(env['BENCH_GATHER_MS']);

/** The bench folder, where the child processes' entry files are. */
export const BENCH_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TSX = import.meta.resolve('tsx');
