/**
 * Reads one mark's value against its criterion: range, step, kind. The result is an integer count
 * of the criterion's units (see CompiledCriterion.places), a status sentinel on a time, or the
 * reason it is refused.
 */
import { Rational } from '../exact/rational.ts';
import type { Status } from '../definition/schema.ts';
import type { CompiledCriterion } from './compile.ts';

export type MarkValue =
  | { readonly ok: true; readonly units: number }
  | { readonly ok: true; readonly status: Status }
  | { readonly ok: false; readonly code: string; readonly message: string };

const TIME = /^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$/;
const STATUSES = new Set<string>(['DNF', 'DNS', 'DQ']);

function fail(code: string, message: string): MarkValue {
  return { ok: false, code, message };
}

/** "1:02.35" → 62.35, "1:00:05" → 3605, "75.2" → 75.2 (seconds). */
export function parseTime(text: string): Rational | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [, a, b, s] = m;
  const secs = Rational.parse(s ?? '');
  if (!secs) return undefined;
  let hours = 0;
  let minutes = 0;
  if (a !== undefined && b !== undefined) {
    hours = Number(a);
    minutes = Number(b);
  } else if (a !== undefined) {
    minutes = Number(a);
  }
  if ((a !== undefined || b !== undefined) && secs.cmp(Rational.int(60)) >= 0) return undefined;
  if (b !== undefined && minutes >= 60) return undefined;
  return secs.add(Rational.int(hours * 3600 + minutes * 60));
}

function toBoolean(value: number | string | boolean): 0 | 1 | undefined {
  if (value === true || value === 1 || value === '1') return 1;
  if (value === false || value === 0 || value === '0') return 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'pass', 'yes', 'y', '是', '通过'].includes(v)) return 1;
    if (['false', 'fail', 'no', 'n', '否', '不通过'].includes(v)) return 0;
  }
  return undefined;
}

function scaled(r: Rational, places: number): Rational {
  return r.mulInt(10 ** places);
}

function describeUnits(c: CompiledCriterion, units: number): string {
  return Rational.fromUnits(units, c.places).toString();
}

function checkRange(c: CompiledCriterion, units: number, unit: string): MarkValue {
  if (units < c.minUnits || (c.maxUnits !== undefined && units > c.maxUnits)) {
    if (c.maxUnits === undefined) {
      return fail(
        'out_of_range',
        `${describeUnits(c, units)} is below the minimum ${describeUnits(c, c.minUnits)}${unit}`,
      );
    }
    const range = `${describeUnits(c, c.minUnits)}..${describeUnits(c, c.maxUnits)}`;
    return fail('out_of_range', `${describeUnits(c, units)} is outside ${range}${unit}`);
  }
  if ((units - c.minUnits) % c.stepUnits !== 0) {
    return fail(
      'off_step',
      `${describeUnits(c, units)} is not a multiple of the step ${describeUnits(c, c.stepUnits)} from ${describeUnits(c, c.minUnits)}`,
    );
  }
  return { ok: true, units };
}

function decimalUnits(
  c: CompiledCriterion,
  value: number | string | boolean,
  what: string,
): number | MarkValue {
  if (typeof value === 'boolean')
    return fail('wrong_type', `expected ${what}, got ${String(value)}`);
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Fast path, exact: the integer u is accepted only if u / 10^places is the very double the
    // mark was written as, i.e. the mark's shortest decimal has at most `places` digits.
    const scale = 10 ** c.places;
    const u = Math.round(value * scale);
    if (Number.isSafeInteger(u) && u / scale === value) return u;
  }
  const r = Rational.parse(value);
  if (!r) return fail('not_a_number', `expected ${what}, got "${String(value)}"`);
  const u = scaled(r, c.places);
  if (!u.isInteger()) {
    // More decimals than min, max and step have can only be off the step.
    if (what === 'a count of items')
      return fail('not_whole', `${r.toString()} is not a whole number of items`);
    return fail(
      'off_step',
      `${r.toString()} is not a multiple of the step ${describeUnits(c, c.stepUnits)} from ${describeUnits(c, c.minUnits)}`,
    );
  }
  const units = u.toNumber();
  if (!Number.isSafeInteger(units)) return fail('out_of_range', `${r.toString()} is too large`);
  return units;
}

/** Validates and converts one mark value for its criterion. */
export function readMarkValue(c: CompiledCriterion, value: number | string | boolean): MarkValue {
  switch (c.kind) {
    case 'check':
    case 'gate': {
      const b = toBoolean(value);
      if (b === undefined) {
        return fail(
          'not_a_boolean',
          `expected ${c.kind === 'gate' ? '1 (violation) or 0' : '1 (pass) or 0 (fail)'}, got "${String(value)}"`,
        );
      }
      return { ok: true, units: b };
    }
    case 'time': {
      if (typeof value === 'string' && STATUSES.has(value.trim().toUpperCase())) {
        return { ok: true, status: value.trim().toUpperCase() as Status };
      }
      if (typeof value === 'boolean')
        return fail('wrong_type', `expected a time, got ${String(value)}`);
      const t = typeof value === 'number' ? Rational.parse(value) : parseTime(value);
      if (!t)
        return fail('not_a_time', `expected seconds, m:ss.t or DNF/DNS/DQ, got "${String(value)}"`);
      if (t.sign() < 0) return fail('out_of_range', 'a time cannot be negative');
      const mode = c.def.kind === 'time' ? c.def.entryRounding : 'truncate';
      const units = scaled(t.round(c.places, mode), c.places).toNumber();
      if (!Number.isSafeInteger(units))
        return fail('out_of_range', `${t.toString()} s is too long`);
      return checkRange(c, units, ' s');
    }
    case 'penalty':
    case 'deduction': {
      if (c.kind === 'deduction' && c.perItem === undefined) {
        const u = decimalUnits(c, value, 'a deduction');
        return typeof u === 'number' ? checkRange(c, u, '') : u;
      }
      const u = decimalUnits(c, value, 'a count of items');
      return typeof u === 'number' ? checkRange(c, u, ' items') : u;
    }
    case 'points':
    case 'judgement': {
      const u = decimalUnits(c, value, 'a number');
      return typeof u === 'number' ? checkRange(c, u, '') : u;
    }
  }
}
