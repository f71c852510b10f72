/**
 * BigInt fractions: the hand reference the engine's exact arithmetic (Rational, aggregates,
 * weighted scores) is checked against in the property tests. Plain, slow and obviously right.
 */
import type { Rational } from '../../src/index.ts';

export interface Frac {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function frac(n: bigint, d: bigint): Frac {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const fadd = (a: Frac, b: Frac): Frac => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const fmul = (a: Frac, b: Frac): Frac => frac(a.n * b.n, a.d * b.d);
export const fdiv = (a: Frac, b: Frac): Frac => frac(a.n * b.d, a.d * b.n);
export const fcmp = (a: Frac, b: Frac): number => {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Whether the engine's Rational is the reference fraction f. */
export function sameFraction(r: Rational, f: { n: bigint; d: bigint }): boolean {
  return BigInt(r.n) * f.d === f.n * BigInt(r.d);
}
