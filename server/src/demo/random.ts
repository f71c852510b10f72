/**
 * A small seeded PRNG for the demo data: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, 128-bit state) keyed by the SHA-256 of a string seed. Pure given the seed, so two
 * fresh starts of the app seed exactly the same competitions. Not for anything secret.
 *
 * @example
 * const rng = seeded('xm29-ev-battery');
 * rng.pick(['A', 'B']); rng.int(6); rng.shuffle([1, 2, 3]);
 * const marks = rng.fork('marks'); // an independent stream: drawing more names shifts no mark
 */
import { createHash } from 'node:crypto';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in 0 … n − 1. */
  int(n: number): number;
  /** An integer in lo … hi, both included. */
  between(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(list: readonly T[]): T;
  /** One element, earlier ones more often (lists ordered by frequency, e.g. surnames). */
  pickSkewed<T>(list: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates); the list itself is left alone. */
  shuffle<T>(list: readonly T[]): T[];
  /** An independent stream for one purpose, derived from this seed and a label. */
  fork(label: string): Random;
}

export function seeded(seed: string): Random {
  const h = createHash('sha256').update(seed, 'utf8').digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);

  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still echo the key; the usual warm-up discards them.
  for (let i = 0; i < 12; i++) next();

  const int = (n: number): number => {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`int(${n}): n must be ≥ 1`);
    return Math.floor(next() * n);
  };
  const at = <T>(list: readonly T[], i: number): T => {
    if (i >= list.length) throw new RangeError('cannot pick from an empty list');
    return list[i] as T;
  };

  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick: (list) => at(list, Math.floor(next() * list.length)),
    pickSkewed: (list) => at(list, Math.floor(next() * next() * list.length)),
    shuffle: (list) => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
    fork: (label) => seeded(`${seed}/${label}`),
  };
}
