/**
 * The pure half of the live client: a table's state, applying a patch to it, and hashing it the
 * way the server does (see ../contract/table-hash.ts). No sockets, no timers, no I/O, so it runs
 * in a page, a test or a benchmark alike.
 */
import type {
  LiveMeta,
  LivePatch,
  LiveRow,
  LiveRowChange,
  LiveSnapshot,
} from '../contract/live.ts';
import { rowDigest, tableHash } from '../contract/table-hash.ts';

/** What a client holds of one table. Rows and teams are in position order. */
export interface TableData {
  readonly rev: number;
  readonly hash: string;
  readonly name: string;
  readonly meta: LiveMeta | null;
  readonly rows: readonly LiveRow[];
  /** null when the table has no team section (a snapshot said so and no patch added one). */
  readonly teams: readonly LiveRow[] | null;
  readonly at: string | null;
}

export type PatchOutcome =
  | { readonly kind: 'applied'; readonly table: TableData }
  /** patch.rev ≤ the table's rev: already held. */
  | { readonly kind: 'duplicate' }
  /** patch.baseRev is not the table's rev: revisions are missing in between. */
  | { readonly kind: 'gap' }
  /** A placement-only row for a competitor the table does not hold: the table is not the server's. */
  | { readonly kind: 'inconsistent'; readonly competitor: string };

/** The table a snapshot describes (rows put in position order if they are not already). */
export function tableFromSnapshot(snapshot: LiveSnapshot): TableData {
  return {
    rev: snapshot.rev,
    hash: snapshot.hash,
    name: snapshot.name,
    meta: snapshot.meta,
    rows: inPositionOrder([...snapshot.rows]),
    teams: snapshot.teams === null ? null : inPositionOrder([...snapshot.teams]),
    at: snapshot.at,
  };
}

/**
 * Applies a patch to a table without touching it: removed rows go, whole rows replace, a
 * `partial` row merges into the row it places, then rows are put in position order. Rows that
 * did not change keep their identity, so digests cached per row object stay valid.
 */
export function applyPatch(table: TableData, patch: LivePatch): PatchOutcome {
  if (patch.rev <= table.rev) return { kind: 'duplicate' };
  if (patch.baseRev !== table.rev) return { kind: 'gap' };
  const rows = applySection(table.rows, patch.rows, patch.removed.rows);
  if (typeof rows === 'string') return { kind: 'inconsistent', competitor: rows };
  let teams: readonly LiveRow[] | null = null;
  if (table.teams !== null || patch.teams.length > 0) {
    const applied = applySection(table.teams ?? [], patch.teams, patch.removed.teams);
    if (typeof applied === 'string') return { kind: 'inconsistent', competitor: applied };
    teams = applied;
  }
  return {
    kind: 'applied',
    table: {
      rev: patch.rev,
      hash: patch.hash,
      name: patch.meta?.name ?? table.name,
      meta: patch.meta,
      rows,
      teams,
      at: patch.at,
    },
  };
}

/** Applied section, or the competitor of a placement-only change that has no row to merge into. */
function applySection(
  old: readonly LiveRow[],
  changes: readonly LiveRowChange[],
  removed: readonly string[],
): readonly LiveRow[] | string {
  if (changes.length === 0 && removed.length === 0) return old;
  const gone = new Set(removed);
  const byCompetitor = new Map<string, LiveRowChange>();
  for (const change of changes) {
    // The same competitor twice in one patch: the later change applies over the earlier one.
    const earlier = byCompetitor.get(change.competitor);
    if (earlier === undefined || change.partial !== true) {
      byCompetitor.set(change.competitor, change);
    } else if (earlier.partial === true) {
      byCompetitor.set(change.competitor, { ...earlier, ...change });
    } else {
      byCompetitor.set(change.competitor, withoutPartial({ ...earlier, ...change }));
    }
  }
  const out: LiveRow[] = [];
  for (const row of old) {
    if (gone.has(row.competitor)) continue;
    const change = byCompetitor.get(row.competitor);
    if (change === undefined) {
      out.push(row);
      continue;
    }
    byCompetitor.delete(row.competitor);
    out.push(
      change.partial === true ? { ...row, ...withoutPartial(change) } : withoutPartial(change),
    );
  }
  for (const change of byCompetitor.values()) {
    if (change.partial === true) return change.competitor;
    out.push(withoutPartial(change));
  }
  return inPositionOrder(out);
}

function withoutPartial(change: LiveRowChange): LiveRow {
  if (!('partial' in change)) return change;
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) if (key !== 'partial') row[key] = value;
  return row as unknown as LiveRow;
}

function inPositionOrder(rows: LiveRow[]): LiveRow[] {
  for (let i = 1; i < rows.length; i++) {
    if (comparePlacement(rows[i - 1] as LiveRow, rows[i] as LiveRow) > 0) {
      return rows.sort(comparePlacement);
    }
  }
  return rows;
}

/** By position; the sort is stable, so rows with equal positions keep the order they came in. */
function comparePlacement(a: LiveRow, b: LiveRow): number {
  return a.position - b.position;
}

/**
 * Row digests cached per row object: a row that did not change is the same object from one
 * revision to the next, so only changed rows are hashed again. Entries go with their rows.
 */
export class RowDigests {
  readonly #cache = new WeakMap<LiveRow, string>();
  /** How many rows were actually hashed (cache misses). */
  computed = 0;

  digest(row: LiveRow): string {
    let digest = this.#cache.get(row);
    if (digest === undefined) {
      digest = rowDigest(row);
      this.#cache.set(row, digest);
      this.computed++;
    }
    return digest;
  }
}

/** The table's hash as the server computes it (digests from `digests` when given). */
export function hashTable(table: TableData, digests: RowDigests = new RowDigests()): string {
  const digest = (row: LiveRow): string => digests.digest(row);
  return tableHash(
    table.rows.map(digest),
    table.teams === null ? null : table.teams.map(digest),
    table.meta,
  );
}

/** Whether the table hashes to the hash it carries. */
export function verifyTable(table: TableData, digests?: RowDigests): boolean {
  return hashTable(table, digests) === table.hash;
}
