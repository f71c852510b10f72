/**
 * One run of the judges' load generator (bench/load-generator.ts) through its phases, measured
 * from here: per phase the server's, the generator's and Postgres's CPU, marks per commit and
 * revisions from the ledger, the event loop's delay, the recomputes, and a CPU profile of the
 * phase BENCH_PROFILE names.
 */
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Database } from '@skills/db';
import { errorText } from '../child-ipc.ts';
import { sample, share, type CpuSample, type CpuShare } from '../machine.ts';
import { Profiler } from '../profile.ts';
import type { GeneratorConfig, GeneratorMessage, PhaseResult } from '../write-path-ipc.ts';
import { exited, startChild } from './children.ts';
import { backendPids, rowsOf } from './database.ts';
import { line } from './format.ts';
import { PROFILE } from './settings.ts';

export interface PhaseRow {
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
export const recomputes = { count: 0, ms: 0 };

/** Measures one phase at a time: CPU and backends at its start, the rest at its end. */
class PhaseMeter {
  private before: { cpu: CpuSample; pg: number[]; wall: Date } | null = null;
  private profiler: Profiler | null = null;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 5 });
  readonly rows: PhaseRow[] = [];

  constructor(
    private readonly generatorPid: number,
    private readonly admin: postgres.Sql | null,
    private readonly database: Database,
  ) {
    this.loopDelay.enable();
  }

  async start(name: string): Promise<void> {
    const pg = await backendPids(this.admin);
    this.before = { cpu: sample([this.generatorPid, ...pg]), pg, wall: new Date() };
    this.loopDelay.reset();
    recomputes.count = 0;
    recomputes.ms = 0;
    if (PROFILE !== null && name.startsWith(PROFILE)) {
      this.profiler = new Profiler();
      await this.profiler.start();
    }
    console.log(`  ${name} …`);
  }

  async end(result: PhaseResult, warmup: boolean): Promise<void> {
    const before = this.before;
    const pg = [...new Set([...(before?.pg ?? []), ...(await backendPids(this.admin))])];
    const after = sample([this.generatorPid, ...pg]);
    const wallEnd = new Date();
    if (this.profiler) {
      const file = path.join(os.tmpdir(), `write-path-${Date.now()}.cpuprofile`);
      const summary = await this.profiler.stop(file);
      this.profiler = null;
      console.log(`  CPU profile of the server over ${result.name}: ${file}\n${summary}`);
    }
    if (warmup || !before) return;
    const ledger = await commitsBetween(this.database, before.wall, wallEnd);
    this.rows.push({
      result,
      cpu: share(before.cpu, after, this.generatorPid, pg),
      perCommit: ledger.commits > 0 ? ledger.marks / ledger.commits : null,
      revisions: ledger.revisions,
      loop: { p99: this.loopDelay.percentile(99) / 1e6, max: this.loopDelay.max / 1e6 },
      recomputes: { ...recomputes },
    });
    console.log(`    ${line(result)}`);
  }

  close(): void {
    this.loopDelay.disable();
  }
}

/** Runs the load generator through its phases; answers each measured phase's row. */
export async function runGenerator(
  config: GeneratorConfig,
  admin: postgres.Sql | null,
  database: Database,
): Promise<{ rows: PhaseRow[]; setup: string }> {
  const child = startChild('load-generator.ts');
  const done = exited(child, 'load generator');
  const meter = new PhaseMeter(child.pid ?? -1, admin, database);
  // Set from message callbacks: a holder, so the checks after the awaits see the changes.
  const state: { failure: string | null; setup: string } = { failure: null, setup: '' };
  const handle = async (m: GeneratorMessage): Promise<void> => {
    if (m.type === 'ready') {
      state.setup =
        `${m.setup.judges} judges logged in, ${m.setup.sheets} sheets, ` +
        `${m.setup.slots} (sheet, criterion) slots`;
      console.log(`  ${state.setup}`);
    } else if (m.type === 'phase-start') {
      await meter.start(m.name);
    } else if (m.type === 'phase-end') {
      await meter.end(m.result, m.warmup);
    } else if (m.type === 'failed') {
      state.failure = m.error;
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
  meter.close();
  if (state.failure !== null) throw new Error(state.failure);
  return { rows: meter.rows, setup: state.setup };
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
