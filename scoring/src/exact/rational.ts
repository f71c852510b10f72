/**
 * Exact rational numbers for scoring. Ranking never touches binary floats: every mark, weight and
 * aggregate is a fraction n/d of integers, kept reduced, so two totals that are equal on paper
 * compare equal (0.7 + 0.1 === 0.6 + 0.2). See DESIGN.md §3 "Exactness".
 *
 * Numerator and denominator are JS numbers while they are safe integers (the fast path used by
 * almost every real competition) and fall back to BigInt when an operation would overflow.
 *
 * @example
 * Rational.parse('0.7').add(Rational.parse('0.1')).equals(Rational.parse('0.6').add(Rational.parse('0.2'))) // true
 * Rational.of(22, 3).toFixed(2) // "7.33"
 */

type Int = number | bigint;

const MAX = Number.MAX_SAFE_INTEGER;

function gcdNumber(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function big(x: Int): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

function negate(x: Int): Int {
  return typeof x === 'number' ? -x : -x;
}

function safe(x: number): boolean {
  return x <= MAX && x >= -MAX;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class Rational {
  /** Reduced numerator; carries the sign. */
  readonly n: Int;
  /** Reduced denominator, always positive. */
  readonly d: Int;

  private constructor(n: Int, d: Int) {
    this.n = n;
    this.d = d;
  }

  static readonly ZERO = new Rational(0, 1);
  static readonly ONE = new Rational(1, 1);

  /** n/d reduced; d must not be zero. */
  static of(n: Int, d: Int = 1): Rational {
    if (typeof n === 'number' && typeof d === 'number') {
      if (!Number.isInteger(n) || !Number.isInteger(d)) {
        throw new RangeError(`Rational.of needs integers, got ${n}/${d}`);
      }
      if (d === 0) throw new RangeError('division by zero');
      if (safe(n) && safe(d)) {
        if (d < 0) {
          n = -n;
          d = -d;
        }
        if (n === 0) return Rational.ZERO;
        if (d === 1) return new Rational(n, 1);
        const g = gcdNumber(n, d);
        return new Rational(n / g, d / g);
      }
    }
    return Rational.fromBig(big(n), big(d));
  }

  private static fromBig(n: bigint, d: bigint): Rational {
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcdBig(n, d);
    if (g > 1n) {
      n /= g;
      d /= g;
    }
    const nn = Number(n);
    const dn = Number(d);
    if (safe(nn) && safe(dn)) return new Rational(nn, dn);
    return new Rational(n, d);
  }

  static int(n: number): Rational {
    return Rational.of(n, 1);
  }

  /** An integer count of units of 10^-places, e.g. fromUnits(725, 2) = 7.25. */
  static fromUnits(units: number, places: number): Rational {
    return Rational.of(units, 10 ** places);
  }

  /**
   * Parses a decimal written as text ("7.25", "-0.5", "80") or a JS number. A number is read by
   * its shortest decimal spelling, so 0.1 is one tenth exactly, never 0.1000000000000000055….
   * Returns undefined for anything that is not a plain finite decimal.
   */
  static parse(value: string | number): Rational | undefined {
    let text: string;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return undefined;
      if (Number.isInteger(value) && safe(value)) return Rational.of(value, 1);
      text = String(value);
      if (text.includes('e')) text = expandExponent(text);
    } else {
      text = value.trim();
    }
    const m = DECIMAL.exec(text);
    if (!m) return undefined;
    const sign = m[1] === '-' ? -1n : 1n;
    const whole = m[2] ?? '0';
    const frac = m[3] ?? '';
    const n = sign * BigInt(whole + frac);
    const d = 10n ** BigInt(frac.length);
    return Rational.fromBig(n, d);
  }

  /** Like parse, but throws on bad input; for literals in code and tests. */
  static from(value: string | number | Rational): Rational {
    if (value instanceof Rational) return value;
    const r = Rational.parse(value);
    if (!r) throw new RangeError(`not a decimal: ${String(value)}`);
    return r;
  }

  isZero(): boolean {
    return this.n === 0 || this.n === 0n;
  }

  sign(): -1 | 0 | 1 {
    if (this.isZero()) return 0;
    return this.n > 0 ? 1 : -1;
  }

  isInteger(): boolean {
    return this.d === 1 || this.d === 1n;
  }

  add(o: Rational): Rational {
    const { n: a, d: b } = this;
    const { n: c, d: e } = o;
    if (
      typeof a === 'number' &&
      typeof b === 'number' &&
      typeof c === 'number' &&
      typeof e === 'number'
    ) {
      if (b === e) {
        const s = a + c;
        if (safe(s)) return Rational.of(s, b);
      } else {
        const x = a * e;
        const y = c * b;
        const z = b * e;
        if (safe(x) && safe(y) && safe(z) && safe(x + y)) return Rational.of(x + y, z);
      }
    }
    return Rational.fromBig(big(a) * big(e) + big(c) * big(b), big(b) * big(e));
  }

  neg(): Rational {
    return new Rational(negate(this.n), this.d);
  }

  sub(o: Rational): Rational {
    return this.add(o.neg());
  }

  mul(o: Rational): Rational {
    const { n: a, d: b } = this;
    const { n: c, d: e } = o;
    if (
      typeof a === 'number' &&
      typeof b === 'number' &&
      typeof c === 'number' &&
      typeof e === 'number'
    ) {
      const x = a * c;
      const z = b * e;
      if (safe(x) && safe(z)) return Rational.of(x, z);
    }
    return Rational.fromBig(big(a) * big(c), big(b) * big(e));
  }

  div(o: Rational): Rational {
    if (o.isZero()) throw new RangeError('division by zero');
    // The reciprocal of a reduced fraction is reduced: only the sign moves to the numerator.
    const reciprocal =
      o.sign() < 0 ? new Rational(negate(o.d), negate(o.n)) : new Rational(o.d, o.n);
    return this.mul(reciprocal);
  }

  mulInt(k: number): Rational {
    return this.mul(Rational.of(k, 1));
  }

  divInt(k: number): Rational {
    return this.div(Rational.of(k, 1));
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than o; exact. */
  cmp(o: Rational): -1 | 0 | 1 {
    const { n: a, d: b } = this;
    const { n: c, d: e } = o;
    if (
      typeof a === 'number' &&
      typeof b === 'number' &&
      typeof c === 'number' &&
      typeof e === 'number'
    ) {
      if (b === e) return a < c ? -1 : a > c ? 1 : 0;
      const x = a * e;
      const y = c * b;
      if (safe(x) && safe(y)) return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = big(a) * big(e);
    const y = big(c) * big(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  equals(o: Rational): boolean {
    return this.n === o.n && this.d === o.d;
  }

  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }

  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }

  min(o: Rational): Rational {
    return this.cmp(o) <= 0 ? this : o;
  }

  max(o: Rational): Rational {
    return this.cmp(o) >= 0 ? this : o;
  }

  /**
   * Rounds to `places` decimal places. `halfUp` rounds halves away from zero (四舍五入, as
   * Chinese rulebooks and the wushu "round the 3rd decimal" rule use it); `truncate` drops digits
   * toward zero (skateboarding and aerobic-gymnastics rules truncate); `halfEven` is banker's
   * rounding for rulebooks that ask for it.
   */
  round(places: number, mode: RoundingMode): Rational {
    if (this.isInteger() && places >= 0) return this;
    const scale = 10n ** BigInt(places);
    const n = big(this.n) * scale;
    const d = big(this.d);
    const neg = n < 0n;
    const abs = neg ? -n : n;
    let q = abs / d;
    const r = abs % d;
    if (r !== 0n) {
      if (mode === 'halfUp') {
        if (2n * r >= d) q += 1n;
      } else if (mode === 'halfEven') {
        const twice = 2n * r;
        if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
      }
    }
    return Rational.fromBig(neg ? -q : q, scale);
  }

  /** Integer part toward negative infinity. */
  floor(): bigint {
    const n = big(this.n);
    const d = big(this.d);
    const q = n / d;
    return n < 0n && q * d !== n ? q - 1n : q;
  }

  /** Nearest float, for display and statistics only; never for ranking. */
  toNumber(): number {
    if (typeof this.n === 'number' && typeof this.d === 'number') return this.n / this.d;
    let n = big(this.n);
    let d = big(this.d);
    // Past the float range Number(n) / Number(d) would be Infinity / Infinity: scale both down.
    const bits = Math.max(n.toString(2).length, d.toString(2).length) - 1000;
    if (bits > 0) {
      n >>= BigInt(bits);
      d >>= BigInt(bits);
      if (d === 0n) return n === 0n ? 0 : n > 0n ? Infinity : -Infinity;
    }
    return Number(n) / Number(d);
  }

  /** Decimal text with exactly `places` digits after the point, rounded half up. */
  toFixed(places: number, mode: RoundingMode = 'halfUp'): string {
    const small = this.toFixedSmall(places, mode);
    if (small !== null) return small;
    const r = this.round(places, mode);
    const scale = 10n ** BigInt(places);
    const units = (big(r.n) * scale) / big(r.d);
    const neg = units < 0n;
    const digits = (neg ? -units : units).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    return `${neg ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`;
  }

  /**
   * toFixed in plain numbers, when every step stays a safe integer (the scores and marks of a
   * table almost always do): the same digits as the exact path, without BigInt, which every
   * number of every standings row written went through. Null when it cannot be done so.
   */
  private toFixedSmall(places: number, mode: RoundingMode): string | null {
    const { n, d } = this;
    if (typeof n !== 'number' || typeof d !== 'number' || places < 0 || places > 15) return null;
    const abs = Math.abs(n) * 10 ** places;
    if (!Number.isSafeInteger(abs) || d > MAX / 2) return null;
    let q = Math.floor(abs / d);
    let r = abs - q * d;
    // The float quotient may be one off either way; the remainder says which.
    if (r < 0) {
      q -= 1;
      r += d;
    } else if (r >= d) {
      q += 1;
      r -= d;
    }
    if (r !== 0) {
      if (mode === 'halfUp') {
        if (2 * r >= d) q += 1;
      } else if (mode === 'halfEven') {
        const twice = 2 * r;
        if (twice > d || (twice === d && q % 2 === 1)) q += 1;
      }
    }
    const digits = String(q).padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    return `${n < 0 && q !== 0 ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`;
  }

  /**
   * The exact decimal when the denominator has only factors 2 and 5 ("7.25"), otherwise the
   * exact fraction ("22/3"). This is the form JSON output carries, so an auditor can recompute.
   */
  toString(): string {
    const { n, d } = this;
    if (typeof n === 'number' && typeof d === 'number') {
      if (d === 1) return String(n);
      // Fast path: count the 2s and 5s of d without BigInt.
      let rest = d;
      let twos = 0;
      let fives = 0;
      while (rest % 2 === 0) {
        rest /= 2;
        twos++;
      }
      while (rest % 5 === 0) {
        rest /= 5;
        fives++;
      }
      if (rest !== 1) return `${String(n)}/${String(d)}`;
      const places = Math.max(twos, fives);
      const scaled = n * 10 ** places;
      if (Number.isSafeInteger(scaled)) {
        const units = scaled / d;
        const digits = String(Math.abs(units)).padStart(places + 1, '0');
        return `${units < 0 ? '-' : ''}${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
      }
    }
    const places = terminatingPlaces(big(d));
    if (places === undefined) return `${n.toString()}/${d.toString()}`;
    return this.toFixed(places);
  }

  /** Decimal places needed to write it exactly, or undefined when it does not terminate. */
  decimalPlaces(): number | undefined {
    return terminatingPlaces(big(this.d));
  }

  toJSON(): string {
    return this.toString();
  }
}

export type RoundingMode = 'halfUp' | 'truncate' | 'halfEven';

/** Number of decimal places needed to write 1/d exactly, or undefined if it never terminates. */
function terminatingPlaces(d: bigint): number | undefined {
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  return d === 1n ? Math.max(twos, fives) : undefined;
}

function expandExponent(text: string): string {
  const [mantissa = '0', expText = '0'] = text.split('e');
  const exp = Number(expText);
  const neg = mantissa.startsWith('-');
  const [whole = '0', frac = ''] = mantissa.replace('-', '').split('.');
  const digits = whole + frac;
  const point = whole.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + out;
}
