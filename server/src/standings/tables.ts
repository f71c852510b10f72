/**
 * Standings tables as JSON text, row by row. A row's text is cached on the engine's row object:
 * the incremental engine keeps the objects of rows that did not move, so after one mark only the
 * rows in the moved window are serialized again, and unchanged rows compare by reference.
 */
import { createHash } from 'node:crypto';
import { canonical } from '../audit/canonical.ts';

/** One side of a table: each competitor's text, engine row and position. */
export interface RowsText {
  readonly text: ReadonlyMap<string, string>;
  readonly source: ReadonlyMap<string, object>;
  readonly position: ReadonlyMap<string, number>;
}

export interface TableText {
  readonly scope: string;
  readonly name: string;
  /** competitor → row JSON (with its position), in standing order. */
  readonly rows: RowsText;
  readonly teams: RowsText | null;
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
export function rowsText(rows: readonly object[]): RowsText {
  const text = new Map<string, string>();
  const source = new Map<string, object>();
  const position = new Map<string, number>();
  rows.forEach((row, i) => {
    const competitor = (row as { competitor: string }).competitor;
    source.set(competitor, row);
    position.set(competitor, i);
    const hit = positioned.get(row);
    if (hit?.position === i) {
      text.set(competitor, hit.text);
      return;
    }
    const t = `{"position":${i},${rowText(row).slice(1)}`;
    positioned.set(row, { position: i, text: t });
    text.set(competitor, t);
  });
  return { text, source, position };
}

export function tableHash(rows: RowsText, teams: RowsText | null): string {
  const h = createHash('sha256');
  h.update('[');
  for (const text of rows.text.values()) h.update(text).update(',');
  h.update(']');
  if (teams) {
    h.update('[');
    for (const text of teams.text.values()) h.update(text).update(',');
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
  const list = (m: RowsText | null): string => (m ? `[${[...m.text.values()].join(',')}]` : 'null');
  return `{"name":${JSON.stringify(t.name)},"rows":${list(t.rows)},"teams":${list(t.teams)}}`;
}

export interface Change {
  readonly changed: string[];
  readonly removed: string[];
}

function computationOf(row: object | undefined): object | undefined {
  return row && isEventRow(row) ? row.computed : undefined;
}

/**
 * Rows whose text differs from before (new ones included), and competitors no longer there. A
 * row that only moved (same computation, new position, rank or tie) travels as its placement
 * alone, `{competitor, position, rank, tie, partial: true}`: one mark that shifts fifty rows
 * sends fifty small placements and one full row.
 */
export function diff(before: RowsText | null, after: RowsText | null): Change {
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [k, text] of after?.text ?? []) {
    if (before?.text.get(k) === text) continue;
    const row = after?.source.get(k);
    const computed = computationOf(row);
    if (row && computed !== undefined && computed === computationOf(before?.source.get(k))) {
      const r = row as { rank: unknown; tie: unknown };
      changed.push(
        JSON.stringify({
          competitor: k,
          position: after?.position.get(k),
          rank: r.rank,
          tie: r.tie,
          partial: true,
        }),
      );
    } else {
      changed.push(text);
    }
  }
  for (const k of before?.text.keys() ?? []) if (!after?.text.has(k)) removed.push(k);
  return { changed, removed };
}

/**
 * The diff against a stored snapshot, when memory has no copy of it (another instance wrote it,
 * or this one just started). jsonb reorders keys, so both sides compare in canonical form.
 */
export function diffStored(
  stored: readonly Record<string, unknown>[] | null,
  after: RowsText | null,
): Change {
  const before = new Map((stored ?? []).map((r) => [String(r['competitor']), canonical(r)]));
  const changed: string[] = [];
  for (const [k, text] of after?.text ?? []) {
    if (before.get(k) !== canonical(JSON.parse(text))) changed.push(text);
  }
  const removed = [...before.keys()].filter((k) => !after?.text.has(k));
  return { changed, removed };
}
