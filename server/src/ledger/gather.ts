/**
 * The mark writer's gathering window: whether a batch that is about to start should wait a
 * little for more marks, and for how long. A transaction costs about the same for one mark as
 * for a few (round trips, the WAL flush, the audit chain's head), so under load a batch that
 * waits a few milliseconds for the next marks costs each of them much less, on the server and
 * in Postgres. It waits only when marks have been arriving faster than one per window (the
 * smoothed gap between arrivals says so) from clients that do not wait for each other (a fair
 * share of them arrived while the writer was busy: one client sending mark after mark, each
 * after the last one's answer, never does, and would only be slowed), never longer than the
 * window after its first mark arrived, and not at all once enough marks are queued.
 */

/** Marks queued at which a batch starts without waiting further. */
const ENOUGH = 8;
/** Weight of the newest gap in the smoothed gap between arrivals. */
const NEWEST = 0.2;
/** A longer gap counts as this long: one quiet spell ends the waiting at once. */
const GAP_CAP_MS = 1000;
/** The smoothed share of arrivals that found the writer busy, from which a batch may wait. */
const CONCURRENT = 0.25;

export class Gathering {
  static readonly ENOUGH = ENOUGH;
  private readonly windowMs: number;
  /** Smoothed time between two arrivals (ms). */
  private gapMs = Infinity;
  /** Smoothed share of arrivals that came while a batch was gathering or committing. */
  private busyShare = 0;
  private lastArrival = -Infinity;
  /** When the oldest mark still queued arrived (performance.now()). */
  private oldest = Infinity;
  private wake: (() => void) | null = null;
  private readonly clock: () => number;

  constructor(windowMs: number, clock: () => number = () => performance.now()) {
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /**
   * A mark was queued; `queued` marks are waiting now (it included), and `busy` says whether
   * a batch was gathering or committing when it came.
   */
  arrived(queued: number, busy: boolean): void {
    const now = this.clock();
    this.busyShare += NEWEST * ((busy ? 1 : 0) - this.busyShare);
    if (this.lastArrival > -Infinity) {
      const gap = Math.min(now - this.lastArrival, GAP_CAP_MS);
      this.gapMs = this.gapMs === Infinity ? gap : this.gapMs + NEWEST * (gap - this.gapMs);
    }
    this.lastArrival = now;
    if (this.oldest === Infinity) this.oldest = now;
    if (queued >= ENOUGH) this.wake?.();
  }

  /** How long a batch of `queued` marks should still wait (ms; 0 = start now). */
  waitFor(queued: number): number {
    const now = this.clock();
    if (this.windowMs <= 0 || queued >= ENOUGH || queued === 0) return 0;
    // Fewer than one more mark expected within the window: waiting would only add latency.
    if (this.gapMs > this.windowMs || this.busyShare < CONCURRENT) return 0;
    return Math.min(this.windowMs, Math.max(0, this.oldest + this.windowMs - now));
  }

  /** Resolves when the batch about to start (`queued` marks) has gathered what it will. */
  gather(queued: number): Promise<void> {
    const wait = this.waitFor(queued);
    if (wait <= 0) {
      this.taken();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.wake = done;
    }).then(() => {
      this.taken();
    });
  }

  /** The batch takes every queued mark: the next one to arrive starts the next window. */
  taken(): void {
    this.oldest = Infinity;
  }
}
