/**
 * Rank-change arrows: after each update of a table, each competitor's rank is compared with the
 * rank it had before; a competitor that moved shows ↑n (up n places) or ↓n for a while. The
 * first table seen sets the ranks and shows no arrows; a competitor that was unranked, or new,
 * gets none either (it did not move, it arrived). Only rows that moved show anything: an arrow
 * always carries its number of places, so a plain mark cannot be read as "dropped".
 */

export interface Ranked {
  readonly key: string;
  readonly rank: number | null;
}

export interface RankChange {
  /** Places moved: positive up (rank 5 → 3 is +2), negative down. */
  readonly delta: number;
  /** When the arrow goes away (ms since the epoch). */
  readonly until: number;
}

/** How long an arrow stays by default. */
export const HOLD_MS = 30_000;

/** Moves from the ranks held before to the rows now (ranked both times, and not the same). */
export function rankDeltas(
  before: ReadonlyMap<string, number | null>,
  rows: readonly Ranked[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const was = before.get(row.key);
    if (was === undefined || was === null || row.rank === null) continue;
    if (was !== row.rank) out.set(row.key, was - row.rank);
  }
  return out;
}

/** The arrows of one table, across its updates. */
export class RankTracker {
  readonly #holdMs: number;
  #ranks: Map<string, number | null> | null = null;
  #changes = new Map<string, RankChange>();

  constructor(holdMs = HOLD_MS) {
    this.#holdMs = holdMs;
  }

  /** Takes the rows after an update; returns the arrows showing at `now`. */
  update(rows: readonly Ranked[], now: number): ReadonlyMap<string, RankChange> {
    if (this.#ranks !== null) {
      const present = new Set(rows.map((r) => r.key));
      for (const key of this.#changes.keys()) if (!present.has(key)) this.#changes.delete(key);
      for (const [key, delta] of rankDeltas(this.#ranks, rows)) {
        this.#changes.set(key, { delta, until: now + this.#holdMs });
      }
      // A competitor now unranked has no place to have moved from.
      for (const row of rows) if (row.rank === null) this.#changes.delete(row.key);
    }
    this.#ranks = new Map(rows.map((r) => [r.key, r.rank]));
    return this.active(now);
  }

  /** The arrows still showing at `now` (expired ones are dropped). */
  active(now: number): ReadonlyMap<string, RankChange> {
    for (const [key, change] of this.#changes) if (change.until <= now) this.#changes.delete(key);
    return new Map(this.#changes);
  }

  /** Forget everything: the next update sets the ranks again (another table, names toggled). */
  reset(): void {
    this.#ranks = null;
    this.#changes.clear();
  }
}

/** The arrow's text: ↑2, ↓1 (with the number of places; a row that did not move has none). */
export const arrowText = (change: RankChange): string =>
  change.delta > 0 ? `↑${change.delta}` : `↓${-change.delta}`;

/** The arrow in words, for screen readers and as a tooltip: its message key and count. */
export const arrowWords = (change: RankChange): { key: 'pub.up' | 'pub.down'; n: number } => ({
  key: change.delta > 0 ? 'pub.up' : 'pub.down',
  n: Math.abs(change.delta),
});
