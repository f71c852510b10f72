/**
 * Republishing what was left stale. At start-up, before the server takes any request, every
 * competition with unpublished changes is recomputed from its ledger (a process killed between
 * a commit and its publish left them), so the first viewer already sees every acknowledged
 * mark. While running, a sweep does the same for changes that stayed unpublished for a while:
 * another instance died before publishing, or a recompute failed because the database was
 * unreachable.
 */
import type { Db } from '@skills/db';
import type { Publisher } from './publisher.ts';
import { staleCompetitions } from './stale.ts';

export interface Reconciled {
  readonly competitions: number;
  readonly revisions: number;
  readonly ms: number;
}

/** Recomputes every stale competition now, one after the other. */
export async function reconcileStandings(db: Db, publisher: Publisher): Promise<Reconciled> {
  const t0 = performance.now();
  const stale = await staleCompetitions(db);
  let revisions = 0;
  for (const { competitionId } of stale) {
    revisions += (await publisher.recompute(competitionId)).length;
  }
  return { competitions: stale.length, revisions, ms: performance.now() - t0 };
}

/**
 * Every `everyMs`, touches the competitions whose changes have waited longer than `graceMs`
 * (a publish normally follows within one recompute window). A failed sweep (the database is
 * down) is reported once, and the next one tries again.
 */
export interface SweeperDeps {
  readonly db: Db;
  readonly publisher: Publisher;
  readonly everyMs: number;
  readonly graceMs: number;
  readonly onError?: (error: unknown) => void;
}

export class StaleSweeper {
  private readonly deps: SweeperDeps;
  private readonly timer: ReturnType<typeof setInterval>;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(deps: SweeperDeps) {
    this.deps = deps;
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => {
        this.running = null;
      });
    }, deps.everyMs);
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    try {
      const stale = await staleCompetitions(this.deps.db, this.deps.graceMs);
      for (const s of stale) this.deps.publisher.touch(s.competitionId);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.deps.onError?.(error);
      this.failing = true;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
