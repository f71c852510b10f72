/**
 * The fan-out bench's settings, read once from the environment (each listed with its default in
 * fanout.bench.ts), and the targets of DESIGN §8 it reports against.
 */
const env = process.env;
const num = (name: string, fallback: number): number => {
  const v = Number(env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const VIEWERS = (env['BENCH_VIEWERS'] ?? '1000,5000,10000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
export const PHASES = new Set(
  (env['BENCH_PHASES'] ?? 'delivery,e2e,board').split(',').map((p) => p.trim()),
);
export const SECONDS = num('BENCH_SECONDS', 20);
export const MARK_RATE = num('BENCH_MARK_RATE', 5);
export const CONTESTANTS = num('BENCH_CONTESTANTS', 300);
export const DELIVERY_SECONDS = num('BENCH_DELIVERY_SECONDS', 10);
export const BROADCAST_RATE = num('BENCH_BROADCAST_RATE', 5);
export const GENERATORS = Math.max(1, Math.round(num('BENCH_GENERATORS', 2)));
export const BATCH = num('BENCH_BATCH', 200);
export const STRICT = env['BENCH_STRICT'] === '1';
export const IO_EMIT = env['BENCH_IO_EMIT'] === '1';
export const WORKERS = Math.max(1, Math.round(num('BENCH_WORKERS', 1)));
/** e2e: the viewers in a live process of their own, as `npm start` on Postgres runs the app. */
export const LIVE_PROCESS = env['BENCH_LIVE_PROCESS'] !== '0';
/** e2e: revisions handed to the live process over IPC as well as through the fan-out. */
export const LIVE_DIRECT = env['BENCH_LIVE_DIRECT'] !== '0';
/** e2e: standings recomputed in a thread of their own, as `npm start` on Postgres (0: on the loop). */
export const STANDINGS_THREAD = env['BENCH_STANDINGS_THREAD'] !== '0';
/** e2e: that live process's niceness (LIVE_NICE). */
export const LIVE_NICE = Math.round(Number(env['BENCH_LIVE_NICE'] ?? 0)) || 0;
/** How the e2e app runs, for titles: nothing when it is one process, as it was before workers. */
export const WORKERS_TEXT = WORKERS > 1 ? `${WORKERS} worker processes` : '';

export const TARGET_P95_MS = 100;
export const TARGET_VIEWERS = 10_000;
export const TARGET_RATIO = 1.3;
export const TARGET_PATCH_BYTES = 1024;
export const TARGET_RSS_KIB = 20;
/** A mark's acknowledgement p95 with the most viewers ≤ this × its p95 with none, same run. */
export const TARGET_ACK_RATIO = 2;
/** Commit → viewer p95 ≤ this × a raw `ws` broadcast's p95 to as many viewers, same run. */
export const TARGET_E2E_WS_RATIO = 1.1;
/** Time for the last deliveries of a phase to arrive before the viewers are scored. */
export const SETTLE_MS = 1500;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
