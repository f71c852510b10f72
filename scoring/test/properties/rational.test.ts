/**
 * Rational against a BigInt reference (DESIGN.md §3 "Exactness"): arithmetic, rounding and
 * decimal parsing, past Number.MAX_SAFE_INTEGER too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational, type RoundingMode } from '../../src/index.ts';
import { SLOW, defined } from './arbitraries.ts';
import { type Frac, frac, fadd, fmul, fdiv, fcmp } from './fraction.ts';

const MAX = Number.MAX_SAFE_INTEGER;

/** Integers as numbers and bigints, small, at the safe-integer edge, and well past it. */
const intArb: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.maxSafeInteger(),
  fc.constantFrom(MAX, -MAX, MAX - 1, 2 ** 53, -(2 ** 53), 2 ** 60, 94906265, 94906267),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.bigInt({ min: BigInt(MAX) - 1000n, max: BigInt(MAX) + 1000n }),
);

const nonZeroIntArb = intArb.filter((x) => x !== 0 && x !== 0n);

const fracArb = fc.record({ n: intArb, d: nonZeroIntArb });

function refOf(x: { n: number | bigint; d: number | bigint }): Frac {
  return frac(BigInt(x.n), BigInt(x.d));
}

/** Reduced, positive denominator, and plain numbers exactly when both parts are safe. */
function expectCanonical(r: Rational, ref: Frac): void {
  expect(BigInt(r.n)).toBe(ref.n);
  expect(BigInt(r.d)).toBe(ref.d);
  const safe = ref.n >= -BigInt(MAX) && ref.n <= BigInt(MAX) && ref.d <= BigInt(MAX);
  expect(typeof r.n === 'number' && typeof r.d === 'number').toBe(safe);
}

function referenceRound(x: Frac, places: number, mode: RoundingMode): Frac {
  const scale = 10n ** BigInt(places);
  const neg = x.n < 0n;
  const abs = (neg ? -x.n : x.n) * scale; // |x| × scale = abs / x.d
  const floor = abs / x.d;
  let q: bigint;
  if (mode === 'truncate') q = floor;
  else {
    // Distance to the lower and upper candidate, both over x.d.
    const down = abs - floor * x.d;
    const up = x.d - down;
    if (down < up) q = floor;
    else if (down > up) q = floor + 1n;
    else q = mode === 'halfUp' ? floor + 1n : floor % 2n === 0n ? floor : floor + 1n;
  }
  return frac(neg ? -q : q, scale);
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A decimal as typed: optional sign, 1-25 integer digits (leading zeros allowed), 0-12 decimals. */
const decimalTextArb = fc
  .record({
    sign: fc.constantFrom('', '-', '+'),
    whole: fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 1, maxLength: 25 }),
    fraction: fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 0, maxLength: 12 }),
  })
  .map(({ sign, whole, fraction }) => ({
    text: `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`,
    sign,
    whole,
    fraction,
  }));

describe(
  'Rational: exact arithmetic against a BigInt reference (DESIGN.md §3 "Exactness")',
  { timeout: SLOW },
  () => {
    it('of(n, d) is reduced and canonical; add, sub, mul, div, cmp and equals agree with BigInt fractions, past Number.MAX_SAFE_INTEGER too', () => {
      fc.assert(
        fc.property(fracArb, fracArb, (x, y) => {
          const a = Rational.of(x.n, x.d);
          const b = Rational.of(y.n, y.d);
          const ra = refOf(x);
          const rb = refOf(y);
          expectCanonical(a, ra);
          expectCanonical(b, rb);
          expectCanonical(a.add(b), fadd(ra, rb));
          expectCanonical(a.sub(b), fadd(ra, frac(-rb.n, rb.d)));
          expectCanonical(a.mul(b), fmul(ra, rb));
          if (rb.n !== 0n) expectCanonical(a.div(b), fdiv(ra, rb));
          else expect(() => a.div(b)).toThrow(RangeError);
          expect(a.cmp(b)).toBe(fcmp(ra, rb));
          expect(a.equals(b)).toBe(fcmp(ra, rb) === 0);
          expect(a.sign()).toBe(ra.n === 0n ? 0 : ra.n > 0n ? 1 : -1);
        }),
        { numRuns: 200 },
      );
    });

    it('cmp, equals and sub are exact for nearly equal fractions whose cross products pass 2^53', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2 ** 20, max: MAX }),
          fc.integer({ min: 2 ** 20, max: MAX }),
          fc.integer({ min: 0, max: MAX }),
          fc.integer({ min: -2, max: 2 }),
          fc.boolean(),
          (d, e, n, delta, negative) => {
            // m/e is the fraction nearest n/d with denominator e, nudged by delta.
            const exact = (BigInt(n) * BigInt(e)) / BigInt(d) + BigInt(delta);
            const sign = negative ? -1n : 1n;
            const x = { n: sign * BigInt(n), d: BigInt(d) };
            const y = { n: sign * exact, d: BigInt(e) };
            const a = Rational.of(Number(x.n), d);
            const b = Rational.of(
              exact <= BigInt(MAX) && exact >= -BigInt(MAX) ? Number(y.n) : y.n,
              e,
            );
            const ra = refOf(x);
            const rb = refOf(y);
            expect(a.cmp(b)).toBe(fcmp(ra, rb));
            expect(b.cmp(a)).toBe(fcmp(rb, ra));
            expect(a.equals(b)).toBe(fcmp(ra, rb) === 0);
            expect(a.sub(b).sign()).toBe(fcmp(ra, rb));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('round(places, mode) matches a reference for halfUp (四舍五入, away from zero), truncate and halfEven, and stays within half a unit (truncate: within one, toward zero)', () => {
      fc.assert(
        fc.property(
          fracArb,
          fc.integer({ min: 0, max: 6 }),
          fc.constantFrom<RoundingMode>('halfUp', 'truncate', 'halfEven'),
          (x, places, mode) => {
            const r = Rational.of(x.n, x.d);
            const ref = referenceRound(refOf(x), places, mode);
            const got = r.round(places, mode);
            expectCanonical(got, ref);
            const scale = 10n ** BigInt(places);
            const diff = fadd(refOf(x), frac(-ref.n, ref.d)); // x − round(x)
            const absDiff = frac(diff.n < 0n ? -diff.n : diff.n, diff.d);
            if (mode === 'truncate') {
              expect(fcmp(absDiff, frac(1n, scale))).toBeLessThan(0);
              // toward zero: |round(x)| ≤ |x|
              const absX = frac(BigInt(r.sign()) * BigInt(r.n), BigInt(r.d));
              const absR = frac(ref.n < 0n ? -ref.n : ref.n, ref.d);
              expect(fcmp(absR, absX)).toBeLessThanOrEqual(0);
            } else {
              expect(fcmp(absDiff, frac(1n, 2n * scale))).toBeLessThanOrEqual(0);
            }
            // A tie with an even/odd neighbour, built on purpose: (2k + 1) / (2 × 10^places).
            const k = BigInt(places + 3);
            const half = Rational.of(2n * k + 1n, 2n * scale);
            const expectHalf =
              mode === 'truncate' ? k : mode === 'halfUp' ? k + 1n : k % 2n === 0n ? k : k + 1n;
            expectCanonical(half.round(places, mode), frac(expectHalf, scale));
            expectCanonical(half.neg().round(places, mode), frac(-expectHalf, scale));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('parse(String(x)) round-trips: a typed decimal parses to its value, prints in canonical form, and reparses to the same Rational', () => {
      fc.assert(
        fc.property(decimalTextArb, ({ text, sign, whole, fraction }) => {
          const r = defined(Rational.parse(text), `parse of ${text}`);
          const digits = BigInt(whole + fraction);
          expectCanonical(
            r,
            frac((sign === '-' ? -1n : 1n) * digits, 10n ** BigInt(fraction.length)),
          );
          const printed = String(r);
          const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
          const trimmedFraction = fraction.replace(/0+$/, '');
          const canonical =
            digits === 0n
              ? '0'
              : `${sign === '-' ? '-' : ''}${trimmedWhole}${trimmedFraction === '' ? '' : `.${trimmedFraction}`}`;
          expect(printed).toBe(canonical);
          const again = defined(Rational.parse(printed));
          expect(again.equals(r)).toBe(true);
          expect(String(again)).toBe(printed);
        }),
        { numRuns: 200 },
      );
    });

    it('a JSON number parses to its shortest decimal spelling (0.1 is one tenth), and toString gives that same number back', () => {
      fc.assert(
        fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
          const r = defined(Rational.parse(x), `parse of ${x}`);
          expect(Number(String(r))).toBe(x === 0 ? 0 : x);
          expect(defined(Rational.parse(String(r))).equals(r)).toBe(true);
        }),
        { numRuns: 200 },
      );
      expect(String(Rational.from(0.1).add(Rational.from(0.2)))).toBe('0.3');
    });
  },
);
