/**
 * The baseline of the write-path bench, run as a child process: plain single-row inserts, one
 * per autocommit transaction, from N concurrent clients with the `postgres` driver (each client
 * has its own connection), like pgbench's simple insert. The table is created by the parent.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { errorText, latencyOf, tellParent } from './child-ipc.ts';
import type { PlainInsertConfig, PlainInsertMessage, PlainInsertResult } from './write-path-ipc.ts';

const CRITERIA = ['seal', 'balance', 'process', 'exam', 'safety'];

function tell(message: PlainInsertMessage): Promise<void> {
  return tellParent(message, 'the plain insert baseline');
}

async function main(config: PlainInsertConfig): Promise<PlainInsertResult> {
  const sql = postgres(config.url, { max: config.clients, onnotice: () => undefined });
  try {
    // Open every connection before the clock starts.
    await Promise.all(Array.from({ length: config.clients }, () => sql`select 1`));
    let rows = 0;
    let errors = 0;
    let latencies: number[] = [];
    const loop = async (end: number, i: number): Promise<void> => {
      let n = i;
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await sql`insert into bench_plain (sheet, criterion, value)
                    values (${randomUUID()}, ${CRITERIA[n % CRITERIA.length] ?? 'seal'}, ${String(n % 41)})`;
          latencies.push(performance.now() - t0);
          rows++;
        } catch {
          errors++;
        }
        n++;
      }
    };
    const run = async (seconds: number): Promise<number> => {
      const start = performance.now();
      const end = start + seconds * 1000;
      await Promise.all(Array.from({ length: config.clients }, (_, i) => loop(end, i)));
      return performance.now() - start;
    };
    if (config.warmupSeconds > 0) await run(config.warmupSeconds);
    rows = 0;
    errors = 0;
    latencies = [];
    await tell({ type: 'phase-start' });
    const elapsed = await run(config.seconds);
    // Before the connections close, while the parent can still see their backends.
    await tell({ type: 'phase-end' });
    return {
      clients: config.clients,
      seconds: config.seconds,
      rows,
      rowsPerSecond: rows / (elapsed / 1000),
      latency: latencyOf(latencies),
      errors,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

process.once('message', (config: PlainInsertConfig) => {
  main(config)
    .then((result) => tell({ type: 'done', result }))
    .catch(async (error: unknown) => {
      await tell({
        type: 'failed',
        error: errorText(error),
      }).catch(() => undefined);
      process.exitCode = 1;
    })
    .finally(() => {
      if (process.connected) process.disconnect();
    });
});
