import { describe, expect, it } from 'vitest';
import { ExactSum } from './exact-sum.ts';
import { Rational } from './rational.ts';

const MAX = Number.MAX_SAFE_INTEGER;

/** mulberry32: a seeded generator, so a failing case reproduces. */
function rng(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(u * (hi - lo + 1));
  };
}

type Term = readonly [num: number, mul: number, den: number, div: number];

function viaExactSum(terms: readonly Term[]): Rational {
  const s = new ExactSum();
  for (const [num, mul, den, div] of terms) s.addProduct(num, mul, den, div);
  return s.value();
}

function viaRational(terms: readonly Term[]): Rational {
  return terms.reduce(
    (sum, [num, mul, den, div]) => sum.add(Rational.of(num, den).mul(Rational.of(mul, div))),
    Rational.ZERO,
  );
}

describe('ExactSum', () => {
  it('is zero when nothing was added', () => {
    expect(new ExactSum().value().isZero()).toBe(true);
  });

  it('adds fractions exactly: 22/3 + 2/3 = 8', () => {
    const s = new ExactSum();
    s.addProduct(22, 1, 3, 1);
    s.addProduct(2, 1, 3, 1);
    expect(s.value().toString()).toBe('8');
  });

  it('adds weighted terms: 0.2 × 88 + 0.8 × 87.17 = 87.336', () => {
    const s = new ExactSum();
    s.addRational(Rational.from('88'), Rational.from('0.2'));
    s.addRational(Rational.from('87.17'), Rational.from('0.8'));
    expect(s.value().toString()).toBe('87.336');
  });

  it('equals the Rational sum for random small fractions of both signs', () => {
    const r = rng(1);
    for (let round = 0; round < 200; round++) {
      const terms: Term[] = [];
      const count = r(1, 12);
      for (let i = 0; i < count; i++)
        terms.push([r(-1000, 1000), r(1, 20), r(1, 60), r(1, 20)] as const);
      expect(viaExactSum(terms).equals(viaRational(terms)), JSON.stringify(terms)).toBe(true);
    }
  });

  it('equals the Rational sum past safe integers (large totals, large denominators)', () => {
    const r = rng(2);
    for (let round = 0; round < 100; round++) {
      const terms: Term[] = [];
      const count = r(2, 10);
      for (let i = 0; i < count; i++)
        terms.push([r(1, 2 ** 30) * r(1, 2 ** 22), r(1, 1000), r(1, 2 ** 20), r(1, 997)] as const);
      expect(viaExactSum(terms).equals(viaRational(terms)), JSON.stringify(terms)).toBe(true);
    }
  });

  it('carries on exactly when the running total leaves the safe integers and comes back', () => {
    const s = new ExactSum();
    s.addProduct(MAX, 1, 1, 1);
    s.addProduct(MAX, 1, 1, 1);
    expect(s.value().toString()).toBe((2n * BigInt(MAX)).toString());
    s.addProduct(-MAX, 1, 1, 1);
    s.addProduct(1, 1, 3, 1);
    expect(s.value().equals(Rational.of(MAX).add(Rational.of(1, 3)))).toBe(true);
  });

  it('carries on exactly when one product is not a safe integer', () => {
    const s = new ExactSum();
    s.addProduct(MAX, MAX, 1, 1);
    s.addProduct(1, 1, MAX, MAX);
    const expected = Rational.of(MAX)
      .mul(Rational.of(MAX))
      .add(Rational.ONE.div(Rational.of(MAX).mul(Rational.of(MAX))));
    expect(s.value().equals(expected)).toBe(true);
  });

  it('adds Rationals held as BigInt', () => {
    const s = new ExactSum();
    const big = Rational.of(2n ** 70n, 3n);
    s.addRational(big);
    s.addRational(big, Rational.of(1, 2));
    s.addProduct(1, 1, 2, 1);
    expect(s.value().equals(Rational.of(2n ** 70n, 2n).add(Rational.of(1, 2)))).toBe(true);
  });

  // Regression: addProduct used to check only the final sum, so with terms of both signs a
  // rounded intermediate product could come back into range as a wrong "exact" total:
  // (2^52 + 1) + (−MAX_SAFE_INTEGER)/3 gave 1501199875790167 instead of 4503599627370500/3.
  it('stays exact when a cross product overflows but the total comes back (mixed signs)', () => {
    const terms: Term[] = [
      [2 ** 52 + 1, 1, 1, 1],
      [-MAX, 1, 3, 1],
    ];
    expect(viaExactSum(terms).toString()).toBe('4503599627370500/3');
  });
});
