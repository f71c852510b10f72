/**
 * How a revision changes a table, side by side (the rows, and the team rows of an event), and
 * the one way every holder of a table applies it: the server replaying stored revisions, each
 * instance's copy in memory, and every client.
 *
 * One mark can move a contestant past a hundred others. Sending each shifted row (even as its
 * new place alone) would make that patch hundreds of rows long, so order and ranks travel as
 * operations:
 *
 *   removed  competitors no longer in the table
 *   moved    [competitor, index]: rows taken out and put back at their new index (new rows too),
 *            in ascending index; every other row keeps its order relative to the others
 *   ranks    [from, to, delta]: after the moves, the rows at indices from..to (inclusive) have
 *            their rank raised by delta (the rows a mover passed)
 *   set      whole rows (a new row, or one whose content changed), or `{competitor, rank, tie,
 *            partial: true}` for a row whose rank or tie changed another way
 *
 * Afterwards each row's `position` is its index. Every field is left out when empty.
 */
import type { LiveRow, LiveRowChange } from './rows.ts';

export interface SideChange {
  readonly set?: readonly LiveRowChange[];
  readonly moved?: readonly (readonly [string, number])[];
  readonly ranks?: readonly (readonly [number, number, number])[];
  readonly removed?: readonly string[];
}

export const isEmptyChange = (c: SideChange | undefined): boolean =>
  c === undefined ||
  ((c.set?.length ?? 0) === 0 &&
    (c.moved?.length ?? 0) === 0 &&
    (c.ranks?.length ?? 0) === 0 &&
    (c.removed?.length ?? 0) === 0);

/** The table is not the one the change was made against (a client must resync). */
export class ChangeMismatch extends Error {
  readonly competitor: string;
  constructor(competitor: string, why: string) {
    super(`${competitor}: ${why}`);
    this.name = 'ChangeMismatch';
    this.competitor = competitor;
  }
}

type Row = LiveRow;

function merged(row: Row | undefined, change: LiveRowChange): Row {
  const out: Record<string, unknown> =
    change.partial === true ? { ...row } : { competitor: change.competitor };
  for (const [k, v] of Object.entries(change)) if (k !== 'partial') out[k] = v;
  return out as unknown as Row;
}

/**
 * The rows after a change, in order, each with its position. Rows the change leaves alone keep
 * their object (a digest cached per row stays valid) unless their position moved. Throws
 * ChangeMismatch when the change does not fit the rows.
 */
export function applySide(rows: readonly Row[], change: SideChange | undefined): Row[] {
  if (isEmptyChange(change) || change === undefined) return [...rows];
  const byKey = new Map(rows.map((r) => [r.competitor, r]));
  const out = new Set([...(change.removed ?? []), ...(change.moved ?? []).map(([k]) => k)]);
  const order: (Row | string)[] = rows.filter((r) => !out.has(r.competitor));
  for (const [key, index] of change.moved ?? []) {
    if (index < 0 || index > order.length) throw new ChangeMismatch(key, `no place ${index}`);
    order.splice(index, 0, byKey.get(key) ?? key);
  }
  const next: Row[] = order.map((r) =>
    typeof r === 'string' ? { competitor: r, position: -1 } : r,
  );
  for (const [from, to, delta] of change.ranks ?? []) {
    for (let i = from; i <= to; i++) {
      const row = next[i];
      if (row === undefined || typeof row['rank'] !== 'number') {
        throw new ChangeMismatch(row?.competitor ?? String(i), 'no rank to shift');
      }
      next[i] = { ...row, rank: row['rank'] + delta };
    }
  }
  const index = new Map(next.map((r, i) => [r.competitor, i]));
  const setKeys = new Set<string>();
  for (const c of change.set ?? []) {
    setKeys.add(c.competitor);
    const i = index.get(c.competitor);
    if (i === undefined) throw new ChangeMismatch(c.competitor, 'not in the table');
    if (c.partial === true && !byKey.has(c.competitor)) {
      throw new ChangeMismatch(c.competitor, 'a placement for a row not held');
    }
    next[i] = merged(next[i], c);
  }
  return next.map((r, i) => {
    if (!byKey.has(r.competitor) && !setKeys.has(r.competitor)) {
      throw new ChangeMismatch(r.competitor, 'a new row without its content');
    }
    return r.position === i ? r : { ...r, position: i };
  });
}
