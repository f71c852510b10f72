/**
 * How numbers leave the server: as decimals at their table's precision, never as the engine's
 * exact fractions. The engine ranks on exact values ("two totals equal on paper must tie",
 * DESIGN.md §3), and its rows carry them as Rationals, whose own text is a fraction when the
 * decimal does not terminate ("179624/1987": a module score with a proportional time
 * conversion). Every row is written here once, with its table's places, and everything else —
 * the public view, live snapshots and patches, exports, nominations — reads that text.
 *
 * - Scores, points, aggregates, deductions and totals: the event's `rounding.event` places and
 *   mode (an overall table's `rounding`); two places, half up, when the rulebook sets none (rank
 *   points: as many places as the points table has, none for ranks).
 * - Times in seconds (a row's time, a criterion's raw, penalty and final time, a time
 *   criterion's aggregate): the finest `precision` of the event's time criteria.
 * - Tie-break values: at the places of what they compare, with more digits only where two
 *   values would otherwise look equal (they differ, or the rule would not have separated them).
 *   Place counts ("2/0/0") are counts and stay as they are.
 */
import { Rational, type Competition, type RoundingMode } from '@skills/scoring';
import { canonical } from '../contract/canonical.ts';
import { overallIdOf } from '../contract/live.ts';

type EventDef = Competition['events'][number];
type OverallDef = Competition['overall'][number];

export interface Precision {
  /** Decimal places of scores, points and totals, and how they are rounded to them. */
  readonly places: number;
  readonly mode: RoundingMode;
  /** Decimal places of times in seconds. */
  readonly timePlaces: number;
}

/** Places of a score when the rulebook names none (保留两位小数). */
export const DEFAULT_PLACES = 2;

export function eventPrecision(event: EventDef): Precision {
  const rounding = event.rounding.event ?? { places: DEFAULT_PLACES, mode: 'halfUp' as const };
  const times = event.modules.flatMap((m) =>
    m.criteria.flatMap((c) => (c.kind === 'time' ? [c.precision] : [])),
  );
  return {
    places: rounding.places,
    mode: rounding.mode,
    timePlaces: times.length > 0 ? Math.max(...times) : rounding.places,
  };
}

export function overallPrecision(overall: OverallDef): Precision {
  const m = overall.method;
  const fallback =
    m.kind === 'weightedSum'
      ? DEFAULT_PLACES
      : m.points.kind === 'table'
        ? Math.max(0, ...m.points.values.map((v) => Rational.from(v).decimalPlaces() ?? 0))
        : 0;
  const places = overall.rounding?.places ?? fallback;
  return { places, mode: overall.rounding?.mode ?? 'halfUp', timePlaces: places };
}

/** The precision of a table by its scope: an event id, or "overall:<id>". */
export function precisionOf(definition: Competition, scope: string): Precision {
  const overallId = overallIdOf(scope);
  if (overallId !== null) {
    const o = definition.overall.find((x) => x.id === overallId);
    if (o) return overallPrecision(o);
  }
  const e = definition.events.find((x) => x.id === scope);
  return e
    ? eventPrecision(e)
    : { places: DEFAULT_PLACES, mode: 'halfUp', timePlaces: DEFAULT_PLACES };
}

/** An exact value as text ("87.50", "262/3", "-1") or a number; undefined otherwise. */
export function exactValue(value: unknown): Rational | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  const m = /^(-?\d+)\/(\d+)$/.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    return m[2] === '0' ? undefined : Rational.of(BigInt(m[1]), BigInt(m[2]));
  }
  return Rational.parse(text);
}

/** A value as a decimal with `places` digits; null for what is not a number. */
export function decimalText(
  value: unknown,
  places: number,
  mode: RoundingMode = 'halfUp',
): string | null {
  const r = value instanceof Rational ? value : exactValue(value);
  return r ? r.toFixed(places, mode) : null;
}

/**
 * Two values a tie-break compared, at `places`, or with as many more digits as it takes to
 * show that they differ (at most six more; then exactly, as the engine wrote them).
 */
function comparedPair(values: readonly unknown[], places: number, mode: RoundingMode): unknown[] {
  const exact = values.map(exactValue);
  const [a, b] = exact;
  for (let p = places; p <= places + 6; p++) {
    const shown = values.map((v, i) => {
      const r = exact[i];
      return r === undefined ? v : r.toFixed(p, mode);
    });
    if (!a || !b || a.equals(b) || shown[0] !== shown[1]) return shown;
  }
  return values.map((v, i) => exact[i]?.toString() ?? v);
}

/** A row's tie information, its compared values written as comparedPair() says. */
export function tieJson(value: unknown, p: Precision): string {
  if (value === null || typeof value !== 'object') return canonical(value);
  const tie = value as Record<string, unknown>;
  const rule = tie['rule'] as { by?: unknown } | undefined;
  const values = tie['values'];
  if (tie['kind'] !== 'tieBreak' || !Array.isArray(values) || rule?.by === 'placeCounts') {
    return canonical(tie);
  }
  const time = rule?.by === 'time';
  const shown = comparedPair(values, time ? p.timePlaces : p.places, time ? 'halfUp' : p.mode);
  return canonical({ ...tie, values: shown });
}

/**
 * Canonical JSON (contract/canonical.ts: keys sorted, no spaces) of an engine row or part of
 * one, with every exact number written as a decimal at the table's precision.
 */
export function decimalJson(value: unknown, p: Precision, time = false): string {
  if (value instanceof Rational) {
    return JSON.stringify(time ? value.toFixed(p.timePlaces) : value.toFixed(p.places, p.mode));
  }
  if (value === null || typeof value !== 'object') return canonical(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out += (i > 0 ? ',' : '') + decimalJson(value[i], p, time);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const isTime = obj['kind'] === 'time';
  // One loop and one string: every number of every row written comes through here.
  let out = '{';
  for (const k of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    const text =
      k === 'tie'
        ? tieJson(v, p)
        : decimalJson(v, p, time || k === 'time' || (isTime && k === 'aggregate'));
    out += `${out.length > 1 ? ',' : ''}${quoted(k)}:${text}`;
  }
  return `${out}}`;
}

/** Sorted key lists by the keys in their own order: rows' objects come in a few shapes. */
const shapes = new Map<string, readonly string[]>();
const quotes = new Map<string, string>();

function sortedKeys(obj: Record<string, unknown>): readonly string[] {
  const keys = Object.keys(obj);
  const shape = keys.join('\u0000');
  let sorted = shapes.get(shape);
  // The same join from other keys (a key holding the separator) is no hit: the keys must match.
  if (sorted?.length !== keys.length || !sorted.every((k) => Object.hasOwn(obj, k))) {
    sorted = [...keys].sort();
    if (shapes.size < 1024) shapes.set(shape, sorted);
  }
  return sorted;
}

function quoted(key: string): string {
  let q = quotes.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotes.size < 4096) quotes.set(key, q);
  }
  return q;
}
