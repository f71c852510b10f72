/**
 * Numbers as every page and export prints them: the boards, the big screen, the contestant page,
 * the print views and the nominations (page and workbook). One place, so a time reads 4:46.60
 * on each of them. The server sends decimals as text, at the table's precision ("76.80": the
 * event's rounding, two places by default); a table stored before it did may still hold an exact
 * fraction ("22/3"), printed to two places here. Times are seconds, printed as m:ss.xx.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;
const FRACTION = /^(-?\d+)\/(\d+)$/;

/** A fraction n/d to `places` decimals, half away from zero, exactly (BigInt). */
function fractionToFixed(n: bigint, d: bigint, places: number): string {
  const neg = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const scale = 10n ** BigInt(places);
  const units = (an * scale * 2n + ad) / (ad * 2n);
  const digits = units.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${neg && units !== 0n ? '-' : ''}${whole}${places > 0 ? `.${frac}` : ''}`;
}

/**
 * A value for display: a decimal as sent, a fraction to `places` decimals, anything else
 * (missing, not a number) as null.
 */
export function decimal(value: unknown, places = 2): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (DECIMAL.test(text)) return text;
  const m = FRACTION.exec(text);
  if (m === null || m[2] === '0') return null;
  return fractionToFixed(BigInt(m[1] ?? '0'), BigInt(m[2] ?? '1'), places);
}

/** Seconds as a clock: "62.35" → "1:02.35", "9.5" → "9.5", "3725" → "1:02:05". */
export function clock(value: unknown): string | null {
  const text = decimal(value);
  if (text === null || text.startsWith('-')) return text;
  const [wholeText = '0', frac] = text.split('.');
  const whole = Number(wholeText);
  const tail = frac === undefined ? '' : `.${frac}`;
  if (whole < 60) return `${whole}${tail}`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}${tail}` : `${m}:${s}${tail}`;
}

/** Whether a value is a nonzero number (a deduction worth showing). */
export function nonzero(value: unknown): boolean {
  const text = decimal(value);
  return text !== null && !/^-?0*(\.0*)?$/.test(text);
}

/** A result value: a time (seconds) as a clock, anything else as a decimal. */
export const resultText = (value: unknown, timed: boolean): string | null =>
  timed ? clock(value) : decimal(value);

/** Statuses that take a row out of the ranking: the result column shows them instead. */
export const OUT_STATUSES = ['DNF', 'DNS', 'DQ'] as const;
export type OutStatus = (typeof OUT_STATUSES)[number];

/** What a row's result column shows: a value, a status, or nothing yet. */
export type RowResult =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'status'; readonly status: OutStatus }
  | { readonly kind: 'pending' };

const present = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * A public row's result, for the board the server draws and the app's boards alike: a status,
 * else the total (an overall table), a time as a clock, or the score; pending rows and rows
 * without a number show nothing yet. Absent fields may be undefined (the wire) or null (the app's
 * rows).
 */
export function rowResult(row: {
  readonly status?: unknown;
  readonly total?: unknown;
  readonly time?: unknown;
  readonly score?: unknown;
}): RowResult {
  if ((OUT_STATUSES as readonly unknown[]).includes(row.status)) {
    return { kind: 'status', status: row.status as OutStatus };
  }
  const text = present(row.total)
    ? decimal(row.total)
    : present(row.time)
      ? clock(row.time)
      : decimal(row.score);
  if (row.status === 'pending' || text === null) return { kind: 'pending' };
  return { kind: 'value', text };
}
