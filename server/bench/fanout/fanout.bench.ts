/**
 * Fan-out benchmark (DESIGN §8): p95 from commit to receipt ≤ 100 ms for 10,000 connected
 * viewers on one instance; Socket.IO's delivery cost within 1.3× of a raw `ws` broadcast of the
 * same bytes in the same run; a one-mark patch ≤ 1 KiB on the wire; ≤ 20 KiB RSS per idle viewer.
 *
 *   npm run bench:fanout        (from the repository root or server/)
 *
 * Two cores: each server runs in its own child process, the viewers in viewer generator children
 * (bench/fanout/viewers.ts: the `ws` package speaking the Socket.IO wire format by hand, as k6
 * does), and this process drives and reports.
 *
 * delivery: a Socket.IO server built from LIVE_SERVER_OPTIONS, then a raw `ws` server, each with
 *   N viewers in one room, broadcasting the same one-mark patch (bench/fanout/payload.ts, encoded
 *   once per broadcast) at a fixed rate. CPU per delivery is the server process's CPU over the
 *   broadcasts ÷ (broadcasts × viewers); latency is from the start of the broadcast to the
 *   viewer's receipt; RSS per idle viewer is (RSS with N idle viewers − RSS with none) ÷ N, each
 *   after a full GC.
 * e2e: the real app (startApp with the live hub) on a fresh Postgres database, the EV battery
 *   competition seeded through the API (bench/seed.ts), N public viewers of the event, and marks
 *   entered one at a time by the judges over HTTP (bench/fanout/marks.ts). Commit time is when
 *   the mark's HTTP acknowledgement reached the driver; receipt is a viewer's arrival of the
 *   first patch whose revision is at least the one that carries the mark. The database is
 *   dropped at the end, also on failure. With BENCH_WORKERS=n > 1 the app runs as `WORKERS=n
 *   npm start` runs it (src/cluster.ts): n worker processes sharing the port, the viewers handed
 *   out among them in turn, revisions fanned out between them through the Postgres adapter; the
 *   server's RSS is then the sum over the workers and its CPU the sum over the primary and the
 *   workers.
 *
 * Environment (all optional):
 *   BENCH_VIEWERS=1000,5000,10000  viewer counts (each phase grows its viewers from one to the next)
 *   BENCH_PHASES=delivery,e2e      which phases run
 *   BENCH_SECONDS=20               e2e: seconds of marks per viewer count
 *   BENCH_WORKERS=1                e2e: app worker processes (cluster, as WORKERS=n npm start)
 *   BENCH_MARK_RATE=5              e2e: marks per second (one at a time; slower when a revision is)
 *   BENCH_CONTESTANTS=300          e2e: roster size
 *   BENCH_DELIVERY_SECONDS=10      delivery: seconds of broadcasts per viewer count and server
 *   BENCH_BROADCAST_RATE=5         delivery: broadcasts per second
 *   BENCH_GENERATORS=2             viewer generator processes
 *   BENCH_BATCH=200                connections a generator opens at once
 *   BENCH_STRICT=1                 exit 1 when a target fails (default: report only)
 *   BENCH_DUMP_PATCHES=<file>      e2e: append every patch the mark driver receives to a file
 *   BENCH_IO_EMIT=1                delivery: Socket.IO sends with io.to(room).emit, not the hub's broadcast
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '@skills/db';
import { openTestDatabase, TEST_POSTGRES_URL } from '@skills/db/testing';
import type { LiveStats } from '../../src/live-client/index.ts';
import { describeMachine, sample, table, type CpuSample } from '../machine.ts';
import { latencyOf } from '../child-ipc.ts';
import { seedCompetition } from '../seed.ts';
import { Child, killChildren, maxOpenFiles } from './children.ts';
import { MarkDriver, type MarkRun } from './marks.ts';
import { onePatch } from './payload.ts';
import {
  Histogram,
  type BroadcastKind,
  type FromServer,
  type FromViewers,
  type Memory,
  type RevTime,
  type ToServer,
  type ToViewers,
  type ViewerConfig,
} from './fanout-ipc.ts';

const env = process.env;
const num = (name: string, fallback: number): number => {
  const v = Number(env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const VIEWERS = (env['BENCH_VIEWERS'] ?? '1000,5000,10000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const PHASES = new Set((env['BENCH_PHASES'] ?? 'delivery,e2e').split(',').map((p) => p.trim()));
const SECONDS = num('BENCH_SECONDS', 20);
const MARK_RATE = num('BENCH_MARK_RATE', 5);
const CONTESTANTS = num('BENCH_CONTESTANTS', 300);
const DELIVERY_SECONDS = num('BENCH_DELIVERY_SECONDS', 10);
const BROADCAST_RATE = num('BENCH_BROADCAST_RATE', 5);
const GENERATORS = Math.max(1, Math.round(num('BENCH_GENERATORS', 2)));
const BATCH = num('BENCH_BATCH', 200);
const STRICT = env['BENCH_STRICT'] === '1';
const WORKERS = Math.max(1, Math.round(num('BENCH_WORKERS', 1)));
/** How the e2e app runs, for titles: nothing when it is one process, as it was before workers. */
const WORKERS_TEXT = WORKERS > 1 ? `${WORKERS} worker processes` : '';

const TARGET_P95_MS = 100;
const TARGET_VIEWERS = 10_000;
const TARGET_RATIO = 1.3;
const TARGET_PATCH_BYTES = 1024;
const TARGET_RSS_KIB = 20;
/** Time for the last deliveries of a phase to arrive before the viewers are scored. */
const SETTLE_MS = 1500;

type Viewers = Child<ToViewers, FromViewers>;
type ServerChild = Child<ToServer, FromServer>;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

// ── viewers ──────────────────────────────────────────────────────────────────────────────────

interface Grown {
  readonly open: number;
  readonly failed: number;
  readonly ms: number;
  readonly errors: Readonly<Record<string, number>>;
}

interface Scored {
  readonly latency: Histogram;
  readonly missing: number;
  readonly early: number;
  readonly gaps: number;
  readonly messages: number;
  readonly frameBytes: readonly number[];
  readonly closed: number;
}

class ViewerPool {
  private constructor(readonly generators: readonly Viewers[]) {}

  static async start(config: ViewerConfig, most: number): Promise<ViewerPool> {
    // More generators when one could not hold its share of the sockets.
    const count = Math.max(GENERATORS, Math.ceil(most / Math.max(1, maxOpenFiles() - 256)));
    const generators = Array.from(
      { length: count },
      (_, i) =>
        new Child<ToViewers, FromViewers>(`viewer generator ${i + 1}`, 'viewers.ts', {
          fds: Math.ceil(most / count) + 64,
        }),
    );
    await Promise.all(generators.map((g) => g.request({ type: 'config', config }, 'ready')));
    return new ViewerPool(generators);
  }

  get pids(): number[] {
    return this.generators.map((g) => g.pid);
  }

  async grow(to: number): Promise<Grown> {
    const n = this.generators.length;
    const answers = await Promise.all(
      this.generators.map((g, i) =>
        g.request(
          { type: 'grow', to: Math.floor(to / n) + (i < to % n ? 1 : 0) },
          'grown',
          900_000,
        ),
      ),
    );
    const errors: Record<string, number> = {};
    for (const a of answers) {
      for (const [k, v] of Object.entries(a.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    return {
      open: answers.reduce((s, a) => s + a.open, 0),
      failed: answers.reduce((s, a) => s + a.failed, 0),
      ms: Math.max(...answers.map((a) => a.ms)),
      errors,
    };
  }

  async record(): Promise<void> {
    await Promise.all(this.generators.map((g) => g.request({ type: 'record' }, 'recording')));
  }

  async score(points: readonly RevTime[]): Promise<Scored> {
    const answers = await Promise.all(
      this.generators.map((g) => g.request({ type: 'score', points }, 'scored')),
    );
    const latency = new Histogram();
    for (const a of answers) latency.merge(a.score.histogram);
    const sum = (f: (s: (typeof answers)[number]['score']) => number): number =>
      answers.reduce((s, a) => s + f(a.score), 0);
    return {
      latency,
      missing: sum((s) => s.missing),
      early: sum((s) => s.early),
      gaps: sum((s) => s.gaps),
      messages: sum((s) => s.messages),
      frameBytes: answers[0]?.score.frameBytes ?? [],
      closed: sum((s) => s.closed),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.generators.map((g) => g.close({ type: 'close' })));
  }
}

// ── CPU ──────────────────────────────────────────────────────────────────────────────────────

interface Cpu {
  /** % of one core. */
  readonly server: number;
  readonly generators: number;
  readonly postgres: number;
  /** Everything else on the machine (other jobs, the kernel's own threads), % of one core. */
  readonly other: number;
  /** % of all cores. */
  readonly machine: number;
}

function cpuBetween(
  before: CpuSample,
  after: CpuSample,
  server: readonly number[],
  generators: readonly number[],
  postgres: readonly number[] = [],
): Cpu {
  const wall = after.at - before.at;
  const used = (pids: readonly number[]): number =>
    pids.reduce((s, pid) => {
      const a = after.procs.get(pid);
      return a === undefined ? s : s + a - (before.procs.get(pid) ?? 0);
    }, 0);
  const pct = (ms: number): number => (wall > 0 ? (100 * ms) / wall : 0);
  const total = after.machineTotalMs - before.machineTotalMs;
  const busy = after.machineBusyMs - before.machineBusyMs;
  const mine = used(server) + used(generators) + used(postgres);
  return {
    server: pct(used(server)),
    generators: pct(used(generators)),
    postgres: pct(used(postgres)),
    // Both in CPU milliseconds summed over the cores.
    other: pct(Math.max(0, busy - mine)),
    machine: total > 0 ? (100 * busy) / total : 0,
  };
}

const perViewerKiB = (base: Memory, now: Memory, viewers: number, key: 'rss' | 'heapUsed') =>
  viewers > 0 ? (now[key] - base[key]) / 1024 / viewers : NaN;

// ── delivery ─────────────────────────────────────────────────────────────────────────────────

interface DeliveryRow {
  readonly kind: BroadcastKind;
  readonly viewers: number;
  readonly grown: Grown;
  readonly rssKiB: number;
  readonly heapKiB: number;
  readonly cpuUs: number;
  readonly emit: { readonly p50: number; readonly max: number };
  /** Mean share of the viewers whose frame was still queued in the server after the emit, %. */
  readonly queuedPct: number;
  readonly scored: Scored;
  readonly cpu: Cpu;
  readonly payloadBytes: number;
  readonly broadcasts: number;
}

/** One server of the delivery phase with its own viewers. */
interface Contender {
  readonly kind: BroadcastKind;
  readonly server: ServerChild;
  pool: ViewerPool | null;
  base: Memory | null;
  /** The next revision this server broadcasts (each server is its own stream). */
  rev: number;
}

interface Half {
  readonly cpuUs: number;
  readonly deliveries: number;
  readonly emitMs: readonly number[];
  readonly queued: readonly number[];
  readonly scored: Scored;
  readonly before: CpuSample;
  readonly after: CpuSample;
  readonly payloadBytes: number;
}

function mergeScored(parts: readonly Scored[]): Scored {
  const latency = new Histogram();
  for (const p of parts) latency.merge(p.latency.pairs());
  const sum = (f: (s: Scored) => number): number => parts.reduce((n, p) => n + f(p), 0);
  return {
    latency,
    missing: sum((p) => p.missing),
    early: sum((p) => p.early),
    gaps: sum((p) => p.gaps),
    messages: sum((p) => p.messages),
    frameBytes: parts.flatMap((p) => p.frameBytes),
    closed: sum((p) => p.closed),
  };
}

/**
 * Both servers run side by side, each with its own viewers, and take turns broadcasting in the
 * order Socket.IO, ws, ws, Socket.IO (half the broadcasts each turn): whatever else the machine
 * does during the phase weighs on both alike.
 */
async function runDelivery(): Promise<Map<BroadcastKind, DeliveryRow[]>> {
  const most = VIEWERS[VIEWERS.length - 1] ?? 0;
  const template = onePatch('ev-bench', 'battery') as unknown as Record<string, unknown>;
  const contenders: Contender[] = (['socket.io', 'ws'] as const).map((kind) => ({
    kind,
    server: new Child<ToServer, FromServer>(`${kind} server`, 'broadcast-server.ts', {
      args: [kind],
      gc: true,
      fds: most + 64,
    }),
    pool: null,
    base: null,
    rev: 1,
  }));
  const rows = new Map<BroadcastKind, DeliveryRow[]>(contenders.map((c) => [c.kind, []]));
  const broadcast = async (c: Contender, count: number): Promise<Half> => {
    const pool = c.pool as ViewerPool;
    await pool.record();
    const before = sample([c.server.pid, ...pool.pids]);
    const { result } = await c.server.request(
      { type: 'broadcast', template, fromRev: c.rev, count, rate: BROADCAST_RATE },
      'broadcasted',
    );
    const after = sample([c.server.pid, ...pool.pids]);
    c.rev += count;
    await sleep(SETTLE_MS);
    return {
      cpuUs: result.cpuUs,
      deliveries: result.deliveries,
      emitMs: result.emitMs,
      queued: result.queued,
      scored: await pool.score(result.sends),
      before,
      after,
      payloadBytes: result.payloadBytes,
    };
  };
  try {
    for (const c of contenders) {
      const { port } = await c.server.next('listening', 60_000);
      c.pool = await ViewerPool.start(
        {
          baseUrl: `http://127.0.0.1:${port}`,
          subscribe: { competitionId: 'ev-bench', scope: 'battery', view: 'public' },
          batch: BATCH,
        },
        most,
      );
      c.base = (await c.server.request({ type: 'memory' }, 'memory')).memory;
    }
    const half = Math.max(1, Math.round((BROADCAST_RATE * DELIVERY_SECONDS) / 2));
    for (const viewers of VIEWERS) {
      const grown = new Map<Contender, Grown>();
      const idle = new Map<Contender, Memory>();
      for (const c of contenders) {
        grown.set(c, await (c.pool as ViewerPool).grow(viewers));
        idle.set(c, (await c.server.request({ type: 'memory' }, 'memory')).memory);
        // Warm-up: one second of broadcasts, not recorded.
        await c.server.request(
          {
            type: 'broadcast',
            template,
            fromRev: c.rev,
            count: BROADCAST_RATE,
            rate: BROADCAST_RATE,
          },
          'broadcasted',
        );
        c.rev += BROADCAST_RATE;
        await sleep(SETTLE_MS);
      }
      const [io, raw] = contenders as [Contender, Contender];
      const halves = new Map<Contender, Half[]>(contenders.map((c) => [c, []]));
      for (const c of [io, raw, raw, io]) halves.get(c)?.push(await broadcast(c, half));
      for (const c of contenders) {
        const parts = halves.get(c) ?? [];
        const g = grown.get(c) as Grown;
        const base = c.base as Memory;
        const now = idle.get(c) as Memory;
        const cpuUs = parts.reduce((n, p) => n + p.cpuUs, 0);
        const deliveries = parts.reduce((n, p) => n + p.deliveries, 0);
        const emit = latencyOf(parts.flatMap((p) => p.emitMs));
        const cpus = parts.map((p) =>
          cpuBetween(p.before, p.after, [c.server.pid], (c.pool as ViewerPool).pids),
        );
        const mean = (f: (x: Cpu) => number): number =>
          cpus.reduce((n, x) => n + f(x), 0) / Math.max(1, cpus.length);
        const row: DeliveryRow = {
          kind: c.kind,
          viewers,
          grown: g,
          rssKiB: perViewerKiB(base, now, g.open, 'rss'),
          heapKiB: perViewerKiB(base, now, g.open, 'heapUsed'),
          cpuUs: deliveries > 0 ? cpuUs / deliveries : NaN,
          emit: { p50: emit.p50, max: emit.max },
          queuedPct: (() => {
            const q = parts.flatMap((p) => p.queued);
            const mean = q.reduce((n, x) => n + x, 0) / Math.max(1, q.length);
            return (100 * mean) / Math.max(1, g.open);
          })(),
          scored: mergeScored(parts.map((p) => p.scored)),
          cpu: {
            server: mean((x) => x.server),
            generators: mean((x) => x.generators),
            postgres: 0,
            other: mean((x) => x.other),
            machine: mean((x) => x.machine),
          },
          payloadBytes: parts[0]?.payloadBytes ?? NaN,
          broadcasts: parts.length * half,
        };
        rows.get(c.kind)?.push(row);
        console.log(
          `  ${c.kind} ${viewers}: ${g.open} viewers in ${secs(g.ms)}` +
            `${g.failed > 0 ? ` (${g.failed} failed: ${errorsText(g.errors)})` : ''}, ` +
            `${row.cpuUs.toFixed(1)} µs/delivery, p95 ${ms(row.scored.latency.percentile(0.95))}, ` +
            `RSS ${row.rssKiB.toFixed(1)} KiB/viewer`,
        );
      }
    }
  } finally {
    for (const c of contenders) {
      await c.pool?.close();
      await c.server.close({ type: 'close' });
    }
  }
  return rows;
}

// ── end to end ───────────────────────────────────────────────────────────────────────────────

interface E2eRow {
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

interface PerWorker {
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

interface E2e {
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

async function runE2e(): Promise<E2e> {
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
    // The server's CPU: the cluster primary's (it hands out the connections) and its workers'.
    const server = [app.pid, ...workers];
    const baseUrl = `http://127.0.0.1:${listening.port}`;
    const t0 = performance.now();
    const seeded = await seedCompetition({ baseUrl, contestants: CONTESTANTS });
    const processes =
      workers.length > 0 ? `, cluster primary of workers ${workers.join(', ')}` : '';
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
        rssKiB: perViewerKiB(base, idle, grown.open, 'rss'),
        heapKiB: perViewerKiB(base, idle, grown.open, 'heapUsed'),
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

// ── printing ─────────────────────────────────────────────────────────────────────────────────

const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
const secs = (v: number): string => `${(v / 1000).toFixed(1)} s`;
const pct = (v: number): string => `${Math.round(v)}%`;
const kib = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} KiB` : '-');

function errorsText(errors: Readonly<Record<string, number>>): string {
  return Object.entries(errors)
    .map(([k, n]) => `${n}× ${k}`)
    .join('; ');
}

function latencyCells(h: Histogram): string[] {
  return [ms(h.percentile(0.5)), ms(h.percentile(0.95)), ms(h.percentile(0.99)), ms(h.max())];
}

function median(values: readonly number[]): number {
  return latencyOf([...values]).p50;
}

function printDelivery(byKind: ReadonlyMap<BroadcastKind, readonly DeliveryRow[]>): void {
  const io = byKind.get('socket.io') ?? [];
  const raw = byKind.get('ws') ?? [];
  const body: string[][] = [];
  for (const viewers of VIEWERS) {
    const a = io.find((r) => r.viewers === viewers);
    const b = raw.find((r) => r.viewers === viewers);
    for (const r of [a, b]) {
      if (!r) continue;
      body.push([
        String(viewers),
        r.kind,
        String(r.grown.open),
        r.cpuUs.toFixed(1),
        `${ms(r.emit.p50)} / ${ms(r.emit.max)}`,
        pct(r.queuedPct),
        ...latencyCells(r.scored.latency),
        `${r.scored.missing}/${r.scored.gaps}`,
        kib(r.rssKiB),
        kib(r.heapKiB),
        `${pct(r.cpu.server)}/${pct(r.cpu.generators)}/${pct(r.cpu.other)} (${pct(r.cpu.machine)})`,
      ]);
    }
    if (a && b) {
      body.push([
        '',
        'ratio',
        '',
        (a.cpuUs / b.cpuUs).toFixed(2),
        (a.emit.p50 / b.emit.p50).toFixed(2),
        '',
        (a.scored.latency.percentile(0.5) / b.scored.latency.percentile(0.5)).toFixed(2),
        (a.scored.latency.percentile(0.95) / b.scored.latency.percentile(0.95)).toFixed(2),
        (a.scored.latency.percentile(0.99) / b.scored.latency.percentile(0.99)).toFixed(2),
        '',
        '',
        (a.rssKiB / b.rssKiB).toFixed(2),
        (a.heapKiB / b.heapKiB).toFixed(2),
        '',
      ]);
    }
  }
  const first = io[0] ?? raw[0];
  console.log(
    `Delivery cost: the same ${first?.payloadBytes ?? '?'}-byte one-mark patch frame, ` +
      `${BROADCAST_RATE} broadcasts/s for ${DELIVERY_SECONDS} s per viewer count and server ` +
      `(in turns: Socket.IO, ws, ws, Socket.IO), Socket.IO (LIVE_SERVER_OPTIONS, ${env['BENCH_IO_EMIT'] === '1' ? 'io.to(room).emit' : "the hub's broadcastLocal: one frame written to each socket"}) ` +
      `vs raw ws (Buffer once, send per client)`,
  );
  console.log(
    table(
      [
        'viewers',
        'server',
        'open',
        'cpu µs/delivery',
        'emit p50 / max',
        'queued',
        'p50',
        'p95',
        'p99',
        'max',
        'missing/gaps',
        'RSS/viewer',
        'heap/viewer',
        'cpu server/gen/other (machine)',
      ],
      body,
    ),
  );
  console.log(
    '  latency: broadcast start → arrival at the viewer; queued: viewers whose frame was still ' +
      'held in the server process right after the emit call (Engine.IO holds a packet while the ' +
      'previous write has not called back; ws when the kernel did not take it all); ' +
      'cpu µs/delivery: server process CPU ' +
      'over the broadcasts ÷ (broadcasts × viewers); RSS/heap per idle viewer: (with N − with none) ÷ N ' +
      'after a full GC; cpu: % of one core (other: the rest of the machine; machine: % of all cores); ' +
      'ratio: Socket.IO ÷ ws',
  );
}

function printE2e(e2e: E2e): void {
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

// ── main ─────────────────────────────────────────────────────────────────────────────────────

interface Verdict {
  readonly name: string;
  readonly value: string;
  readonly pass: boolean | null;
}

async function main(): Promise<number> {
  const loadStart = os.loadavg();
  console.log(`fan-out bench: ${describeMachine()}`);
  console.log(
    `viewers ${VIEWERS.join(', ')}; phases ${[...PHASES].join(', ')}; ${GENERATORS} viewer generator process(es), ` +
      `batches of ${BATCH}${PHASES.has('e2e') && WORKERS_TEXT ? `; e2e app in ${WORKERS_TEXT}` : ''}; load average at start ${loadStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const most = VIEWERS[VIEWERS.length - 1] ?? 0;
  if (most + 256 > maxOpenFiles()) {
    console.log(
      `  warning: a server with ${most} viewers needs more open files than the limit here ` +
        `(ulimit -Hn ${maxOpenFiles()}): the connections past it will fail`,
    );
  }
  let delivery = new Map<BroadcastKind, DeliveryRow[]>();
  if (PHASES.has('delivery')) {
    console.log('delivery cost, Socket.IO and raw ws side by side …');
    delivery = await runDelivery();
  }
  let e2e: E2e | null = null;
  if (PHASES.has('e2e')) {
    console.log('end to end …');
    e2e = await runE2e();
  }

  console.log('');
  console.log(
    `${describeMachine()}; load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (delivery.size > 0) {
    console.log('');
    printDelivery(delivery);
  }
  if (e2e && e2e.rows.length > 0) {
    console.log('');
    printE2e(e2e);
  }

  const verdicts: Verdict[] = [];
  const largest = <T extends { viewers: number }>(rows: readonly T[]): T | undefined =>
    rows[rows.length - 1];
  const e2eTop = e2e ? largest(e2e.rows) : undefined;
  if (e2eTop) {
    const p95 = e2eTop.scored.latency.percentile(0.95);
    const short = e2eTop.viewers < TARGET_VIEWERS ? ` (only ${e2eTop.viewers} viewers)` : '';
    verdicts.push({
      name: `commit → receipt p95 ≤ ${TARGET_P95_MS} ms at ${TARGET_VIEWERS} viewers${WORKERS_TEXT ? `, ${WORKERS_TEXT}` : ''}`,
      value: `${ms(p95)}${short}, ${e2eTop.scored.missing} missing`,
      pass:
        e2eTop.viewers >= TARGET_VIEWERS
          ? p95 <= TARGET_P95_MS && e2eTop.scored.missing === 0
          : null,
    });
  } else {
    verdicts.push({
      name: `commit → receipt p95 ≤ ${TARGET_P95_MS} ms at ${TARGET_VIEWERS} viewers`,
      value: 'e2e phase not run',
      pass: null,
    });
  }
  const io = largest(delivery.get('socket.io') ?? []);
  const raw = largest(delivery.get('ws') ?? []);
  if (io && raw && io.viewers === raw.viewers) {
    const ratio = io.cpuUs / raw.cpuUs;
    verdicts.push({
      name: `Socket.IO ÷ raw ws CPU per delivery ≤ ${TARGET_RATIO} (${io.viewers} viewers)`,
      value: `${ratio.toFixed(2)} (${io.cpuUs.toFixed(1)} / ${raw.cpuUs.toFixed(1)} µs)`,
      pass: ratio <= TARGET_RATIO,
    });
    const p95 = io.scored.latency.percentile(0.95) / raw.scored.latency.percentile(0.95);
    verdicts.push({
      name: `Socket.IO ÷ raw ws broadcast → receipt p95 (${io.viewers} viewers)`,
      value: p95.toFixed(2),
      pass: null,
    });
  }
  if (e2e && e2e.rows.length > 0) {
    const d = e2e.driver;
    verdicts.push({
      name: "live client: every patch verified against the server's hash",
      value: `${d.patches} patches, ${d.hashMismatches} mismatches, ${d.resyncs} resyncs`,
      pass: d.hashMismatches === 0 && d.patches > 0,
    });
  }
  const e2eFrames = e2e?.rows.flatMap((r) => r.run.frameBytes) ?? [];
  if (e2eFrames.length > 0) {
    const max = Math.max(...e2eFrames);
    verdicts.push({
      name: `one-mark patch ≤ ${TARGET_PATCH_BYTES} B on the wire`,
      value: `max ${max} B, median ${median(e2eFrames)} B over ${e2eFrames.length} marks`,
      pass: max <= TARGET_PATCH_BYTES,
    });
  } else if (io ?? raw) {
    const bytes = (io ?? raw)?.scored.frameBytes[0] ?? NaN;
    verdicts.push({
      name: `one-mark patch ≤ ${TARGET_PATCH_BYTES} B on the wire`,
      value: `${bytes} B (the delivery phase's representative patch, not the server's)`,
      pass: null,
    });
  }
  if (e2eTop) {
    verdicts.push({
      name: `RSS per idle viewer ≤ ${TARGET_RSS_KIB} KiB (the app, ${e2eTop.viewers} viewers${WORKERS_TEXT ? `, summed over ${WORKERS_TEXT}` : ''})`,
      value: kib(e2eTop.rssKiB),
      pass: e2eTop.rssKiB <= TARGET_RSS_KIB,
    });
  }
  if (io) {
    verdicts.push({
      name: `RSS per idle viewer ≤ ${TARGET_RSS_KIB} KiB (bare Socket.IO, ${io.viewers} viewers)`,
      value: kib(io.rssKiB),
      pass: e2eTop ? null : io.rssKiB <= TARGET_RSS_KIB,
    });
  }
  console.log('');
  console.log(
    table(
      ['target', 'measured', 'verdict'],
      verdicts.map((v) => [v.name, v.value, v.pass === null ? 'info' : v.pass ? 'PASS' : 'FAIL']),
    ),
  );
  return STRICT && verdicts.some((v) => v.pass === false) ? 1 : 0;
}

// Ending the children makes every wait on them fail, so the phases unwind through their
// `finally` blocks and the bench database is dropped; a second signal exits at once.
const onSignal = (): void => {
  console.error('interrupted: ending the bench processes, then dropping the bench database');
  process.exitCode = 130;
  killChildren();
  process.once('SIGINT', () => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
  (code) => {
    process.exitCode ??= code;
  },
  (error: unknown) => {
    console.error(error);
    killChildren();
    process.exitCode = 1;
  },
);
