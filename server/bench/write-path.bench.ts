/**
 * Write-path benchmark (DESIGN §8): a judge's mark is durable and acknowledged with p95 ≤ 20 ms
 * at 200 marks/s, and the sustained throughput is at least half of a plain single-row insert on
 * the same database.
 *
 *   npm run bench -w server
 *
 * A fresh database on the real Postgres (TEST_POSTGRES_URL, default 127.0.0.1:5432/test), the
 * real server over real HTTP in this process, an EV battery competition seeded through the API,
 * and the judges' load from a child process (bench/load-generator.ts): open loop at 50, 200 and
 * 1000 marks/s, then closed loop with 32 clients. The baseline runs in the same run against the
 * same database: plain inserts from a child process with the `postgres` driver, and pgbench when
 * it is installed. The database is dropped at the end, also on failure.
 *
 * Environment (all optional):
 *   BENCH_SECONDS=10        length of each measured phase
 *   BENCH_WARMUP=3          warm-up seconds (open loop at 100/s, and for the plain baseline)
 *   BENCH_RATES=50,200,1000 offered rates of the open-loop phases
 *   BENCH_CLIENTS=32        clients of the closed-loop phase and of the baselines
 *   BENCH_CONTESTANTS=300   roster size
 *   BENCH_DB=pglite         run the server on PGlite instead (no baseline: it has no clients)
 *   BENCH_PROFILE=1         CPU profile of the server over the closed-loop phase (or give
 *                           the start of a phase name: BENCH_PROFILE='open 200'); written to
 *                           the temp folder (path printed) with a summary
 *   BENCH_PUBLISHER=off     diagnostic: no standings recompute after commits (the write path alone)
 *   BENCH_GATHER_MS=n       the writer's gathering window under load (config markGatherMs; 0 = off)
 *   BENCH_SERVE=1           seed, then serve on BENCH_PORT (default 3000) for k6 until Ctrl-C
 *   BENCH_STRICT=1          exit 1 when a target fails (default: report only)
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openTestDatabase, TEST_POSTGRES_URL, type DatabaseKind } from '@skills/db/testing';
import type { Database } from '@skills/db';
import { createServer, type Server } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { describeMachine, sample, share, table, type CpuSample, type CpuShare } from './machine.ts';
import { Profiler } from './profile.ts';
import type {
  GeneratorConfig,
  GeneratorMessage,
  PhaseResult,
  PhaseSpec,
  PlainInsertConfig,
  PlainInsertMessage,
  PlainInsertResult,
} from './write-path-ipc.ts';
import { errorText } from './child-ipc.ts';
import { ORGANIZER, seedCompetition, type Seeded } from './seed.ts';
import {
  cpuPerMark,
  cpuVerdicts,
  TARGET_P95_MS,
  TARGET_RATE as TARGET_P95_RATE,
  TARGET_RATIO,
  type Verdict,
} from './write-targets.ts';

const env = process.env;
const num = (name: string, fallback: number): number => {
  const v = Number(env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SECONDS = num('BENCH_SECONDS', 10);
const WARMUP = num('BENCH_WARMUP', 3);
const CLIENTS = num('BENCH_CLIENTS', 32);
const CONTESTANTS = num('BENCH_CONTESTANTS', 300);
const RATES = (env['BENCH_RATES'] ?? '50,200,1000')
  .split(',')
  .map(Number)
  .filter((r) => Number.isFinite(r) && r > 0);
const KIND: DatabaseKind = env['BENCH_DB'] === 'pglite' ? 'pglite' : 'postgres';
/** "1" profiles the closed-loop phase; any other value profiles the phase whose name starts with it. */
const PROFILE =
  env['BENCH_PROFILE'] === undefined || env['BENCH_PROFILE'] === ''
    ? null
    : env['BENCH_PROFILE'] === '1'
      ? 'closed'
      : env['BENCH_PROFILE'];
const STRICT = env['BENCH_STRICT'] === '1';
/** Seed, then keep serving on BENCH_PORT (default 3000) for k6 until Ctrl-C; no measurement. */
const SERVE = env['BENCH_SERVE'] === '1';
const PORT = num('BENCH_PORT', SERVE ? 3000 : 0);
/** Diagnostic: BENCH_PUBLISHER=off keeps standings from being recomputed, to see the write path alone. */
const PUBLISHER_OFF = env['BENCH_PUBLISHER'] === 'off';
/** The writer's gathering window (config markGatherMs), to compare settings; absent = default. */
const GATHER_MS =
  env['BENCH_GATHER_MS'] === undefined || env['BENCH_GATHER_MS'] === ''
    ? undefined
    : Number(env['BENCH_GATHER_MS']);

const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = import.meta.resolve('tsx');

interface PhaseRow {
  readonly result: PhaseResult;
  readonly cpu: CpuShare | null;
  /** Marks per commit, from the ledger: marks of a batch share their entered_at. */
  readonly perCommit: number | null;
  readonly revisions: number | null;
  /** The server's event-loop delay over the phase (p99, max), in ms. */
  readonly loop: { readonly p99: number; readonly max: number };
  /** Standings recomputes over the phase and their wall time in all. */
  readonly recomputes: { readonly count: number; readonly ms: number };
}

/** Standings recomputes of the server under test, counted per phase (see runGenerator). */
const recomputes = { count: 0, ms: 0 };

/** Children this run started, so a failure or Ctrl-C can end them (by pid, nothing else). */
const children = new Set<ChildProcess>();

function startChild(file: string): ChildProcess {
  const child = fork(path.join(here, file), [], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} exited with ${signal ?? String(code)}`));
    });
  });
}

function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function backendPids(admin: postgres.Sql | null): Promise<number[]> {
  if (!admin) return [];
  const rows = await admin<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`;
  return rows.map((r) => r.pid);
}

async function runGenerator(
  config: GeneratorConfig,
  admin: postgres.Sql | null,
  database: Database,
): Promise<{ rows: PhaseRow[]; setup: string }> {
  const child = startChild('load-generator.ts');
  const done = exited(child, 'load generator');
  const rows: PhaseRow[] = [];
  let setup = '';
  let before: { cpu: CpuSample; pg: number[]; wall: Date } | null = null;
  let profiler: Profiler | null = null;
  // Set from message callbacks: a holder, so the checks after the awaits see the changes.
  const state: { failure: string | null } = { failure: null };
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const handle = async (m: GeneratorMessage): Promise<void> => {
    switch (m.type) {
      case 'ready':
        setup =
          `${m.setup.judges} judges logged in, ${m.setup.sheets} sheets, ` +
          `${m.setup.slots} (sheet, criterion) slots`;
        console.log(`  ${setup}`);
        break;
      case 'phase-start': {
        const pg = await backendPids(admin);
        before = { cpu: sample([child.pid ?? -1, ...pg]), pg, wall: new Date() };
        loopDelay.reset();
        recomputes.count = 0;
        recomputes.ms = 0;
        if (PROFILE !== null && m.name.startsWith(PROFILE)) {
          profiler = new Profiler();
          await profiler.start();
        }
        console.log(`  ${m.name} …`);
        break;
      }
      case 'phase-end': {
        const pg = [...new Set([...(before?.pg ?? []), ...(await backendPids(admin))])];
        const after = sample([child.pid ?? -1, ...pg]);
        const wallEnd = new Date();
        if (profiler) {
          const file = path.join(os.tmpdir(), `write-path-${Date.now()}.cpuprofile`);
          const summary = await profiler.stop(file);
          profiler = null;
          console.log(`  CPU profile of the server over ${m.result.name}: ${file}\n${summary}`);
        }
        if (m.warmup || !before) break;
        const ledger = await commitsBetween(database, before.wall, wallEnd);
        rows.push({
          result: m.result,
          cpu: share(before.cpu, after, child.pid, pg),
          perCommit: ledger.commits > 0 ? ledger.marks / ledger.commits : null,
          revisions: ledger.revisions,
          loop: {
            p99: loopDelay.percentile(99) / 1e6,
            max: loopDelay.max / 1e6,
          },
          recomputes: { ...recomputes },
        });
        console.log(`    ${line(rows[rows.length - 1] as PhaseRow)}`);
        break;
      }
      case 'failed':
        state.failure = m.error;
        break;
      case 'done':
        break;
    }
  };
  let chain = Promise.resolve();
  child.on('message', (m: GeneratorMessage) => {
    chain = chain
      .then(() => handle(m))
      .catch((error: unknown) => {
        state.failure ??= errorText(error);
        child.kill();
      });
  });
  child.send(config);
  await done.catch((error: unknown) => {
    throw new Error(state.failure ?? String(error));
  });
  await chain;
  loopDelay.disable();
  if (state.failure !== null) throw new Error(state.failure);
  return { rows, setup };
}

/** Rows of db.execute: an array on postgres-js, { rows } on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: unknown[] }).rows ?? []) as T[];
}

async function commitsBetween(
  database: Database,
  from: Date,
  to: Date,
): Promise<{ marks: number; commits: number; revisions: number | null }> {
  // Each batch of the mark writer stamps its marks with one `now`; each standings revision is
  // one row in `standings`.
  const a = from.toISOString();
  const b = to.toISOString();
  const [row] = rowsOf<{ marks: number; commits: number; revisions: number }>(
    await database.db.execute(sql`
    select
      (select count(*)::int from marks where entered_at between ${a}::timestamptz and ${b}::timestamptz) as marks,
      (select count(distinct entered_at)::int from marks where entered_at between ${a}::timestamptz and ${b}::timestamptz) as commits,
      (select count(*)::int from standings where computed_at between ${a}::timestamptz and ${b}::timestamptz) as revisions
  `),
  );
  return {
    marks: row?.marks ?? 0,
    commits: row?.commits ?? 0,
    revisions: row?.revisions ?? null,
  };
}

async function runPlainInsert(
  url: string,
  admin: postgres.Sql,
): Promise<{ result: PlainInsertResult; cpu: CpuShare }> {
  const child = startChild('plain-insert.ts');
  const done = exited(child, 'plain insert baseline');
  const state: {
    result: PlainInsertResult | null;
    cpu: CpuShare | null;
    failure: string | null;
  } = { result: null, cpu: null, failure: null };
  let before: { cpu: CpuSample; pg: number[] } | null = null;
  let chain = Promise.resolve();
  child.on('message', (m: PlainInsertMessage) => {
    chain = chain
      .then(async () => {
        if (m.type === 'phase-start') {
          const pg = await backendPids(admin);
          before = { cpu: sample([child.pid ?? -1, ...pg]), pg };
        } else if (m.type === 'phase-end') {
          if (before) {
            const after = sample([child.pid ?? -1, ...before.pg]);
            state.cpu = share(before.cpu, after, child.pid, before.pg);
          }
        } else if (m.type === 'done') {
          state.result = m.result;
        } else {
          state.failure = m.error;
        }
      })
      .catch((error: unknown) => {
        state.failure ??= errorText(error);
        child.kill();
      });
  });
  const config: PlainInsertConfig = {
    url,
    clients: CLIENTS,
    seconds: SECONDS,
    warmupSeconds: Math.min(WARMUP, 2),
  };
  child.send(config);
  await done.catch((error: unknown) => {
    throw new Error(state.failure ?? String(error));
  });
  await chain;
  const { result, cpu } = state;
  if (!result || !cpu) {
    throw new Error(state.failure ?? 'the plain insert baseline sent no result');
  }
  return { result, cpu };
}

/** pgbench's simple insert against the same database; null when pgbench is not installed. */
async function runPgbench(name: string): Promise<{ tps: number; latencyMs: number } | null> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  try {
    const script = path.join(dir, 'insert.sql');
    writeFileSync(
      script,
      [
        '\\set n random(0, 40)',
        "insert into bench_plain (sheet, criterion, value) values (gen_random_uuid(), 'seal', (:n)::text);",
        '',
      ].join('\n'),
    );
    const url = new URL(TEST_POSTGRES_URL);
    const args = [
      '-n',
      '-c',
      String(CLIENTS),
      '-j',
      '2',
      '-T',
      String(SECONDS),
      '-f',
      script,
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
      name,
    ];
    const out = await new Promise<string | null>((resolve, reject) => {
      const child = spawn('pgbench', args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
      });
      children.add(child);
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.on('error', (error: NodeJS.ErrnoException) => {
        children.delete(child);
        if (error.code === 'ENOENT') resolve(null);
        else reject(error);
      });
      child.on('exit', (code) => {
        children.delete(child);
        if (code === 0) resolve(text);
        else reject(new Error(`pgbench exited with ${String(code)}:\n${text}`));
      });
    });
    if (out === null) return null;
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
    if (tps === undefined) throw new Error(`could not read pgbench's output:\n${out}`);
    return { tps: Number(tps), latencyMs: Number(latency ?? NaN) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── printing ─────────────────────────────────────────────────────────────────────────────────

const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
const rate = (v: number): string => `${Math.round(v)}/s`;
const pct = (v: number): string => `${Math.round(v)}%`;

function cpuText(cpu: CpuShare | null): string {
  if (!cpu) return '';
  return `${pct(cpu.server)}/${pct(cpu.generator)}/${pct(cpu.postgres)}/${pct(cpu.other)} (${pct(cpu.machine)})`;
}

function line(row: PhaseRow): string {
  const r = row.result;
  return [
    `${r.name}: ${rate(r.acksPerSecond)} acknowledged`,
    `p50 ${ms(r.latency.p50)}, p95 ${ms(r.latency.p95)}, p99 ${ms(r.latency.p99)}`,
    `${r.errors} errors`,
  ].join(', ');
}

function errorKinds(r: PhaseResult): string {
  const kinds = Object.entries(r.errorKinds);
  return kinds.length === 0 ? '' : kinds.map(([k, n]) => `${n}× ${k}`).join('; ');
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const loadStart = os.loadavg();
  console.log(`write-path bench on ${KIND}: ${describeMachine()}`);
  console.log(`load average at start: ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);
  const database = await openTestDatabase(KIND);
  let httpServer: ReturnType<typeof serve> | null = null;
  let server: Server | null = null;
  let admin: postgres.Sql | null = null;
  const cleanup = async (): Promise<void> => {
    for (const child of children) if (child.exitCode === null) child.kill();
    if (httpServer) {
      const s = httpServer;
      httpServer = null;
      await new Promise<void>((resolve) => {
        s.close(() => {
          resolve();
        });
        // Keep-alive sockets of a killed generator must not hold the close.
        if ('closeAllConnections' in s) s.closeAllConnections();
      });
    }
    if (server) await server.close().catch(() => undefined);
    server = null;
    if (admin) await admin.end({ timeout: 5 }).catch(() => undefined);
    admin = null;
    await database.close();
  };
  const onSignal = (): void => {
    console.error('interrupted: dropping the bench database');
    void cleanup().finally(() => process.exit(130));
  };
  const onCrash = (error: unknown): void => {
    console.error('unexpected failure: dropping the bench database', error);
    void cleanup().finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('unhandledRejection', onCrash);
  try {
    let dbName = '';
    let pgVersion = 'PGlite';
    let syncCommit = '';
    if (KIND === 'postgres') {
      const r = rowsOf<{ name: string; version: string; sync: string }>(
        await database.db.execute(
          sql`select current_database() as name, version() as version, current_setting('synchronous_commit') as sync`,
        ),
      );
      dbName = r[0]?.name ?? '';
      pgVersion = (r[0]?.version ?? '').split(' on ')[0] ?? '';
      syncCommit = r[0]?.sync ?? '';
      admin = postgres(databaseUrl(dbName), { max: 1, onnotice: () => undefined });
    }
    console.log(
      `database: ${pgVersion}${syncCommit ? `, synchronous_commit=${syncCommit}` : ''}${dbName ? `, fresh database ${dbName}` : ''}`,
    );

    const srv = createServer({
      database,
      ...(GATHER_MS === undefined ? {} : { config: { markGatherMs: GATHER_MS } }),
    });
    server = srv;
    if (GATHER_MS !== undefined)
      console.log(`BENCH_GATHER_MS=${GATHER_MS}: the writer's gathering window`);
    if (PUBLISHER_OFF) {
      // Diagnostic only: the bench never changes the server; this skips the recompute after commit.
      srv.publisher.touch = () => undefined;
      console.log(
        'BENCH_PUBLISHER=off: standings are not recomputed (diagnostic, not the real server)',
      );
    }
    // Counts each standings recompute and its wall time (the server itself is not changed).
    const recompute = srv.publisher.recompute.bind(srv.publisher);
    srv.publisher.recompute = async (...args) => {
      const t = performance.now();
      try {
        return await recompute(...args);
      } finally {
        recomputes.count += 1;
        recomputes.ms += performance.now() - t;
      }
    };
    await ensureOrganizer(srv.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    const listening = serve({ fetch: srv.app.fetch, port: PORT, hostname: '127.0.0.1' });
    httpServer = listening;
    await new Promise<void>((resolve) => {
      if (listening.listening) resolve();
      else
        listening.once('listening', () => {
          resolve();
        });
    });
    const { port } = listening.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    console.log(`server: ${baseUrl} (this process, pid ${process.pid})`);

    const t0 = performance.now();
    const seeded: Seeded = await seedCompetition({ baseUrl, contestants: CONTESTANTS });
    console.log(
      `seeded through the API in ${Math.round(performance.now() - t0)} ms: ${seeded.competitionId}, ` +
        `${seeded.contestants} contestants, ${seeded.judges.length} judges, ${seeded.sheets} sheets`,
    );
    if (SERVE) {
      const judges = seeded.judges
        .map(
          (j) =>
            `${j.code}:${j.pin}${j.criteria.includes('seal') ? '' : `+${j.criteria.join('+')}`}`,
        )
        .join(',');
      console.log(
        `serving until Ctrl-C (then the database is dropped). For k6:\n` +
          `  k6 run load-tests/judges-write.ts -e BASE_URL=${baseUrl} ` +
          `-e COMPETITION=${seeded.competitionId} -e JUDGES=${judges}`,
      );
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => {
          resolve();
        });
        process.once('SIGTERM', () => {
          resolve();
        });
      });
      return 0;
    }

    const phases: PhaseSpec[] = [
      { kind: 'open', name: 'warm-up 100/s', rate: 100, seconds: WARMUP, warmup: true },
      ...RATES.map((r): PhaseSpec => ({
        kind: 'open',
        name: `open ${r}/s`,
        rate: r,
        seconds: SECONDS,
      })),
      { kind: 'closed', name: `closed ${CLIENTS} clients`, clients: CLIENTS, seconds: SECONDS },
    ];
    const generated = await runGenerator(
      {
        baseUrl,
        competitionId: seeded.competitionId,
        judges: seeded.judges,
        phases,
        seed: 20250501,
      },
      admin,
      database,
    );
    await srv.publisher.settle();
    // What one standings recompute costs on the event loop at the end of the run (the table is
    // unchanged by then, so this is the compute without the diff and the store).
    const recomputeMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await srv.publisher.recompute(seeded.competitionId);
      recomputeMs.push(performance.now() - t);
    }
    recomputeMs.sort((x, y) => x - y);
    const markRows = rowsOf<{ n: number; current: number }>(
      await database.db.execute(
        sql`select count(*)::int as n, count(distinct (sheet_id, criterion_id))::int as current from marks`,
      ),
    )[0];
    const closed = generated.rows.find((r) => r.result.kind === 'closed');

    let plain: { result: PlainInsertResult; cpu: CpuShare } | null = null;
    let pgbench: { tps: number; latencyMs: number } | null = null;
    let pgbenchNote = '';
    if (KIND === 'postgres' && admin) {
      await admin.unsafe(
        `create table bench_plain (id bigserial primary key, sheet uuid, criterion text, value text, at timestamptz default now())`,
      );
      console.log(`  plain insert, ${CLIENTS} clients (node + postgres driver) …`);
      plain = await runPlainInsert(databaseUrl(dbName), admin);
      console.log(`    ${rate(plain.result.rowsPerSecond)} rows`);
      console.log(`  pgbench simple insert, ${CLIENTS} clients …`);
      pgbench = await runPgbench(dbName);
      if (!pgbench) pgbenchNote = 'pgbench is not installed';
    }

    // ── report ──
    const loadEnd = os.loadavg();
    console.log('');
    console.log(
      `Write path${PUBLISHER_OFF ? ' (BENCH_PUBLISHER=off: no standings recompute)' : ''}: POST /api/sheets/:id/marks on ${pgVersion} over real HTTP (keep-alive), ` +
        `load from a child process`,
    );
    console.log(describeMachine());
    console.log(
      `load average at start ${loadStart.map((l) => l.toFixed(2)).join(' ')}, at end ${loadEnd
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`${seeded.contestants} contestants; ${generated.setup}`);
    console.log(
      `one standings recompute at the end (${markRows?.n ?? 0} mark versions, ${markRows?.current ?? 0} current marks): ` +
        `median ${ms(recomputeMs[2] ?? NaN)} (unchanged table: compute only, no diff or store)`,
    );
    console.log('');
    const body = generated.rows.map((row) => {
      const r = row.result;
      return [
        r.name,
        r.kind === 'open' ? rate(r.offered) : `${r.offered} clients`,
        rate(r.acksPerSecond),
        ms(r.latency.p50),
        ms(r.latency.p95),
        ms(r.latency.p99),
        ms(r.latency.max),
        String(r.errors),
        row.perCommit === null ? '-' : row.perCommit.toFixed(1),
        row.perCommit === null || r.ok === 0 ? '-' : ms((1000 * row.perCommit) / r.acksPerSecond),
        row.revisions === null ? '-' : String(row.revisions),
        row.recomputes.count === 0
          ? '0'
          : `${row.recomputes.count} (${ms(row.recomputes.ms / row.recomputes.count)})`,
        `${r.corrections}`,
        `${ms(row.loop.p99)} / ${ms(row.loop.max)}`,
        cpuText(row.cpu),
        `${cpuPerMark(row.cpu, 'server', r.acksPerSecond).toFixed(2)} / ${cpuPerMark(row.cpu, 'postgres', r.acksPerSecond).toFixed(2)}`,
      ];
    });
    console.log(
      table(
        [
          'phase',
          'offered',
          'acks',
          'p50',
          'p95',
          'p99',
          'max',
          'errors',
          'marks/commit',
          'commit every',
          'revisions',
          'recomputes (mean)',
          'corrections',
          'loop delay p99/max',
          'cpu server/gen/pg/other (machine)',
          'cpu ms/mark server / pg',
        ],
        body,
      ),
    );
    for (const row of generated.rows) {
      const e = errorKinds(row.result);
      if (e) console.log(`  errors in ${row.result.name}: ${e}`);
      if (row.result.resent > 0) {
        console.log(
          `  ${row.result.name}: ${row.result.resent} marks resent with the same opId after a connection reset`,
        );
      }
    }
    console.log(
      '  latency: open loop from the scheduled send time, closed loop from the send; ' +
        'cpu: % of one core (machine: % of all cores); corrections: marks with expectedVersion > 0; ' +
        "commit every: mean time between the writer's commits (its transaction time when it never idles); " +
        "loop delay: the server's event-loop delay; recomputes: standings recomputes (mean wall time)",
    );
    console.log('');
    const sustained = closed?.result.acksPerSecond ?? NaN;
    const baseRows: string[][] = [
      ['sustained marks (closed loop)', `${CLIENTS} clients`, rate(sustained)],
    ];
    if (plain) {
      baseRows.push([
        'plain insert, node + postgres driver',
        `${CLIENTS} clients`,
        `${rate(plain.result.rowsPerSecond)}  (p50 ${ms(plain.result.latency.p50)}, p95 ${ms(
          plain.result.latency.p95,
        )}, ${plain.result.errors} errors, cpu ${cpuText(plain.cpu)})`,
      ]);
    }
    if (pgbench) {
      baseRows.push([
        'plain insert, pgbench -n -j 2',
        `${CLIENTS} clients`,
        `${rate(pgbench.tps)}  (latency average ${ms(pgbench.latencyMs)})`,
      ]);
    } else if (pgbenchNote) {
      baseRows.push(['plain insert, pgbench', '', pgbenchNote]);
    }
    console.log(table(['throughput', 'concurrency', 'per second'], baseRows));
    console.log('');

    const verdicts: Verdict[] = [];
    const at200 = generated.rows.find(
      (r) => r.result.kind === 'open' && r.result.offered === TARGET_P95_RATE,
    );
    if (at200) {
      verdicts.push({
        name: `p95 at ${TARGET_P95_RATE} marks/s ≤ ${TARGET_P95_MS} ms, no errors`,
        value: `${ms(at200.result.latency.p95)}, ${at200.result.errors} errors`,
        pass: at200.result.latency.p95 <= TARGET_P95_MS && at200.result.errors === 0,
      });
      verdicts.push(...cpuVerdicts(at200.cpu, at200.result.acksPerSecond));
    }
    const reference = pgbench?.tps ?? plain?.result.rowsPerSecond;
    if (pgbench && plain) {
      verdicts.push({
        name: 'sustained ÷ plain insert (node driver)',
        value: (sustained / plain.result.rowsPerSecond).toFixed(2),
        pass: null,
      });
    }
    if (reference !== undefined) {
      verdicts.push({
        name: `sustained ÷ plain insert (${pgbench ? 'pgbench' : 'node driver'}) ≥ ${TARGET_RATIO}`,
        value: (sustained / reference).toFixed(2),
        pass: sustained / reference >= TARGET_RATIO,
      });
    } else {
      verdicts.push({
        name: 'sustained ÷ plain insert',
        value: `no baseline on ${KIND}`,
        pass: null,
      });
    }
    console.log(
      table(
        ['target', 'measured', 'verdict'],
        verdicts.map((v) => [v.name, v.value, v.pass === null ? 'info' : v.pass ? 'PASS' : 'FAIL']),
      ),
    );
    const failed = verdicts.some((v) => v.pass === false);
    return failed && STRICT ? 1 : 0;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('unhandledRejection', onCrash);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    for (const child of children) if (child.exitCode === null) child.kill();
    process.exitCode = 1;
  },
);
