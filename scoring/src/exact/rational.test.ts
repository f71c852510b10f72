import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from './rational.ts';

const MAX = Number.MAX_SAFE_INTEGER;

/** Exact fraction text, whatever the representation: "n/d" or "n". */
function frac(r: Rational): string {
  return r.isInteger() ? r.n.toString() : `${r.n.toString()}/${r.d.toString()}`;
}

function q(text: string): Rational {
  return Rational.from(text);
}

describe('Rational.parse', () => {
  it('reads a JS number by its shortest decimal spelling, so 0.1 is one tenth exactly', () => {
    expect(frac(Rational.from(0.1))).toBe('1/10');
    expect(frac(Rational.from(7.25))).toBe('29/4');
    expect(Rational.from(0.1).add(Rational.from(0.2)).equals(Rational.from(0.3))).toBe(true);
    expect(
      Rational.from(0.7)
        .add(Rational.from(0.1))
        .equals(Rational.from(0.6).add(Rational.from(0.2))),
    ).toBe(true);
  });

  it('expands numbers that JS spells with an exponent', () => {
    expect(frac(Rational.from(1e-7))).toBe('1/10000000');
    expect(frac(Rational.from(-1.5e-7))).toBe('-3/20000000');
    expect(Rational.from(1.23e-18).toString()).toBe('0.00000000000000000123');
    expect(Rational.from(1e21).toString()).toBe('1000000000000000000000');
    expect(Rational.from(-2.5e22).toString()).toBe('-25000000000000000000000');
  });

  it('reads decimal text with a sign and surrounding spaces', () => {
    expect(frac(q('-0.5'))).toBe('-1/2');
    expect(frac(q('+3'))).toBe('3');
    expect(frac(q(' 7.25 '))).toBe('29/4');
    expect(frac(q('80'))).toBe('80');
    expect(frac(q('007.50'))).toBe('15/2');
    expect(q('-0').isZero()).toBe(true);
    expect(q('-0.000').sign()).toBe(0);
  });

  it('keeps text beyond safe integers exact', () => {
    const r = q('123456789012345678901234567890.5');
    expect(r.toString()).toBe('123456789012345678901234567890.5');
    expect(typeof r.n).toBe('bigint');
  });

  it.each([
    '',
    ' ',
    'abc',
    '1e-7',
    '1E3',
    '.5',
    '5.',
    '1,5',
    '1.2.3',
    '0x10',
    '--1',
    '+-1',
    '1 000',
    'NaN',
    'Infinity',
    '７',
  ])('returns undefined for text that is not a plain decimal: %j', (text) => {
    expect(Rational.parse(text)).toBeUndefined();
  });

  it.each([NaN, Infinity, -Infinity])('returns undefined for the number %s', (n) => {
    expect(Rational.parse(n)).toBeUndefined();
  });

  it('from throws on bad input and passes a Rational through', () => {
    expect(() => Rational.from('x')).toThrow(RangeError);
    const r = Rational.of(1, 3);
    expect(Rational.from(r)).toBe(r);
  });
});

describe('Rational.of', () => {
  it('reduces and puts the sign on the numerator', () => {
    expect(frac(Rational.of(6, 8))).toBe('3/4');
    expect(frac(Rational.of(3, -6))).toBe('-1/2');
    expect(frac(Rational.of(-3, -6))).toBe('1/2');
    expect(frac(Rational.of(10, 5))).toBe('2');
    expect(Rational.of(0, -7).equals(Rational.ZERO)).toBe(true);
    expect(Rational.of(4, 2).isInteger()).toBe(true);
  });

  it('reduces bigint input and comes back to numbers when they fit', () => {
    const r = Rational.of(2n ** 70n, 2n ** 68n);
    expect(r.n).toBe(4);
    expect(r.d).toBe(1);
    expect(Rational.of(6n, -4n).equals(Rational.of(-3, 2))).toBe(true);
  });

  it('refuses non-integers and a zero denominator', () => {
    expect(() => Rational.of(1.5, 2)).toThrow(RangeError);
    expect(() => Rational.of(1, 0)).toThrow('division by zero');
    expect(() => Rational.of(1n, 0n)).toThrow('division by zero');
  });

  it('fromUnits counts units of 10^-places', () => {
    expect(Rational.fromUnits(725, 2).toString()).toBe('7.25');
    expect(Rational.fromUnits(-5, 1).toString()).toBe('-0.5');
  });

  it('equal values have one representation, so equals compares values', () => {
    expect(q('0.50').equals(Rational.of(1, 2))).toBe(true);
    expect(Rational.of(MAX).add(Rational.ONE).sub(Rational.ONE).equals(Rational.of(MAX))).toBe(
      true,
    );
  });
});

describe('sign', () => {
  it('is -1, 0 or 1', () => {
    expect(q('-0.1').sign()).toBe(-1);
    expect(Rational.ZERO.sign()).toBe(0);
    expect(Rational.ZERO.neg().sign()).toBe(0);
    expect(Rational.of(1, 3).sign()).toBe(1);
    expect(Rational.of(-(2n ** 80n)).sign()).toBe(-1);
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, multiplies and divides exactly', () => {
    expect(frac(Rational.of(1, 3).add(Rational.of(1, 6)))).toBe('1/2');
    expect(frac(Rational.of(1, 3).sub(Rational.of(1, 2)))).toBe('-1/6');
    expect(frac(Rational.of(2, 3).mul(Rational.of(9, 4)))).toBe('3/2');
    expect(frac(Rational.of(2, 3).div(Rational.of(-4, 9)))).toBe('-3/2');
    expect(frac(Rational.of(22, 3).mulInt(3))).toBe('22');
    expect(frac(Rational.int(22).divInt(3))).toBe('22/3');
    expect(frac(q('0.1').neg())).toBe('-1/10');
  });

  it('division by zero throws', () => {
    expect(() => Rational.ONE.div(Rational.ZERO)).toThrow('division by zero');
    expect(() => Rational.ONE.divInt(0)).toThrow('division by zero');
    expect(() => Rational.of(2n ** 70n).div(q('0.000'))).toThrow('division by zero');
  });

  it('goes past Number.MAX_SAFE_INTEGER in BigInt and comes back', () => {
    const past = Rational.of(MAX).add(Rational.ONE);
    expect(typeof past.n).toBe('bigint');
    expect(past.toString()).toBe('9007199254740992');
    const back = past.sub(Rational.ONE);
    expect(back.n).toBe(MAX);
    expect(typeof back.n).toBe('number');

    const square = Rational.of(2 ** 30 + 1).mul(Rational.of(2 ** 30 + 1));
    expect(square.toString()).toBe(((2n ** 30n + 1n) ** 2n).toString());
    expect(square.div(Rational.of(2 ** 30 + 1)).n).toBe(2 ** 30 + 1);

    // Denominators past safe integers too: 1/(2^30+1)^2 + 1/(2^30+1)^2 = 2/(2^30+1)^2
    const tiny = Rational.ONE.div(square);
    expect(typeof tiny.d).toBe('bigint');
    expect(frac(tiny.add(tiny))).toBe(`2/${((2n ** 30n + 1n) ** 2n).toString()}`);
    expect(tiny.mul(square).equals(Rational.ONE)).toBe(true);
  });

  it('cancels products that only overflow on the way', () => {
    // (MAX/2)·(2/MAX) = 1 although MAX·2 is not a safe integer
    const a = Rational.of(MAX, 2);
    const b = Rational.of(2, MAX);
    expect(a.mul(b).equals(Rational.ONE)).toBe(true);
    expect(a.div(a).equals(Rational.ONE)).toBe(true);
    expect(a.sub(a).isZero()).toBe(true);
    expect(frac(a.add(Rational.of(1, 3)))).toBe(`${(3n * BigInt(MAX) + 2n).toString()}/6`);
  });
});

describe('cmp', () => {
  it('orders exactly, also where floats are equal', () => {
    expect(Rational.of(1, 3).cmp(q('0.3333333333333333'))).toBe(1);
    expect(q('0.1').add(q('0.2')).cmp(q('0.3'))).toBe(0);
    expect(q('-1').cmp(q('-0.5'))).toBe(-1);
    // Equal as floats (2^53 + 1 rounds to 2^53), different as rationals.
    const a = Rational.of(2n ** 53n + 1n);
    const b = Rational.of(2n ** 53n);
    expect(a.toNumber()).toBe(b.toNumber());
    expect(a.cmp(b)).toBe(1);
    expect(b.cmp(a)).toBe(-1);
    expect(a.cmp(Rational.of(2n ** 53n + 1n))).toBe(0);
  });

  it('compares small against big and cross-multiplications past safe integers', () => {
    expect(Rational.of(2n ** 60n).cmp(Rational.of(MAX))).toBe(1);
    expect(Rational.of(MAX - 1, MAX).cmp(Rational.of(MAX - 2, MAX - 1))).toBe(1);
    expect(Rational.of(-MAX, MAX - 1).cmp(Rational.of(-MAX + 1, MAX - 2))).toBe(1);
  });

  it('lt, gt, min and max agree with cmp', () => {
    const a = q('7.25');
    const b = q('7.3');
    expect(a.lt(b)).toBe(true);
    expect(a.gt(b)).toBe(false);
    expect(a.min(b)).toBe(a);
    expect(a.max(b)).toBe(b);
  });
});

describe('round', () => {
  it('halfUp rounds halves away from zero (四舍五入), also for negatives', () => {
    expect(q('2.5').round(0, 'halfUp').toString()).toBe('3');
    expect(q('-2.5').round(0, 'halfUp').toString()).toBe('-3');
    expect(q('7.125').round(2, 'halfUp').toString()).toBe('7.13');
    expect(q('-7.125').round(2, 'halfUp').toString()).toBe('-7.13');
    expect(q('7.1249').round(2, 'halfUp').toString()).toBe('7.12');
    expect(Rational.of(262, 3).round(2, 'halfUp').toString()).toBe('87.33');
    expect(Rational.of(-2, 3).round(2, 'halfUp').toString()).toBe('-0.67');
  });

  it('truncate drops digits toward zero', () => {
    expect(q('7.129').round(2, 'truncate').toString()).toBe('7.12');
    expect(q('-7.129').round(2, 'truncate').toString()).toBe('-7.12');
    expect(q('0.009').round(2, 'truncate').isZero()).toBe(true);
  });

  it('halfEven rounds exact halves to the even neighbour only', () => {
    expect(q('2.5').round(0, 'halfEven').toString()).toBe('2');
    expect(q('3.5').round(0, 'halfEven').toString()).toBe('4');
    expect(q('-2.5').round(0, 'halfEven').toString()).toBe('-2');
    expect(q('-3.5').round(0, 'halfEven').toString()).toBe('-4');
    expect(q('2.5001').round(0, 'halfEven').toString()).toBe('3');
    expect(q('0.125').round(2, 'halfEven').toString()).toBe('0.12');
  });

  it('leaves values that already fit unchanged', () => {
    expect(q('7.5').round(3, 'halfUp').toString()).toBe('7.5');
    expect(Rational.int(8).round(0, 'truncate').toString()).toBe('8');
  });

  it('rounds values beyond safe integers', () => {
    const r = Rational.of(2n ** 70n * 10n + 5n, 10n);
    expect(r.round(0, 'halfUp').toString()).toBe((2n ** 70n + 1n).toString());
    expect(r.round(0, 'truncate').toString()).toBe((2n ** 70n).toString());
  });
});

describe('floor', () => {
  it('goes toward negative infinity', () => {
    expect(q('7.9').floor()).toBe(7n);
    expect(q('-7.1').floor()).toBe(-8n);
    expect(q('-7').floor()).toBe(-7n);
    expect(Rational.of(-1, 3).floor()).toBe(-1n);
    expect(Rational.ZERO.floor()).toBe(0n);
  });
});

describe('toFixed', () => {
  it('writes exactly `places` digits, rounded half up by default', () => {
    expect(Rational.of(22, 3).toFixed(2)).toBe('7.33');
    expect(Rational.of(2, 3).toFixed(2)).toBe('0.67');
    expect(q('82').toFixed(2)).toBe('82.00');
    expect(q('7.125').toFixed(2)).toBe('7.13');
    expect(q('7.125').toFixed(2, 'truncate')).toBe('7.12');
    expect(q('-0.5').toFixed(0)).toBe('-1');
    expect(q('-0.05').toFixed(1)).toBe('-0.1');
    expect(q('0.05').toFixed(3)).toBe('0.050');
  });

  it('does not write a negative zero', () => {
    expect(q('-0.001').toFixed(2)).toBe('0.00');
    expect(Rational.ZERO.neg().toFixed(1)).toBe('0.0');
  });

  it('writes the digits exact BigInt arithmetic gives, small or large', () => {
    const modes = ['halfUp', 'halfEven', 'truncate'] as const;
    const edge = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.constantFrom(MAX, -MAX, MAX - 1, 2 ** 52, -(2 ** 52) + 3),
      fc.integer({ min: -MAX, max: MAX }),
    );
    fc.assert(
      fc.property(
        edge,
        fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: MAX })),
        fc.integer({ min: 0, max: 15 }),
        fc.constantFrom(...modes),
        (n, d, places, mode) => {
          const r = Rational.of(n, d);
          expect(r.toFixed(places, mode)).toBe(reference(BigInt(n), BigInt(d), places, mode));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

/** toFixed by BigInt alone, written apart from the class (rounding as its round() does). */
function reference(n: bigint, d: bigint, places: number, mode: string): string {
  const scale = 10n ** BigInt(places);
  const neg = n < 0n;
  const abs = (neg ? -n : n) * scale;
  let units = abs / d;
  const r = abs % d;
  if (r !== 0n) {
    if (mode === 'halfUp' && 2n * r >= d) units += 1n;
    if (mode === 'halfEven' && (2n * r > d || (2n * r === d && units % 2n === 1n))) units += 1n;
  }
  const digits = units.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${neg && units !== 0n ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`;
}

describe('toString and toJSON', () => {
  it('write the exact decimal when the denominator has only factors 2 and 5', () => {
    expect(q('7.25').toString()).toBe('7.25');
    expect(q('-0.5').toString()).toBe('-0.5');
    expect(Rational.of(1, 8).toString()).toBe('0.125');
    expect(Rational.of(-1, 80).toString()).toBe('-0.0125');
    expect(Rational.of(1, 2 ** 20).toString()).toBe('0.00000095367431640625');
    expect(Rational.of(1n, 2n ** 60n).toString()).toBe(
      '0.000000000000000000867361737988403547205962240695953369140625',
    );
    expect(Rational.ZERO.neg().toString()).toBe('0');
  });

  it('write n/d when the decimal would not terminate', () => {
    expect(Rational.of(22, 3).toString()).toBe('22/3');
    expect(Rational.of(-1, 6).toString()).toBe('-1/6');
    expect(Rational.of(2n ** 70n, 3n).toString()).toBe(`${(2n ** 70n).toString()}/3`);
  });

  it('toJSON is the exact text, so JSON output can be recomputed', () => {
    expect(JSON.stringify({ a: Rational.of(22, 3), b: q('7.25') })).toBe('{"a":"22/3","b":"7.25"}');
  });
});
