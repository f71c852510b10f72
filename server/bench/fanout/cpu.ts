/**
 * Where the CPU went between two samples (the server, the viewer generators, Postgres, the rest
 * of the machine), and memory per idle viewer.
 */
import type { CpuSample } from '../machine.ts';
import type { Memory } from './fanout-ipc.ts';

export interface Cpu {
  /** % of one core. */
  readonly server: number;
  readonly generators: number;
  readonly postgres: number;
  /** Everything else on the machine (other jobs, the kernel's own threads), % of one core. */
  readonly other: number;
  /** % of all cores. */
  readonly machine: number;
}

export function cpuBetween(
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

export const perViewerKiB = (
  base: Memory,
  now: Memory,
  viewers: number,
  key: 'rss' | 'heapUsed',
) => (viewers > 0 ? (now[key] - base[key]) / 1024 / viewers : NaN);
