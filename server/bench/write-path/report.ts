/**
 * The write-path bench's report: the phases' table, the throughput against the plain-insert
 * baselines of the same run, and the targets with PASS/FAIL (write-targets.ts).
 */
import os from 'node:os';
import { describeMachine, table, type CpuShare } from '../machine.ts';
import type { PlainInsertResult } from '../write-path-ipc.ts';
import {
  cpuPerMark,
  cpuVerdicts,
  TARGET_P95_MS,
  TARGET_RATE as TARGET_P95_RATE,
  TARGET_RATIO,
  type Verdict,
} from '../write-targets.ts';
import { cpuText, errorKinds, ms, rate } from './format.ts';
import type { PhaseRow } from './generator.ts';
import type { MinimalResult } from './minimal-baseline.ts';
import { CLIENTS, KIND, PUBLISHER_OFF, SECONDS } from './settings.ts';

/** What one run measured, for the report. */
export interface Measured {
  readonly pgVersion: string;
  readonly loadStart: readonly number[];
  readonly contestants: number;
  readonly setup: string;
  readonly rows: readonly PhaseRow[];
  /** One recompute of the unchanged table at the end, sorted (ms). */
  readonly recomputeMs: readonly number[];
  readonly markVersions: { readonly n: number; readonly current: number } | undefined;
  readonly plain: { readonly result: PlainInsertResult; readonly cpu: CpuShare } | null;
  readonly pgbench: { readonly tps: number; readonly latencyMs: number } | null;
  readonly pgbenchNote: string;
  /** The floor of the CPU targets (minimal-baseline.ts); null on PGlite. */
  readonly minimal: MinimalResult | null;
}

const loads = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');

function printHeader(m: Measured): void {
  console.log('');
  console.log(
    `Write path${PUBLISHER_OFF ? ' (BENCH_PUBLISHER=off: no standings recompute)' : ''}: POST /api/sheets/:id/marks on ${m.pgVersion} over real HTTP (keep-alive), ` +
      `load from a child process`,
  );
  console.log(describeMachine());
  console.log(`load average at start ${loads(m.loadStart)}, at end ${loads(os.loadavg())}`);
  console.log(`${m.contestants} contestants; ${m.setup}`);
  console.log(
    `one standings recompute at the end (${m.markVersions?.n ?? 0} mark versions, ${m.markVersions?.current ?? 0} current marks): ` +
      `median ${ms(m.recomputeMs[2] ?? NaN)} (unchanged table: compute only, no diff or store)`,
  );
  console.log('');
}

function phaseCells(row: PhaseRow): string[] {
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
}

const PHASE_COLUMNS = [
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
];

function printPhases(rows: readonly PhaseRow[]): void {
  console.log(table(PHASE_COLUMNS, rows.map(phaseCells)));
  for (const row of rows) {
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
}

function printThroughput(m: Measured, sustained: number): void {
  const rows: string[][] = [
    ['sustained marks (closed loop)', `${CLIENTS} clients`, rate(sustained)],
  ];
  const { plain, pgbench } = m;
  if (plain) {
    rows.push([
      'plain insert, node + postgres driver',
      `${CLIENTS} clients`,
      `${rate(plain.result.rowsPerSecond)}  (p50 ${ms(plain.result.latency.p50)}, p95 ${ms(
        plain.result.latency.p95,
      )}, ${plain.result.errors} errors, cpu ${cpuText(plain.cpu)})`,
    ]);
  }
  if (pgbench) {
    rows.push([
      'plain insert, pgbench -n -j 2',
      `${CLIENTS} clients`,
      `${rate(pgbench.tps)}  (latency average ${ms(pgbench.latencyMs)})`,
    ]);
  } else if (m.pgbenchNote) {
    rows.push(['plain insert, pgbench', '', m.pgbenchNote]);
  }
  console.log(table(['throughput', 'concurrency', 'per second'], rows));
  console.log('');
  const { minimal } = m;
  if (minimal) {
    console.log(
      `minimal server at ${rate(minimal.rate)} (hono + one prepared insert transaction per request, ` +
        `no checks, audit or standings): ${rate(minimal.acks / SECONDS)} acknowledged, ` +
        `p50 ${ms(minimal.latency.p50)}, p95 ${ms(minimal.latency.p95)}, ${minimal.errors} errors; ` +
        `cpu ms/request server ${minimal.serverCpuMs.toFixed(2)} / pg ${minimal.pgCpuMs.toFixed(2)}`,
    );
    console.log('');
  }
}

/** The targets against what the run measured. */
function verdictsOf(m: Measured, sustained: number): Verdict[] {
  const verdicts: Verdict[] = [];
  const at200 = m.rows.find(
    (r) => r.result.kind === 'open' && r.result.offered === TARGET_P95_RATE,
  );
  if (at200) {
    verdicts.push({
      name: `p95 at ${TARGET_P95_RATE} marks/s ≤ ${TARGET_P95_MS} ms, no errors`,
      value: `${ms(at200.result.latency.p95)}, ${at200.result.errors} errors`,
      pass: at200.result.latency.p95 <= TARGET_P95_MS && at200.result.errors === 0,
    });
    verdicts.push(...cpuVerdicts(at200.cpu, at200.result.acksPerSecond));
    if (m.minimal) {
      const ratio = (side: 'server' | 'postgres', floor: number): Verdict => ({
        name: `${side === 'server' ? 'server' : 'Postgres'} CPU per mark ÷ minimal server's per request`,
        value: (cpuPerMark(at200.cpu, side, at200.result.acksPerSecond) / floor).toFixed(2),
        pass: null,
      });
      verdicts.push(ratio('server', m.minimal.serverCpuMs), ratio('postgres', m.minimal.pgCpuMs));
    }
  }
  const { plain, pgbench } = m;
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
  return verdicts;
}

/** Prints the report; answers whether any target failed. */
export function printReport(m: Measured): boolean {
  const sustained = m.rows.find((r) => r.result.kind === 'closed')?.result.acksPerSecond ?? NaN;
  printHeader(m);
  printPhases(m.rows);
  printThroughput(m, sustained);
  const verdicts = verdictsOf(m, sustained);
  console.log(
    table(
      ['target', 'measured', 'verdict'],
      verdicts.map((v) => [v.name, v.value, v.pass === null ? 'info' : v.pass ? 'PASS' : 'FAIL']),
    ),
  );
  return verdicts.some((v) => v.pass === false);
}
