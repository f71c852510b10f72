/**
 * QR codes drawn as one SVG path: each run of dark modules in a row is one rectangle. The code
 * comes from uqr (no dependencies, ~8 KiB gzipped), encoded with a quiet zone of 4 modules.
 */
import { encode } from 'uqr';

export interface QrPath {
  /** Width and height in modules, quiet zone included. */
  readonly size: number;
  /** An SVG path in module units. */
  readonly path: string;
}

/** The path of a module matrix (true = dark). */
export function matrixPath(data: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (row[x] !== true) {
        x++;
        continue;
      }
      const start = x;
      while (row[x] === true) x++;
      parts.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  });
  return parts.join('');
}

export function qrPath(text: string): QrPath {
  const qr = encode(text, { ecc: 'M', border: 4 });
  return { size: qr.size, path: matrixPath(qr.data) };
}
