/**
 * The change between two orderings of a table's rows, in the form contract/patch.ts applies:
 * the fewest rows moved (those outside the longest run that kept its relative order), rank
 * shifts as ranges, and whole rows only where content changed. One mark that lifts a
 * contestant past a hundred others is one move, one rank range and one row.
 */
import { canonical } from '../contract/canonical.ts';
import { without } from '../contract/table-hash.ts';

export interface DiffRow {
  readonly key: string;
  /** The row's text without its position (canonical JSON). */
  readonly text: string;
  /** The computation behind the row: the same one means only its rank or tie can differ. */
  readonly computed: object | undefined;
  /** What else the text depends on (the public projection); must be the same object too. */
  readonly basis?: object | undefined;
  readonly rank: unknown;
  readonly tie: unknown;
  /** The row itself, read only when its computation changed (to see whether only rank and tie did). */
  readonly object?: () => Readonly<Record<string, unknown>>;
}

/** placeless() per row object: the objects are kept per row, so each is written once. */
const placelessText = new WeakMap<object, string>();

/** A row's text without rank and tie: equal means the row only moved. */
function placeless(row: DiffRow): string | undefined {
  const obj = row.object?.();
  if (obj === undefined) return undefined;
  let text = placelessText.get(obj);
  if (text === undefined) {
    text = canonical(without(without(obj, 'rank'), 'tie'));
    placelessText.set(obj, text);
  }
  return text;
}

/** A side's change as JSON text pieces (the `set` rows are row texts). */
export interface SideChangeText {
  readonly set: string[];
  readonly moved: [string, number][];
  readonly ranks: [number, number, number][];
  readonly removed: string[];
}

/** Indices (into `seq`) of a longest strictly increasing subsequence. */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((seq[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (
    let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
    i >= 0;
    i = prev[i] as number
  ) {
    out.add(i);
  }
  return out;
}

export function diffRows(
  before: readonly DiffRow[] | null,
  after: readonly DiffRow[] | null,
): SideChangeText {
  const old = before ?? [];
  const now = after ?? [];
  const nowIndex = new Map(now.map((r, i) => [r.key, i]));
  const oldByKey = new Map(old.map((r) => [r.key, r]));
  const removed = old.filter((r) => !nowIndex.has(r.key)).map((r) => r.key);
  // Rows present on both sides, in their old order, named by their new index.
  const common = old.filter((r) => nowIndex.has(r.key));
  const newIdx = common.map((r) => nowIndex.get(r.key) as number);
  const stable = new Set([...longestIncreasing(newIdx)].map((i) => common[i]?.key));
  const moved: [string, number][] = [];
  const set: string[] = [];
  const ranks: [number, number, number][] = [];
  let run: [number, number, number] | null = null;
  for (let i = 0; i < now.length; i++) {
    const row = now[i] as DiffRow;
    if (!stable.has(row.key)) moved.push([row.key, i]);
    const was = oldByKey.get(row.key);
    let delta: number | null = null;
    if (!was) {
      set.push(row.text);
    } else if (was.text !== row.text) {
      const sameComputation =
        row.computed !== undefined && was.computed === row.computed && was.basis === row.basis;
      // An official event row names every mark behind it (its explanation): another computation
      // is another row, not worth comparing field by field (a public row may have moved only).
      const newComputation =
        !sameComputation &&
        row.basis === undefined &&
        row.computed !== undefined &&
        was.computed !== undefined;
      const onlyMoved =
        sameComputation || (!newComputation && (placeless(row) ?? '') === (placeless(was) ?? '-'));
      if (!onlyMoved) {
        set.push(row.text);
      } else if (
        typeof was.rank === 'number' &&
        typeof row.rank === 'number' &&
        canonical(was.tie) === canonical(row.tie)
      ) {
        delta = row.rank - was.rank;
      } else {
        set.push(canonical({ competitor: row.key, partial: true, rank: row.rank, tie: row.tie }));
      }
    }
    if (delta !== null && run !== null && run[1] === i - 1 && run[2] === delta) {
      run[1] = i;
    } else {
      if (run) ranks.push(run);
      run = delta === null ? null : [i, i, delta];
    }
  }
  if (run) ranks.push(run);
  return { set, moved, ranks, removed };
}

/** The change as JSON text, empty fields left out (`{}` when nothing changed). */
export function sideChangeText(c: SideChangeText): string {
  const parts: string[] = [];
  if (c.set.length > 0) parts.push(`"set":[${c.set.join(',')}]`);
  if (c.moved.length > 0) parts.push(`"moved":${JSON.stringify(c.moved)}`);
  if (c.ranks.length > 0) parts.push(`"ranks":${JSON.stringify(c.ranks)}`);
  if (c.removed.length > 0) parts.push(`"removed":${JSON.stringify(c.removed)}`);
  return `{${parts.join(',')}}`;
}

/** A revision's change of both sides as JSON text: `{"rows":…,"teams":…}`, empty sides left out. */
export function changeText(rows: SideChangeText, teams: SideChangeText): string {
  const r = sideChangeText(rows);
  const t = sideChangeText(teams);
  const parts: string[] = [];
  if (r !== '{}') parts.push(`"rows":${r}`);
  if (t !== '{}') parts.push(`"teams":${t}`);
  return `{${parts.join(',')}}`;
}
