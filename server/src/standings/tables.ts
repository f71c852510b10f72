/**
 * Standings tables as JSON text, row by row. A row's text and digest are cached on the engine's
 * row object: the incremental engine keeps the objects of rows that did not move, so after one
 * mark only the rows in the moved window are serialized again, and a row that only moved reuses
 * its computation's explanation. Positions are kept apart from the text, so a shifted row is
 * not re-serialized to record its new place. Numbers are written as decimals at the table's
 * precision (precision.ts), never as exact fractions.
 */
import { createHash } from 'node:crypto';
import { canonical } from '../contract/canonical.ts';
import { without } from '../contract/table-hash.ts';
import { decimalJson, tieJson, type Precision } from './precision.ts';
import type { DiffRow } from './row-diff.ts';

/** One side of a table: each competitor's text, engine row and position. */
export interface RowsText {
  readonly text: ReadonlyMap<string, string>;
  readonly source: ReadonlyMap<string, object>;
  readonly position: ReadonlyMap<string, number>;
}

export interface TableText {
  readonly scope: string;
  readonly name: string;
  /** The rows in standing order (text without position; see positionedRows). */
  readonly rows: RowsText;
  readonly teams: RowsText | null;
  readonly hash: string;
}

const cache = new WeakMap<object, string>();

/**
 * What rows of one engine computation share (every field but rank and tie): the members' text,
 * and the row as a plain object once one of them was parsed. Rows that only moved (the engine's
 * `placed`) keep their computation, so most rows a mark shifts are written from here.
 */
interface Computation {
  /** `"competitor":…` to `"flags":…`, then `"modules":…` and `"name":…` (sorted key order). */
  readonly head: string;
  readonly score: string;
  readonly statusAndTeam: string;
  readonly time: string;
  /** A row of this computation as parsed (any rank and tie), for rowObject. */
  object?: Record<string, unknown>;
}

const computations = new WeakMap<object, Computation>();
/** An event row's computation and precision, for rowObject. */
const placedRows = new WeakMap<object, { computed: object; p: Precision }>();

interface EventRowLike {
  readonly computed: object;
  readonly modules: unknown;
  readonly competitor: string;
  readonly name: unknown;
  readonly delegation: unknown;
  readonly team: unknown;
  readonly rank: unknown;
  readonly tie: unknown;
  readonly status: unknown;
  readonly score: unknown;
  readonly time: unknown;
  readonly deductions: unknown;
  readonly flags: unknown;
}

function isEventRow(row: object): row is EventRowLike {
  return 'computed' in row && 'modules' in row;
}

/** `"key":value` in canonical form, or nothing for an undefined value (as canonical() drops it). */
function member(key: string, value: unknown, p: Precision): string {
  return value === undefined
    ? ''
    : `,${JSON.stringify(key)}:${key === 'tie' ? tieJson(value, p) : decimalJson(value, p, key === 'time')}`;
}

/** The text every row of an event row's computation shares (written once per computation). */
function sharedText(row: EventRowLike, p: Precision): Computation {
  let c = computations.get(row.computed);
  if (c === undefined) {
    const head =
      member('competitor', row.competitor, p) +
      member('deductions', row.deductions, p) +
      member('delegation', row.delegation, p) +
      member('flags', row.flags, p);
    c = {
      head: `{${head.slice(1)},"modules":${decimalJson(row.modules, p)}${member('name', row.name, p)}`,
      score: member('score', row.score, p),
      statusAndTeam: member('status', row.status, p) + member('team', row.team, p),
      time: member('time', row.time, p),
    };
    computations.set(row.computed, c);
  }
  return c;
}

/**
 * A row's text: canonical JSON (keys sorted) without its position, so the digest a client
 * computes from the row it parsed (contract/table-hash.ts) is the digest computed here.
 */
function rowText(row: object, p: Precision): string {
  let text = cache.get(row);
  if (text !== undefined) return text;
  if (isEventRow(row)) {
    // A row that only moved (new rank or tie) keeps its computation: only rank and tie are new.
    const c = sharedText(row, p);
    text = `${c.head}${member('rank', row.rank, p)}${c.score}${c.statusAndTeam}${member('tie', row.tie, p)}${c.time}}`;
    placedRows.set(row, { computed: row.computed, p });
  } else {
    text = decimalJson(row, p);
  }
  cache.set(row, text);
  return text;
}

const digests = new WeakMap<object, string>();

function digestOf(row: object, text: string): string {
  let d = digests.get(row);
  if (d === undefined) {
    d = sha256Hex(text);
    digests.set(row, d);
  }
  return d;
}

/** Rows → competitor → row text (without position), engine row and position, in order. */
function rowsText(rows: readonly object[], p: Precision): RowsText {
  const text = new Map<string, string>();
  const source = new Map<string, object>();
  const position = new Map<string, number>();
  rows.forEach((row, i) => {
    const competitor = (row as { competitor: string }).competitor;
    text.set(competitor, rowText(row, p));
    source.set(competitor, row);
    position.set(competitor, i);
  });
  return { text, source, position };
}

/** One row as stored: `{"position":i,…}`. */
function positionedRow(rows: RowsText, competitor: string): string {
  const text = rows.text.get(competitor) ?? '{}';
  return `{"position":${rows.position.get(competitor) ?? -1},${text.slice(1)}`;
}

/** Every row as stored, in order. */
export function positionedRows(rows: RowsText): string[] {
  return [...rows.text.keys()].map((k) => positionedRow(rows, k));
}

/**
 * The table hash of contract/table-hash.ts over each row's own digest in standing order: a
 * row's digest is computed once per engine row, so hashing a table after one mark costs little.
 */
export function tableHash(rows: RowsText, teams: RowsText | null): string {
  const digests = (side: RowsText): string[] =>
    [...side.source].map(([key, row]) => digestOf(row, side.text.get(key) ?? '{}'));
  return combineDigests(digests(rows), teams ? digests(teams) : null, null);
}

/** contract/table-hash.ts's tableHash, with node:crypto. */
export function combineDigests(
  rows: readonly string[],
  teams: readonly string[] | null,
  meta: unknown,
): string {
  // One update per side, not one per row: the same bytes, so the same hash.
  const h = createHash('sha256');
  h.update(rows.join(''));
  h.update('|');
  if (teams) h.update(teams.join(''));
  if (meta !== null && meta !== undefined) h.update(`|${canonical(meta)}`);
  return h.digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const tableCache = new WeakMap<readonly object[], TableText>();

/**
 * A table as text, its numbers at `precision`; the same rows array (an event nothing touched)
 * gives the cached result.
 */
export function table(
  scope: string,
  name: string,
  rows: readonly object[],
  teams: readonly object[] | null,
  precision: Precision,
): TableText {
  const hit = tableCache.get(rows);
  if (hit && (teams === null ? hit.teams === null : tableCache.get(teams) === hit)) return hit;
  const r = rowsText(rows, precision);
  const t = teams ? rowsText(teams, precision) : null;
  const out = { scope, name, rows: r, teams: t, hash: tableHash(r, t) };
  tableCache.set(rows, out);
  if (teams) tableCache.set(teams, out);
  return out;
}

/** The stored snapshot body, as JSON text. */
export function bodyText(t: TableText): string {
  const list = (m: RowsText | null): string => (m ? `[${positionedRows(m).join(',')}]` : 'null');
  return `{"name":${JSON.stringify(t.name)},"rows":${list(t.rows)},"teams":${list(t.teams)}}`;
}

const objects = new WeakMap<object, Record<string, unknown>>();

/**
 * A row as a plain object without its position (its text parsed once per engine row). The row
 * is one of a table's (table() wrote its text). A row that only moved is its computation's
 * object with its own rank and tie, not parsed again.
 */
export function rowObject(row: object): Record<string, unknown> {
  let obj = objects.get(row);
  if (obj === undefined) {
    const text = cache.get(row);
    if (text === undefined) throw new Error('rowObject: the row was not written by table()');
    const placed = placedRows.get(row);
    const c = placed && computations.get(placed.computed);
    if (placed && c?.object && isEventRow(row)) {
      obj = { ...c.object };
      placeOf(obj, 'rank', row.rank, placed.p);
      placeOf(obj, 'tie', row.tie, placed.p);
    } else {
      obj = JSON.parse(text) as Record<string, unknown>;
      if (c) c.object = obj;
    }
    objects.set(row, obj);
  }
  return obj;
}

/** Sets rank or tie on a row object as its text has it (left out when undefined). */
function placeOf(obj: Record<string, unknown>, key: 'rank' | 'tie', value: unknown, p: Precision) {
  if (value === undefined) {
    if (key === 'rank') delete obj['rank'];
    else delete obj['tie'];
  } else obj[key] = JSON.parse(member(key, value, p).slice(key.length + 4)) as unknown;
}

export function computationOf(row: object | undefined): object | undefined {
  return row && isEventRow(row) ? row.computed : undefined;
}

/** A side's rows as the diff reads them, in order. */
export function diffRowsOf(rows: RowsText | null): DiffRow[] {
  if (!rows) return [];
  return [...rows.source.entries()].map(([key, row]) => {
    const r = row as { rank?: unknown; tie?: unknown };
    return {
      key,
      text: rows.text.get(key) ?? '{}',
      computed: computationOf(row),
      rank: r.rank,
      tie: r.tie,
      object: () => rowObject(row),
    };
  });
}

/**
 * Stored rows (read back from jsonb, with their position) as the diff reads them: when memory
 * has no copy of the table (another instance wrote it, or this one just started).
 */
export function diffRowsOfStored(stored: readonly Record<string, unknown>[] | null): DiffRow[] {
  return [...(stored ?? [])]
    .sort((a, b) => Number(a['position']) - Number(b['position']))
    .map((row) => ({
      key: String(row['competitor']),
      text: canonical(without(row, 'position')),
      computed: undefined,
      rank: row['rank'],
      tie: row['tie'],
      object: () => row,
    }));
}
