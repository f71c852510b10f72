/**
 * The write-path bench's targets (issue 14), apart from the run itself: CPU per acknowledged
 * mark (server, standings included, and the Postgres backends of the bench database) at the
 * target rate, p95 acknowledgement, and sustained marks against the plain insert baseline.
 */
import type { CpuShare } from './machine.ts';

export const TARGET_P95_MS = 20;
export const TARGET_RATE = 200;
export const TARGET_RATIO = 0.5;
/** Server CPU per acknowledged mark at TARGET_RATE, standings included. */
export const TARGET_SERVER_CPU_MS = 1;
/** CPU of the database's backends per acknowledged mark at TARGET_RATE. */
export const TARGET_PG_CPU_MS = 1;

/** CPU milliseconds per acknowledged mark of one side (a share is % of one core). */
export function cpuPerMark(
  cpu: CpuShare | null,
  side: 'server' | 'postgres',
  acks: number,
): number {
  if (!cpu || !(acks > 0)) return NaN;
  return (cpu[side] * 10) / acks;
}

export interface Verdict {
  readonly name: string;
  readonly value: string;
  /** null: reported for information, no target. */
  readonly pass: boolean | null;
}

/** The CPU-per-mark verdicts at the target rate. */
export function cpuVerdicts(cpu: CpuShare | null, acks: number): Verdict[] {
  const server = cpuPerMark(cpu, 'server', acks);
  const pg = cpuPerMark(cpu, 'postgres', acks);
  const text = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '-');
  return [
    {
      name: `server CPU per mark at ${TARGET_RATE}/s ≤ ${TARGET_SERVER_CPU_MS} ms (standings incl.)`,
      value: text(server),
      pass: Number.isFinite(server) ? server <= TARGET_SERVER_CPU_MS : null,
    },
    {
      name: `Postgres CPU per mark at ${TARGET_RATE}/s ≤ ${TARGET_PG_CPU_MS} ms`,
      value: text(pg),
      pass: Number.isFinite(pg) ? pg <= TARGET_PG_CPU_MS : null,
    },
  ];
}
