/** How the fan-out bench writes its numbers: milliseconds, seconds, percent, KiB, error counts. */
import { latencyOf } from '../child-ipc.ts';
import type { Histogram } from './fanout-ipc.ts';

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
export const secs = (v: number): string => `${(v / 1000).toFixed(1)} s`;
export const pct = (v: number): string => `${Math.round(v)}%`;
export const kib = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} KiB` : '-');

export function errorsText(errors: Readonly<Record<string, number>>): string {
  return Object.entries(errors)
    .map(([k, n]) => `${n}× ${k}`)
    .join('; ');
}

export function latencyCells(h: Histogram): string[] {
  return [ms(h.percentile(0.5)), ms(h.percentile(0.95)), ms(h.percentile(0.99)), ms(h.max())];
}

export function median(values: readonly number[]): number {
  return latencyOf([...values]).p50;
}
