/**
 * The row of a standings table as it travels, in live snapshots and in patches (patch.ts). Its
 * own module because the live protocol (live.ts) and the patch format (patch.ts) both speak of
 * it, and neither should have to import the other for it.
 */

/** A standings row. `position` is its place in the table (0 = top). */
export interface LiveRow {
  readonly competitor: string;
  readonly position: number;
  readonly [field: string]: unknown;
}

/**
 * A row in a patch's `set` (see patch.ts): a whole row, or for a row whose rank or tie changed
 * another way, `{competitor, rank, tie, partial: true}` (the client keeps its other fields).
 */
export interface LiveRowChange {
  readonly competitor: string;
  readonly partial?: true;
  readonly [field: string]: unknown;
}
