/**
 * One competitor's marks in one event, stored compactly: per criterion a run of slots (judge,
 * integer units, status) in typed arrays, instead of one object per mark. A full recompute of a
 * million marks then walks contiguous numbers (DESIGN.md §8), and a competition holds ten
 * thousand small arrays rather than a million objects.
 *
 * Tables handed to rows are never changed: `set` and `remove` with `copy` return a new table
 * (copy on write); without it (bulk loading before the first computation) they change this one
 * while it has room.
 */
import type { Status } from '../definition/schema.ts';

const STATUSES: readonly Status[] = ['DNF', 'DNS', 'DQ'];

/** A stored judge mark: integer units of its criterion, or a status sentinel on a time. */
export interface MarkRecord {
  readonly judge: string;
  readonly units: number;
  readonly status: Status | null;
}

export class MarkTable {
  /** offset[c] is the first slot of criterion c; offset[c + 1] − offset[c] its capacity. */
  readonly offset: Int32Array;
  /** Marks of criterion c, in judge order of first entry. */
  readonly count: Int32Array;
  readonly units: Float64Array;
  readonly judges: string[];
  /** 0 for a mark, else 1 + index in DNF, DNS, DQ; null while no slot holds a status. */
  readonly status: Uint8Array | null;

  private constructor(
    offset: Int32Array,
    count: Int32Array,
    units: Float64Array,
    judges: string[],
    status: Uint8Array | null,
  ) {
    this.offset = offset;
    this.count = count;
    this.units = units;
    this.judges = judges;
    this.status = status;
  }

  /** An empty table with room for `capacity[c]` marks on criterion c. */
  static empty(capacity: readonly number[]): MarkTable {
    const offset = new Int32Array(capacity.length + 1);
    for (let c = 0; c < capacity.length; c++) offset[c + 1] = (offset[c] ?? 0) + (capacity[c] ?? 1);
    const slots = offset[capacity.length] ?? 0;
    return new MarkTable(
      offset,
      new Int32Array(capacity.length),
      new Float64Array(slots),
      new Array<string>(slots).fill(''),
      null,
    );
  }

  statusAt(slot: number): Status | null {
    const code = this.status?.[slot] ?? 0;
    return code === 0 ? null : (STATUSES[code - 1] ?? null);
  }

  /** The slot of a judge's mark on criterion c, or -1. */
  find(c: number, judge: string): number {
    const start = this.offset[c] ?? 0;
    const end = start + (this.count[c] ?? 0);
    for (let slot = start; slot < end; slot++) if (this.judges[slot] === judge) return slot;
    return -1;
  }

  /** Criterion c's marks as records (for explanations; allocates). */
  records(c: number): MarkRecord[] {
    const start = this.offset[c] ?? 0;
    const n = this.count[c] ?? 0;
    const out: MarkRecord[] = [];
    for (let slot = start; slot < start + n; slot++) {
      out.push({
        judge: this.judges[slot] ?? '',
        units: this.units[slot] ?? 0,
        status: this.statusAt(slot),
      });
    }
    return out;
  }

  /**
   * Stores a judge's mark (a later mark by the same judge replaces the earlier one in its slot)
   * and returns the table to keep.
   */
  set(c: number, judge: string, units: number, status: Status | null, copy: boolean): MarkTable {
    let slot = this.find(c, judge);
    let table: MarkTable = copy ? this.clone() : this;
    if (slot < 0) {
      const capacity = (this.offset[c + 1] ?? 0) - (this.offset[c] ?? 0);
      if ((this.count[c] ?? 0) >= capacity) table = this.grown(c);
      slot = (table.offset[c] ?? 0) + (table.count[c] ?? 0);
      table.count[c] = (table.count[c] ?? 0) + 1;
      table.judges[slot] = judge;
    }
    table.units[slot] = units;
    if (status !== null || table.status) {
      const codes = table.status ?? new Uint8Array(table.units.length);
      codes[slot] = status === null ? 0 : STATUSES.indexOf(status) + 1;
      return codes === table.status ? table : table.withStatus(codes);
    }
    return table;
  }

  /** A copy without a judge's mark on criterion c; undefined when there is none. */
  remove(c: number, judge: string): MarkTable | undefined {
    const slot = this.find(c, judge);
    if (slot < 0) return undefined;
    const table = this.clone();
    const end = (table.offset[c] ?? 0) + (table.count[c] ?? 0);
    // Later marks move up one slot, keeping judge order.
    for (let s = slot; s < end - 1; s++) {
      table.units[s] = table.units[s + 1] ?? 0;
      table.judges[s] = table.judges[s + 1] ?? '';
      if (table.status) table.status[s] = table.status[s + 1] ?? 0;
    }
    table.units[end - 1] = 0;
    table.judges[end - 1] = '';
    if (table.status) table.status[end - 1] = 0;
    table.count[c] = (table.count[c] ?? 1) - 1;
    return table;
  }

  private clone(): MarkTable {
    return new MarkTable(
      this.offset,
      this.count.slice(),
      this.units.slice(),
      this.judges.slice(),
      this.status ? this.status.slice() : null,
    );
  }

  private withStatus(status: Uint8Array): MarkTable {
    return new MarkTable(this.offset, this.count, this.units, this.judges, status);
  }

  /** A copy in which criterion c has twice the room. */
  private grown(c: number): MarkTable {
    const criteria = this.count.length;
    const capacity: number[] = [];
    for (let k = 0; k < criteria; k++) {
      const own = (this.offset[k + 1] ?? 0) - (this.offset[k] ?? 0);
      capacity.push(k === c ? Math.max(1, own * 2) : own);
    }
    const table = MarkTable.empty(capacity);
    const status = this.status ? new Uint8Array(table.units.length) : null;
    for (let k = 0; k < criteria; k++) {
      const from = this.offset[k] ?? 0;
      const to = table.offset[k] ?? 0;
      const n = this.count[k] ?? 0;
      table.count[k] = n;
      for (let i = 0; i < n; i++) {
        table.units[to + i] = this.units[from + i] ?? 0;
        table.judges[to + i] = this.judges[from + i] ?? '';
        if (status && this.status) status[to + i] = this.status[from + i] ?? 0;
      }
    }
    return status ? table.withStatus(status) : table;
  }
}
