/**
 * A contestant's page: their row in each event table of the competition that holds it, found by
 * the competitor key a public row carries: the contestant id, or the bib where an event hides
 * names. Only that key: a bib is not matched to a named row, so a page reached from an event
 * that hides names does not put a name to the bib.
 */
import type { PublicRow } from './rows.ts';

export interface EventTable {
  readonly event: string;
  readonly rows: readonly PublicRow[];
}

export interface Found {
  readonly event: string;
  readonly row: PublicRow;
  /** Rows in the table (for "rank 3 of 42"). */
  readonly of: number;
}

/** The contestant's row in each table that has one, in the tables' order. */
export function findRows(tables: readonly EventTable[], competitor: string): Found[] {
  const out: Found[] = [];
  for (const t of tables) {
    const row = t.rows.find((r) => r.key === competitor);
    if (row !== undefined) out.push({ event: t.event, row, of: t.rows.length });
  }
  return out;
}
