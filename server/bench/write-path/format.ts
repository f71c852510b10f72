/**
 * How the write-path bench writes its figures.
 */
import type { CpuShare } from '../machine.ts';
import type { PhaseResult } from '../write-path-ipc.ts';

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
export const rate = (v: number): string => `${Math.round(v)}/s`;
export const pct = (v: number): string => `${Math.round(v)}%`;

export function cpuText(cpu: CpuShare | null): string {
  if (!cpu) return '';
  return `${pct(cpu.server)}/${pct(cpu.generator)}/${pct(cpu.postgres)}/${pct(cpu.other)} (${pct(cpu.machine)})`;
}

/** One phase's result in a line, as it is printed when the phase ends. */
export function line(r: PhaseResult): string {
  return [
    `${r.name}: ${rate(r.acksPerSecond)} acknowledged`,
    `p50 ${ms(r.latency.p50)}, p95 ${ms(r.latency.p95)}, p99 ${ms(r.latency.p99)}`,
    `${r.errors} errors`,
  ].join(', ');
}

export function errorKinds(r: PhaseResult): string {
  const kinds = Object.entries(r.errorKinds);
  return kinds.length === 0 ? '' : kinds.map(([k, n]) => `${n}× ${k}`).join('; ');
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────
