/**
 * The judges' side shared by the benchmarks' mark generators: the sheet a judge reads, a seeded
 * random source (runs repeat), and a valid value for a criterion.
 */

export interface CriterionInfo {
  readonly id: string;
  readonly kind: string;
  readonly min: string;
  readonly max: string | null;
  readonly step: string;
}

export interface SheetView {
  readonly id: string;
  readonly status: string;
  readonly criteria: readonly CriterionInfo[];
  readonly marks: readonly { readonly criterion: string; readonly version: number }[];
}

/** mulberry32: a small seeded generator, so slot order and values repeat from run to run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid value for the criterion: a step multiple in [min, max], or a pass for gates/checks. */
export function valueFor(c: CriterionInfo, random: () => number): number | boolean {
  if (c.kind === 'gate' || c.kind === 'check') return random() < 0.97;
  const min = Number(c.min);
  const step = Number(c.step) || 1;
  const max = c.max === null ? min + 100 * step : Number(c.max);
  const steps = Math.floor((max - min) / step + 1e-9);
  const v = min + step * Math.floor(random() * (steps + 1));
  return Math.round(v * 1e6) / 1e6;
}
