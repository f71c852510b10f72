/**
 * Where the CPU went during a phase: this process (the server), the load generator, the
 * Postgres backends serving this bench's database, and everything else on the machine (other
 * jobs, Postgres background writers). Read from /proc, so Linux only; elsewhere only the
 * server's own figure and the machine total are known.
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';

/** Linux reports /proc times in clock ticks, 100 per second on every common kernel. */
const TICK_MS = 10;

export interface CpuSample {
  readonly at: number;
  readonly serverMs: number;
  readonly machineBusyMs: number;
  readonly machineTotalMs: number;
  /** CPU milliseconds by pid for the processes being watched. */
  readonly procs: ReadonlyMap<number, number>;
}

export interface CpuShare {
  /** Each as % of one core over the phase. */
  readonly server: number;
  readonly generator: number;
  readonly postgres: number;
  readonly other: number;
  /** Machine busy as % of all cores. */
  readonly machine: number;
}

/** utime + stime of a process in ms, or null when it is gone (or this is not Linux). */
export function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Pids of every postgres process visible to us (for the process list in the header). */
export function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

export function sample(pids: readonly number[]): CpuSample {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  const u = process.cpuUsage();
  const procs = new Map<number, number>();
  for (const pid of pids) {
    const ms = procCpuMs(pid);
    if (ms !== null) procs.set(pid, ms);
  }
  return {
    at: performance.now(),
    serverMs: (u.user + u.system) / 1000,
    machineBusyMs: busy,
    machineTotalMs: total,
    procs,
  };
}

export function share(
  before: CpuSample,
  after: CpuSample,
  generatorPid: number | undefined,
  postgres: readonly number[],
): CpuShare {
  const wall = after.at - before.at;
  const delta = (pid: number): number => {
    const a = after.procs.get(pid);
    if (a === undefined) return 0;
    return a - (before.procs.get(pid) ?? 0);
  };
  const server = after.serverMs - before.serverMs;
  const generator = generatorPid === undefined ? 0 : delta(generatorPid);
  const pg = postgres.reduce((sum, pid) => sum + delta(pid), 0);
  const busy = after.machineBusyMs - before.machineBusyMs;
  const total = after.machineTotalMs - before.machineTotalMs;
  const pct = (ms: number): number => (wall > 0 ? (100 * ms) / wall : 0);
  return {
    server: pct(server),
    generator: pct(generator),
    postgres: pct(pg),
    other: pct(Math.max(0, busy - server - generator - pg)),
    machine: total > 0 ? (100 * busy) / total : 0,
  };
}

export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const mem = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus.length} × ${model}, ${mem} GiB RAM, ${os.type()} ${os.release()}, node ${process.version}`;
}

/** A text table: the first column left-aligned, the others right-aligned, a rule under the head. */
export function table(headers: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [fmt(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}
