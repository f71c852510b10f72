/**
 * Standings tables as JSON text, row by row. A row's text is cached on the engine's row object:
 * the incremental engine keeps the objects of rows that did not move, so after one mark only the
 * rows in the moved window are serialized again, and unchanged rows compare by reference.
 */
import { createHash } from 'node:crypto';
import { canonical } from '../audit/canonical.ts';

export interface TableText {
  readonly scope: string;
  readonly name: string;
  /** competitor → row JSON (with its position), in standing order. */
  readonly rows: ReadonlyMap<string, string>;
  readonly teams: ReadonlyMap<string, string> | null;
  readonly hash: string;
}

const cache = new WeakMap<object, string>();
/** An event row's explanation as text, per engine computation (shared by rows that only moved). */
const explanations = new WeakMap<object, string>();

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

function rowText(row: object): string {
  let text = cache.get(row);
  if (text !== undefined) return text;
  if (isEventRow(row)) {
    // A row that only moved (new rank or tie) keeps its computation: reuse its explanation.
    let modules = explanations.get(row.computed);
    if (modules === undefined) {
      modules = JSON.stringify(row.modules);
      explanations.set(row.computed, modules);
    }
    const head = JSON.stringify({
      competitor: row.competitor,
      name: row.name,
      delegation: row.delegation,
      team: row.team,
      rank: row.rank,
      tie: row.tie,
      status: row.status,
      score: row.score,
      time: row.time,
      deductions: row.deductions,
      flags: row.flags,
    });
    text = `${head.slice(0, -1)},"modules":${modules}}`;
  } else {
    text = JSON.stringify(row);
  }
  cache.set(row, text);
  return text;
}

const positioned = new WeakMap<object, { position: number; text: string }>();

/** Rows → competitor → `{"position":i,…}` in order (the same string while a row stays put). */
export function rowsText(rows: readonly object[]): Map<string, string> {
  const out = new Map<string, string>();
  rows.forEach((row, i) => {
    const competitor = (row as { competitor: string }).competitor;
    const hit = positioned.get(row);
    if (hit?.position === i) {
      out.set(competitor, hit.text);
      return;
    }
    const text = `{"position":${i},${rowText(row).slice(1)}`;
    positioned.set(row, { position: i, text });
    out.set(competitor, text);
  });
  return out;
}

export function tableHash(
  rows: ReadonlyMap<string, string>,
  teams: ReadonlyMap<string, string> | null,
): string {
  const h = createHash('sha256');
  h.update('[');
  for (const text of rows.values()) h.update(text).update(',');
  h.update(']');
  if (teams) {
    h.update('[');
    for (const text of teams.values()) h.update(text).update(',');
    h.update(']');
  }
  return h.digest('hex');
}

const tableCache = new WeakMap<readonly object[], TableText>();

/** A table as text; the same rows array (an event nothing touched) gives the cached result. */
export function table(
  scope: string,
  name: string,
  rows: readonly object[],
  teams: readonly object[] | null,
): TableText {
  const hit = tableCache.get(rows);
  if (hit && (teams === null ? hit.teams === null : tableCache.get(teams) === hit)) return hit;
  const r = rowsText(rows);
  const t = teams ? rowsText(teams) : null;
  const out = { scope, name, rows: r, teams: t, hash: tableHash(r, t) };
  tableCache.set(rows, out);
  if (teams) tableCache.set(teams, out);
  return out;
}

/** The stored snapshot body, as JSON text. */
export function bodyText(t: TableText): string {
  const list = (m: ReadonlyMap<string, string> | null): string =>
    m ? `[${[...m.values()].join(',')}]` : 'null';
  return `{"name":${JSON.stringify(t.name)},"rows":${list(t.rows)},"teams":${list(t.teams)}}`;
}

export interface Change {
  readonly changed: string[];
  readonly removed: string[];
}

/** Rows whose text differs from before (new ones included), and competitors no longer there. */
export function diff(
  before: ReadonlyMap<string, string> | null,
  after: ReadonlyMap<string, string> | null,
): Change {
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [k, text] of after ?? []) {
    if (before?.get(k) !== text) changed.push(text);
  }
  for (const k of before?.keys() ?? []) if (!after?.has(k)) removed.push(k);
  return { changed, removed };
}

/**
 * The diff against a stored snapshot, when memory has no copy of it (another instance wrote it,
 * or this one just started). jsonb reorders keys, so both sides compare in canonical form.
 */
export function diffStored(
  stored: readonly Record<string, unknown>[] | null,
  after: ReadonlyMap<string, string> | null,
): Change {
  const before = new Map((stored ?? []).map((r) => [String(r['competitor']), canonical(r)]));
  const changed: string[] = [];
  for (const [k, text] of after ?? []) {
    if (before.get(k) !== canonical(JSON.parse(text))) changed.push(text);
  }
  const removed = [...before.keys()].filter((k) => !after?.has(k));
  return { changed, removed };
}
