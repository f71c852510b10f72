import { describe, expect, it } from 'vitest';
import { matrixPath, qrPath } from './qr.ts';

describe('matrixPath', () => {
  it('draws each run of dark modules in a row as one rectangle', () => {
    expect(
      matrixPath([
        [true, true, false, true],
        [false, false, false, false],
        [false, true, true, true],
      ]),
    ).toBe('M0 0h2v1h-2zM3 0h1v1h-1zM1 2h3v1h-3z');
  });
});

describe('qrPath', () => {
  it('encodes a URL with a quiet zone of four modules', () => {
    const qr = qrPath('http://127.0.0.1:3000/c/ev-test/e/battery');
    // Version 3 (29 modules) at level M for 41 bytes, plus 4 on each side.
    expect(qr.size).toBe(29 + 8);
    expect(qr.path.startsWith('M4 4h7v1h-7z')).toBe(true);
    // The quiet zone stays light: nothing starts in the first four rows or columns.
    for (const m of qr.path.matchAll(/M(\d+) (\d+)/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(4);
      expect(Number(m[2])).toBeGreaterThanOrEqual(4);
    }
  });
});
