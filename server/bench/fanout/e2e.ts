/**
 * The end-to-end phase: the real app (one process or a cluster) on a fresh Postgres database,
 * the competition seeded through the API, N public viewers of the event, and marks entered one at
 * a time by the judges over HTTP; commit → receipt latency, memory per idle viewer and CPU.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@skills/db';
import { openTestDatabase, TEST_POSTGRES_URL } from '@skills/db/testing';
import type { LiveStats } from '../../src/live-client/index.ts';
import { sample, table } from '../machine.ts';
import { seedCompetition } from '../seed.ts';
import { Child } from './children.ts';
import { cpuBetween, perViewerKiB, type Cpu } from './cpu.ts';
import {
  summedMemory,
  type FromServer,
  type Histogram,
  type Memory,
  type ToServer,
} from './fanout-ipc.ts';
import { errorsText, kib, latencyCells, median, ms, pct, secs } from './format.ts';
import { MarkDriver, type MarkRun } from './marks.ts';
import {
  BATCH,
  CONTESTANTS,
  LIVE_PROCESS,
  MARK_RATE,
  SECONDS,
  SETTLE_MS,
  VIEWERS,
  WORKERS,
  WORKERS_TEXT,
  sleep,
} from './settings.ts';
import { ViewerPool, type Grown, type Scored } from './viewer-pool.ts';

type ServerChild = Child<ToServer, FromServer>;

export interface E2eRow {
  readonly viewers: number;
  readonly grown: Grown;
  readonly rssKiB: number;
  readonly heapKiB: number;
  readonly run: MarkRun;
  readonly scored: Scored;
  /** Each app worker with the idle viewers (empty with one process). */
  readonly perWorker: readonly PerWorker[];
  /** The same receipts measured from the marks' sends (an upper bound of commit → receipt). */
  readonly fromSend: Histogram;
  readonly cpu: Cpu;
}

export interface PerWorker {
  readonly pid: number;
  /** Connected clients: viewers and the driver's subscriber. */
  readonly clients: number;
  /** RSS with the idle viewers, and its growth since there were none, bytes. */
  readonly rss: number;
  readonly grew: number;
}

function perWorker(base: Memory, idle: Memory): PerWorker[] {
  return (idle.workers ?? []).map((w) => ({
    pid: w.pid,
    clients: w.clients,
    rss: w.rss,
    grew: w.rss - (base.workers?.find((b) => b.pid === w.pid)?.rss ?? NaN),
  }));
}

/**
 * The memory of the processes that hold the viewers: the live processes' when there are any
 * (the API process's own ups and downs, seeding and GC, are not the viewers' and made the
 * difference noisy, even negative), else the app's.
 */
function holder(m: Memory): Memory {
  const live = m.live ?? [];
  return live.length === 0 ? m : summedMemory(live);
}

export interface E2e {
  /** Marks with no viewer connected: the acknowledgement's own cost, the baseline of its target. */
  readonly alone: MarkRun;
  readonly rows: readonly E2eRow[];
  readonly live: string;
  readonly snapshotBytes: number;
  /** The driver's live client over the whole phase (warm-up marks included). */
  readonly driver: LiveStats;
}

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: unknown[] }).rows ?? []) as T[];
}

async function backendPids(database: Database): Promise<number[]> {
  const rows = rowsOf<{ pid: number }>(
    await database.db.execute(
      sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    ),
  );
  return rows.map((r) => r.pid);
}

export async function runE2e(): Promise<E2e> {
  const most = VIEWERS[VIEWERS.length - 1] ?? 0;
  const database = await openTestDatabase('postgres');
  let app: ServerChild | null = null;
  let pool: ViewerPool | null = null;
  let driver: MarkDriver | null = null;
  try {
    const [info] = rowsOf<{ name: string; version: string }>(
      await database.db.execute(sql`select current_database() as name, version() as version`),
    );
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${info?.name ?? ''}`;
    console.log(
      `  database: ${(info?.version ?? '').split(' on ')[0] ?? ''}, fresh database ${info?.name ?? ''}`,
    );
    app = new Child<ToServer, FromServer>('app server', 'app-server.ts', {
      args: [url.toString(), String(WORKERS)],
      gc: true,
      fds: most + 256,
    });
    const listening = await app.next('listening', 120_000);
    const workers = listening.workers ?? [];
    // Live processes: the single app's (it said), or each worker's (they say with their memory).
    const livePids =
      workers.length > 0
        ? ((await app.request({ type: 'memory' }, 'memory')).memory.live ?? []).map((l) => l.pid)
        : (listening.liveProcesses ?? []);
    // The server's CPU: the cluster primary's (it hands out the connections), its workers' and
    // the live processes'.
    const server = [app.pid, ...workers, ...livePids];
    const baseUrl = `http://127.0.0.1:${listening.port}`;
    const t0 = performance.now();
    const seeded = await seedCompetition({ baseUrl, contestants: CONTESTANTS });
    const processes =
      (workers.length > 0 ? `, cluster primary of workers ${workers.join(', ')}` : '') +
      (livePids.length > 0 ? `, live process(es) ${livePids.join(', ')}` : '');
    console.log(
      `  app server pid ${app.pid}${processes} on ${baseUrl} (live: ${listening.live}); seeded ${seeded.competitionId} ` +
        `through the API in ${secs(performance.now() - t0)}: ${seeded.contestants} contestants, ` +
        `${seeded.judges.length} judges`,
    );
    driver = await MarkDriver.start({
      baseUrl,
      competitionId: seeded.competitionId,
      eventId: seeded.eventId,
      judges: seeded.judges,
      seed: 20250501,
    });
    // A first round of marks before any viewer: the table fills and the code paths warm up.
    await driver.run(MARK_RATE, 2);
    // The baseline of the acknowledgement's target: as many marks, no viewer at all.
    const alone = await driver.run(MARK_RATE, SECONDS);
    console.log(
      `  e2e 0: ${alone.acked} marks acknowledged with no viewer, ack p95 ${ms(alone.ack.p95)}`,
    );
    const subscribe = {
      competitionId: seeded.competitionId,
      scope: seeded.eventId,
      view: 'public',
    };
    pool = await ViewerPool.start({ baseUrl, subscribe, batch: BATCH }, most);
    const base = (await app.request({ type: 'memory' }, 'memory')).memory;
    const rows: E2eRow[] = [];
    for (const viewers of VIEWERS) {
      const grown = await pool.grow(viewers);
      const idle = (await app.request({ type: 'memory' }, 'memory')).memory;
      await driver.run(MARK_RATE, 1);
      await sleep(SETTLE_MS);
      await pool.record();
      const pg = await backendPids(database);
      const before = sample([...server, ...pool.pids, ...pg]);
      const run = await driver.run(MARK_RATE, SECONDS);
      await sleep(SETTLE_MS);
      const after = sample([...server, ...pool.pids, ...pg]);
      // A server (or one of its workers) that died during the marks has no figures to report.
      app.check();
      const scored = await pool.score(run.points);
      const fromSend = (await pool.score(run.sends)).latency;
      const row: E2eRow = {
        viewers,
        grown,
        rssKiB: perViewerKiB(holder(base), holder(idle), grown.open, 'rss'),
        heapKiB: perViewerKiB(holder(base), holder(idle), grown.open, 'heapUsed'),
        run,
        scored,
        perWorker: perWorker(base, idle),
        fromSend,
        cpu: cpuBetween(before, after, server, pool.pids, pg),
      };
      rows.push(row);
      console.log(
        `  e2e ${viewers}: ${grown.open} viewers in ${secs(grown.ms)}` +
          `${grown.failed > 0 ? ` (${grown.failed} failed: ${errorsText(grown.errors)})` : ''}, ` +
          (row.perWorker.length > 0
            ? `${row.perWorker.map((w) => w.clients).join('/')} clients on the workers, `
            : '') +
          `${run.points.length} marks with a revision, commit→receipt p95 ${ms(scored.latency.percentile(0.95))}`,
      );
    }
    return {
      alone,
      rows,
      live: listening.live,
      snapshotBytes: driver.subscriber.snapshotBytes,
      driver: driver.subscriber.stats,
    };
  } finally {
    driver?.close();
    await pool?.close();
    await app?.close({ type: 'close' });
    await database.close();
  }
}

export function printE2e(e2e: E2e): void {
  console.log(
    `End to end (live: ${e2e.live}${WORKERS_TEXT ? `, ${WORKERS_TEXT}` : ''}): marks through POST /api/sheets/:id/marks one at a time ` +
      `(${MARK_RATE}/s offered, ${SECONDS} s per viewer count), public viewers of the event`,
  );
  const body = e2e.rows.map((r) => {
    const frames = r.run.frameBytes;
    return [
      String(r.viewers),
      String(r.grown.open),
      secs(r.grown.ms),
      `${r.run.sent}/${r.run.acked}/${r.run.points.length} (${r.run.achieved.toFixed(1)}/s)`,
      ...latencyCells(r.scored.latency),
      ms(r.fromSend.percentile(0.95)),
      `${r.scored.missing}/${r.scored.early}/${r.scored.gaps}`,
      ms(r.run.ack.p95),
      ms(r.run.own.p50),
      `${median(frames)} / ${frames.length > 0 ? Math.max(...frames) : '-'}`,
      (['set', 'moved', 'ranked'] as const)
        .map((k) => String(median(r.run.rows.map((rows) => rows[k]))))
        .join('/'),
      kib(r.rssKiB),
      kib(r.heapKiB),
      `${pct(r.cpu.server)}/${pct(r.cpu.generators)}/${pct(r.cpu.postgres)}/${pct(r.cpu.other)} (${pct(r.cpu.machine)})`,
    ];
  });
  console.log(
    table(
      [
        'viewers',
        'open',
        'connect',
        'marks sent/201/rev (rate)',
        'p50',
        'p95',
        'p99',
        'max',
        'p95 from send',
        'missing/early/gaps',
        'ack p95',
        'driver p50',
        'patch B p50 / max',
        'rows set/moved/ranked',
        'RSS/viewer',
        'heap/viewer',
        'cpu server/gen/pg/other (machine)',
      ],
      body,
    ),
  );
  console.log(
    "  commit = the mark's HTTP 201 at the driver; receipt = a viewer's arrival of the first " +
      "patch with rev ≥ the mark's revision (p50…max over viewers × marks); p95 from send: the " +
      'same from when the mark was sent (the commit lies between send and 201); early: patch before ' +
      "the 201 (counted as 0 ms); driver: its own live client's receipt (src/live-client, every " +
      "patch applied and checked against the server's hash); patch B: frame on the " +
      'wire incl. websocket header; rows set/moved/ranked: medians per patch of the rows sent ' +
      '(whole or placement), moved, and rank-shifted by a range; ' +
      `connect: open + subscribe (snapshot ${e2e.snapshotBytes} B)` +
      (WORKERS_TEXT
        ? `; with ${WORKERS_TEXT}: RSS and heap summed over the workers, cpu server = the ` +
          'cluster primary and its workers'
        : '') +
      (LIVE_PROCESS
        ? '; with the live process: RSS and heap per viewer are the live process(es) alone, ' +
          'cpu server = the API and live processes'
        : ''),
  );
  for (const r of e2e.rows) {
    if (r.perWorker.length > 0) {
      const mib = (bytes: number, sign = ''): string =>
        `${bytes >= 0 ? sign : ''}${(bytes / 2 ** 20).toFixed(1)}`;
      console.log(
        `  ${r.viewers} viewers: per worker (pid: clients, RSS idle MiB (+ since no viewers)) ` +
          r.perWorker
            .map((w) => `${w.pid}: ${w.clients}, ${mib(w.rss)} (${mib(w.grew, '+')})`)
            .join('; '),
      );
    }
    const errors = errorsText(r.run.errors);
    if (errors) console.log(`  ${r.viewers} viewers: mark errors ${errors}`);
    if (r.run.noRevision > 0) {
      console.log(`  ${r.viewers} viewers: ${r.run.noRevision} marks made no public revision`);
    }
  }
  console.log(
    `  with no viewer: ${e2e.alone.acked} marks, ack p50 ${ms(e2e.alone.ack.p50)}, ` +
      `p95 ${ms(e2e.alone.ack.p95)}, max ${ms(e2e.alone.ack.max)} (the baseline of the ` +
      "acknowledgement's target; ack p95 above: HTTP send → 201 with the viewers connected)",
  );
  const d = e2e.driver;
  console.log(
    `  driver's live client (whole phase): ${d.snapshots} snapshots and ${d.patches} patches ` +
      `applied and verified, ${d.hashMismatches} hash mismatches, ${d.resyncs} resyncs, ` +
      `${d.gaps} gaps, ${d.duplicates} duplicates`,
  );
  if (d.hashMismatches > 0) {
    const bar = '!'.repeat(100);
    console.log(
      `${bar}\n!!! WARNING: the driver's live client found ${d.hashMismatches} table(s) that did ` +
        "not hash to the server's hash: a patch does not reproduce the server's table\n" +
        `!!! (rerun with BENCH_DUMP_PATCHES=<file> to keep the patches)\n${bar}`,
    );
  }
}
