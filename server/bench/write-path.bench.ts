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
 * same database: plain inserts from a child process with the `postgres` driver, pgbench when
 * it is installed, and the floor of the CPU targets: a minimal server (hono, one prepared insert
 * transaction per request) offered the target rate, its CPU per request next to the server's.
 * The database is dropped at the end, also on failure. Its parts are in bench/write-path/:
 * settings, children, the generator's run, the baselines, the report.
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
 *   BENCH_STANDINGS_THREAD=0 standings on the acknowledging event loop, not in their thread
 *   BENCH_GATHER_MS=n       the writer's gathering window under load (config markGatherMs; 0 = off)
 *   BENCH_SERVE=1           seed, then serve on BENCH_PORT (default 3000) for k6 until Ctrl-C
 *   BENCH_STRICT=1          exit 1 when a target fails (default: report only)
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openTestDatabase } from '@skills/db/testing';
import type { Database } from '@skills/db';
import { createServer, type Server } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { describeMachine } from './machine.ts';
import type { PhaseSpec } from './write-path-ipc.ts';
import { ORGANIZER, seedCompetition, type Seeded } from './seed.ts';
import { runPgbench, runPlainInsert } from './write-path/baselines.ts';
import { runMinimalServer } from './write-path/minimal-baseline.ts';
import { TARGET_RATE } from './write-targets.ts';
import { children } from './write-path/children.ts';
import { databaseUrl, rowsOf } from './write-path/database.ts';
import { rate } from './write-path/format.ts';
import { recomputes, runGenerator } from './write-path/generator.ts';
import { printReport, type Measured } from './write-path/report.ts';
import {
  CLIENTS,
  CONTESTANTS,
  GATHER_MS,
  KIND,
  PORT,
  PUBLISHER_OFF,
  STANDINGS_THREAD,
  RATES,
  SECONDS,
  SERVE,
  STRICT,
  WARMUP,
} from './write-path/settings.ts';

/** The database under test, as the report names it. */
interface DatabaseInfo {
  readonly name: string;
  readonly version: string;
  readonly syncCommit: string;
}

async function describeDatabase(database: Database): Promise<DatabaseInfo> {
  if (KIND !== 'postgres') return { name: '', version: 'PGlite', syncCommit: '' };
  const [r] = rowsOf<{ name: string; version: string; sync: string }>(
    await database.db.execute(
      sql`select current_database() as name, version() as version, current_setting('synchronous_commit') as sync`,
    ),
  );
  return {
    name: r?.name ?? '',
    version: (r?.version ?? '').split(' on ')[0] ?? '',
    syncCommit: r?.sync ?? '',
  };
}

/**
 * The real server over real HTTP in this process, its recomputes counted (the server itself is
 * not changed, except for the BENCH_PUBLISHER=off diagnostic).
 */
async function startServer(
  database: Database,
): Promise<{ srv: Server; http: ReturnType<typeof serve>; baseUrl: string }> {
  // As `npm start` runs on Postgres: standings in a thread of their own (BENCH_STANDINGS_THREAD=0:
  // on the event loop that acknowledges marks, to compare).
  const threadUrl = STANDINGS_THREAD ? database.url : null;
  if (threadUrl === null)
    console.log('standings recomputed on the event loop that acknowledges marks');
  const srv = createServer({
    database,
    ...(threadUrl === null ? {} : { standingsThread: { databaseUrl: threadUrl } }),
    ...(GATHER_MS === undefined ? {} : { config: { markGatherMs: GATHER_MS } }),
  });
  if (GATHER_MS !== undefined) {
    console.log(`BENCH_GATHER_MS=${GATHER_MS}: the writer's gathering window`);
  }
  if (PUBLISHER_OFF) {
    // Diagnostic only: the bench never changes the server; this skips the recompute after commit.
    srv.publisher.touch = () => undefined;
    console.log(
      'BENCH_PUBLISHER=off: standings are not recomputed (diagnostic, not the real server)',
    );
  }
  srv.listeners.recomputed.add((ms) => {
    recomputes.count += 1;
    recomputes.ms += ms;
  });
  await ensureOrganizer(srv.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
  const http = serve({ fetch: srv.app.fetch, port: PORT, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => {
    if (http.listening) resolve();
    else
      http.once('listening', () => {
        resolve();
      });
  });
  const { port } = http.address() as AddressInfo;
  return { srv, http, baseUrl: `http://127.0.0.1:${port}` };
}

/** BENCH_SERVE=1: prints how to point k6 at the seeded server, and waits for Ctrl-C. */
async function serveForK6(seeded: Seeded, baseUrl: string): Promise<void> {
  const judges = seeded.judges
    .map(
      (j) => `${j.code}:${j.pin}${j.criteria.includes('seal') ? '' : `+${j.criteria.join('+')}`}`,
    )
    .join(',');
  console.log(
    `serving until Ctrl-C (then the database is dropped). For k6:\n` +
      `  k6 run load-tests/judges-write.ts -e BASE_URL=${baseUrl} ` +
      `-e COMPETITION=${seeded.competitionId} -e JUDGES=${judges}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => {
      resolve();
    });
    process.once('SIGTERM', () => {
      resolve();
    });
  });
}

const PHASES: PhaseSpec[] = [
  { kind: 'open', name: 'warm-up 100/s', rate: 100, seconds: WARMUP, warmup: true },
  ...RATES.map((r): PhaseSpec => ({
    kind: 'open',
    name: `open ${r}/s`,
    rate: r,
    seconds: SECONDS,
  })),
  { kind: 'closed', name: `closed ${CLIENTS} clients`, clients: CLIENTS, seconds: SECONDS },
];

/** What one standings recompute of the (by then unchanged) table costs at the end, sorted. */
async function recomputeAtEnd(srv: Server, competitionId: string): Promise<number[]> {
  await srv.publisher.settle();
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await srv.publisher.recompute(competitionId);
    out.push(performance.now() - t);
  }
  return out.sort((x, y) => x - y);
}

/** The plain-insert baselines on the same database (Postgres only). */
async function baselines(
  admin: postgres.Sql | null,
  dbName: string,
): Promise<Pick<Measured, 'plain' | 'pgbench' | 'pgbenchNote' | 'minimal'>> {
  if (KIND !== 'postgres' || !admin) {
    return { plain: null, pgbench: null, pgbenchNote: '', minimal: null };
  }
  await admin.unsafe(
    `create table bench_plain (id bigserial primary key, sheet uuid, criterion text, value text, at timestamptz default now())`,
  );
  console.log(`  plain insert, ${CLIENTS} clients (node + postgres driver) …`);
  const plain = await runPlainInsert(databaseUrl(dbName), admin);
  console.log(`    ${rate(plain.result.rowsPerSecond)} rows`);
  console.log(`  pgbench simple insert, ${CLIENTS} clients …`);
  const pgbench = await runPgbench(dbName);
  console.log(`  minimal server at ${TARGET_RATE}/s (hono + one prepared insert transaction) …`);
  const minimal = await runMinimalServer(databaseUrl(dbName), admin);
  return { plain, pgbench, pgbenchNote: pgbench ? '' : 'pgbench is not installed', minimal };
}

/** What the bench holds open, closed once, also on Ctrl-C or a crash (the database is dropped). */
class Held {
  http: ReturnType<typeof serve> | null = null;
  server: Server | null = null;
  admin: postgres.Sql | null = null;
  constructor(readonly database: Database) {}

  async close(): Promise<void> {
    for (const child of children) if (child.exitCode === null) child.kill();
    const http = this.http;
    this.http = null;
    if (http) {
      await new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
        // Keep-alive sockets of a killed generator must not hold the close.
        if ('closeAllConnections' in http) http.closeAllConnections();
      });
    }
    if (this.server) await this.server.close().catch(() => undefined);
    this.server = null;
    if (this.admin) await this.admin.end({ timeout: 5 }).catch(() => undefined);
    this.admin = null;
    await this.database.close();
  }
}

/** Seeds, runs the phases and the baselines, and reports; answers the exit code. */
async function run(held: Held, loadStart: readonly number[]): Promise<number> {
  const info = await describeDatabase(held.database);
  if (info.name)
    held.admin = postgres(databaseUrl(info.name), { max: 1, onnotice: () => undefined });
  console.log(
    `database: ${info.version}${info.syncCommit ? `, synchronous_commit=${info.syncCommit}` : ''}${info.name ? `, fresh database ${info.name}` : ''}`,
  );
  const { srv, http, baseUrl } = await startServer(held.database);
  held.server = srv;
  held.http = http;
  console.log(`server: ${baseUrl} (this process, pid ${process.pid})`);
  const t0 = performance.now();
  const seeded = await seedCompetition({ baseUrl, contestants: CONTESTANTS });
  console.log(
    `seeded through the API in ${Math.round(performance.now() - t0)} ms: ${seeded.competitionId}, ` +
      `${seeded.contestants} contestants, ${seeded.judges.length} judges, ${seeded.sheets} sheets`,
  );
  if (SERVE) {
    await serveForK6(seeded, baseUrl);
    return 0;
  }
  const generated = await runGenerator(
    {
      baseUrl,
      competitionId: seeded.competitionId,
      judges: seeded.judges,
      phases: PHASES,
      seed: 20250501,
    },
    held.admin,
    held.database,
  );
  const recomputeMs = await recomputeAtEnd(srv, seeded.competitionId);
  const [markVersions] = rowsOf<{ n: number; current: number }>(
    await held.database.db.execute(
      sql`select count(*)::int as n, count(distinct (sheet_id, criterion_id))::int as current from marks`,
    ),
  );
  const failed = printReport({
    pgVersion: info.version,
    loadStart,
    contestants: seeded.contestants,
    setup: generated.setup,
    rows: generated.rows,
    recomputeMs,
    markVersions,
    ...(await baselines(held.admin, info.name)),
  });
  return failed && STRICT ? 1 : 0;
}

async function main(): Promise<number> {
  const loadStart = os.loadavg();
  console.log(`write-path bench on ${KIND}: ${describeMachine()}`);
  console.log(`load average at start: ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);
  const held = new Held(await openTestDatabase(KIND));
  const onSignal = (): void => {
    console.error('interrupted: dropping the bench database');
    void held.close().finally(() => process.exit(130));
  };
  const onCrash = (error: unknown): void => {
    console.error('unexpected failure: dropping the bench database', error);
    void held.close().finally(() => process.exit(1));
  };
  // BENCH_SERVE waits for Ctrl-C itself, and then drops the database as a normal end does.
  if (!SERVE) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  process.once('unhandledRejection', onCrash);
  try {
    return await run(held, loadStart);
  } finally {
    await held.close();
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
