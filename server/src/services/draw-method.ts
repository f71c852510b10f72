/**
 * The anonymised-code draw, method "sha256-shuffle-v1": anyone can re-run it from the recorded
 * seed and the entrant ids. Bytes come from SHA-256(seed ":" counter) in counter mode; integers
 * by rejection sampling (no modulo bias); codes are a Fisher–Yates shuffle of 101…(100+pool),
 * dealt to the entrants in sorted id order.
 */
import { createHash, randomBytes } from 'node:crypto';

export const DRAW_METHOD = 'sha256-shuffle-v1';

class SeededBytes {
  private counter = 0;
  private buffer = Buffer.alloc(0);
  private offset = 0;
  private readonly seed: string;

  constructor(seed: string) {
    this.seed = seed;
  }

  uint32(): number {
    if (this.offset + 4 > this.buffer.length) {
      this.buffer = createHash('sha256').update(`${this.seed}:${this.counter}`).digest();
      this.counter += 1;
      this.offset = 0;
    }
    const v = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** Uniform in [0, n). */
  below(n: number): number {
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const v = this.uint32();
      if (v < limit) return v % n;
    }
  }
}

/** Codes for the entrants (any order in, sorted by id inside): entrant id → code. */
export function drawCodes(seed: string, entrants: readonly string[]): Map<string, string> {
  const sorted = [...new Set(entrants)].sort();
  const pool = Math.max(899, sorted.length * 3);
  const width = String(100 + pool).length;
  const numbers = Array.from({ length: pool }, (_, i) => 101 + i);
  const rng = new SeededBytes(seed);
  for (let i = numbers.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const a = numbers[i] as number;
    numbers[i] = numbers[j] as number;
    numbers[j] = a;
  }
  return new Map(sorted.map((id, i) => [id, String(numbers[i]).padStart(width, '0')]));
}

export function newSeed(): string {
  return randomBytes(16).toString('hex');
}
