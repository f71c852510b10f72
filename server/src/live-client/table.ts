/**
 * The pure half of the live client: a table's state, applying a patch to it, and hashing it the
 * way the server does (see ../contract/table-hash.ts). No sockets, no timers, no I/O, so it runs
 * in a page, a test or a benchmark alike.
 */
import type { LiveMeta, LivePatch, LiveSnapshot } from '../contract/live.ts';
import type { LiveRow } from '../contract/rows.ts';
import { ChangeMismatch, applySide, isEmptyChange, type SideChange } from '../contract/patch.ts';
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
  /** The change does not fit the table held (a ChangeMismatch): the table is not the server's. */
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
 * Applies a patch to a table without touching it: each side's change goes through applySide
 * (../contract/patch.ts), the one implementation the server applies too. A side the patch leaves
 * alone keeps its array; within a changed side, a row whose content and position did not change
 * keeps its object, so digests cached per row object stay valid.
 */
export function applyPatch(table: TableData, patch: LivePatch): PatchOutcome {
  if (patch.rev <= table.rev) return { kind: 'duplicate' };
  if (patch.baseRev !== table.rev) return { kind: 'gap' };
  let rows: readonly LiveRow[];
  let teams: readonly LiveRow[] | null;
  try {
    rows = applied(table.rows, patch.rows);
    teams =
      table.teams === null && isEmptyChange(patch.teams)
        ? null
        : applied(table.teams ?? [], patch.teams);
  } catch (error) {
    if (error instanceof ChangeMismatch) {
      return { kind: 'inconsistent', competitor: error.competitor };
    }
    throw error;
  }
  return {
    kind: 'applied',
    table: {
      rev: patch.rev,
      hash: patch.hash,
      name: patch.meta?.name ?? table.name,
      meta: patch.meta === undefined ? table.meta : patch.meta,
      rows,
      teams,
      at: patch.at,
    },
  };
}

const applied = (rows: readonly LiveRow[], change: SideChange | undefined): readonly LiveRow[] =>
  isEmptyChange(change) ? rows : applySide(rows, change);

/** Snapshot rows in position order (a sort only when they are not already). */
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
 * revision to the next, so only changed rows are hashed again (a row whose rank or position
 * changed is a new object). The cache holds its rows weakly: a row no longer held (replaced by a
 * patch, or its table dropped) takes its entry with it, so the cache does not grow with patches.
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
