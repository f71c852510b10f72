/**
 * An exact running sum of fractions for the engine's hot path: while every term and the running
 * total are safe integers it adds integer fractions with no allocation; past that it carries on
 * in Rationals. Either way the value is exact.
 *
 * @example
 * const s = new ExactSum();
 * s.addProduct(22, 1, 3, 1); // 22/3
 * s.addProduct(2, 1, 3, 1); //  2/3
 * s.value().toString(); // "8"
 */
import { Rational } from './rational.ts';

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export class ExactSum {
  #n = 0;
  #d = 1;
  #rest: Rational | null = null;

  /** Adds (num × mul) ÷ (den × div), all integers, den and div positive. */
  addProduct(num: number, mul: number, den: number, div: number): void {
    const a = num * mul;
    const b = den * div;
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
      if (b === this.#d) {
        const next = this.#n + a;
        if (Number.isSafeInteger(next)) {
          this.#n = next;
          return;
        }
      } else {
        const l = (this.#d / gcd(this.#d, b)) * b;
        // Each product must be exact on its own: a rounded one could cancel back into range.
        const x = this.#n * (l / this.#d);
        const y = a * (l / b);
        const next = x + y;
        if (
          Number.isSafeInteger(l) &&
          Number.isSafeInteger(x) &&
          Number.isSafeInteger(y) &&
          Number.isSafeInteger(next)
        ) {
          this.#n = next;
          this.#d = l;
          return;
        }
      }
    }
    // A product or the total left the safe integers: carry on exactly.
    this.add(Rational.of(num, den).mul(Rational.of(mul, div)));
  }

  /** Adds a Rational (weighted through mul/div when it and they are plain numbers). */
  addRational(r: Rational, factor: Rational = Rational.ONE): void {
    const { n, d } = r;
    const { n: fn, d: fd } = factor;
    if (
      typeof n === 'number' &&
      typeof d === 'number' &&
      typeof fn === 'number' &&
      typeof fd === 'number'
    ) {
      this.addProduct(n, fn, d, fd);
    } else {
      this.add(r.mul(factor));
    }
  }

  /** Back to zero, for reuse. */
  reset(): this {
    this.#n = 0;
    this.#d = 1;
    this.#rest = null;
    return this;
  }

  add(r: Rational): void {
    this.#rest = this.#rest ? this.#rest.add(r) : r;
  }

  value(): Rational {
    const head = Rational.of(this.#n, this.#d);
    return this.#rest ? head.add(this.#rest) : head;
  }
}
