/**
 * Keeps stored standings in step with the ledger. After a commit, touch(competition) schedules a
 * recompute; changes inside one window are coalesced, so a competition is recomputed at most
 * once per window however fast marks arrive. Each scope whose table changed gets the next
 * revision (the rows that changed) and a new latest snapshot, in one transaction under a
 * per-competition lock, so revisions only grow even with several server instances.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { rowsOf, standingSnapshots, standings, type Db, type Tx } from '@skills/db';
import type { Catalog } from '../services/catalog.ts';
import { CompetitionState } from './state.ts';
import { storedTable } from './stored.ts';
import { bodyText, diff, diffStored, type Change, type TableText } from './tables.ts';

export interface Revision {
  readonly competitionId: string;
  readonly scope: string;
  readonly rev: number;
  readonly baseRev: number;
  readonly hash: string;
}

export interface PublisherDeps {
  readonly db: Db;
  readonly catalog: Catalog;
  readonly now: () => Date;
  readonly windowMs: number;
  /** Whole-table snapshots at most this often per table; revisions in between are patches. */
  readonly snapshotEveryMs: number;
  /** Called after each stored revision commits (the live layer fans it out). */
  readonly onRevision?: (revision: Revision) => void;
  readonly onError?: (error: unknown) => void;
}

interface State {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  dirty: boolean;
}

export class StandingsPublisher {
  private readonly deps: PublisherDeps;
  private readonly states = new Map<string, State>();
  private closed = false;
  /** The last table this instance saw per scope, so a diff need not read it back. */
  private readonly last = new Map<string, TableText>();
  /** Each competition's standings in memory, caught up incrementally. */
  private readonly kept = new Map<string, CompetitionState>();

  constructor(deps: PublisherDeps) {
    this.deps = deps;
  }

  /** Something in the competition changed: recompute within the window. */
  touch(competitionId: string): void {
    if (this.closed) return;
    const state = this.states.get(competitionId) ?? { timer: null, running: null, dirty: false };
    this.states.set(competitionId, state);
    if (state.timer || state.running) {
      state.dirty = true;
      return;
    }
    state.timer = setTimeout(() => {
      state.timer = null;
      state.running = this.run(competitionId).finally(() => {
        state.running = null;
        if (state.dirty) {
          state.dirty = false;
          this.touch(competitionId);
        }
      });
    }, this.deps.windowMs);
  }

  /** Resolves once nothing is scheduled or running (tests, shutdown). */
  async settle(): Promise<void> {
    for (;;) {
      const busy = [...this.states.values()].filter(
        (s) => s.timer !== null || s.running !== null || s.dirty,
      );
      if (busy.length === 0) return;
      await new Promise((resolve) => {
        setTimeout(resolve, this.deps.windowMs + 5);
      });
      await Promise.all(busy.map((s) => s.running ?? Promise.resolve()));
    }
  }

  async close(): Promise<void> {
    await this.settle();
    this.closed = true;
  }

  private async run(competitionId: string): Promise<void> {
    try {
      await this.recompute(competitionId);
    } catch (error) {
      this.deps.onError?.(error);
    }
  }

  /**
   * Recomputes now and stores what changed; returns the new revisions. `snapshot: true` also
   * writes a whole-table snapshot of every head that lacks one (a freeze or finalize pins it).
   */
  async recompute(
    competitionId: string,
    options: { snapshot?: boolean } = {},
  ): Promise<Revision[]> {
    const { catalog, db } = this.deps;
    const force = options.snapshot === true;
    const revisions = await db.transaction(async (tx) => {
      // Under the lock, so a slower instance can never store an older table last.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`standings:${competitionId}`}))`,
      );
      const versions = await CompetitionState.versions(tx, competitionId);
      if (!versions) return [];
      let state = this.kept.get(competitionId);
      if (
        state?.definitionVersion !== versions.definition ||
        state.rosterVersion !== versions.roster
      ) {
        state = await CompetitionState.build(tx, catalog, competitionId, versions);
        this.kept.set(competitionId, state);
      } else {
        await state.catchUp(tx);
      }
      const tables = state.tables();
      const [heads, snaps] = await Promise.all([
        // One index probe per table: the revision log grows all competition long.
        tx
          .execute(
            sql`select s.scope, h.rev, h.hash
                from jsonb_array_elements_text(${JSON.stringify(tables.map((t) => t.scope))}::jsonb) as s(scope)
                cross join lateral (
                  select rev, hash from standings
                  where competition_id = ${competitionId} and scope = s.scope
                  order by rev desc limit 1
                ) h`,
          )
          .then((r) => rowsOf<{ scope: string; rev: number; hash: string }>(r)),
        tx
          .selectDistinctOn([standingSnapshots.scope], {
            scope: standingSnapshots.scope,
            rev: standingSnapshots.rev,
            computedAt: standingSnapshots.computedAt,
          })
          .from(standingSnapshots)
          .where(eq(standingSnapshots.competitionId, competitionId))
          .orderBy(standingSnapshots.scope, desc(standingSnapshots.rev)),
      ]);
      const headOf = new Map(heads.map((h) => [h.scope, h]));
      const snapOf = new Map(snaps.map((h) => [h.scope, h]));
      const now = this.deps.now();
      const out: Revision[] = [];
      for (const t of tables) {
        const head = headOf.get(t.scope);
        const snap = snapOf.get(t.scope);
        const key = `${competitionId}|${t.scope}`;
        const dueSnapshot =
          force || !snap || now.getTime() - snap.computedAt.getTime() >= this.deps.snapshotEveryMs;
        if (head?.hash === t.hash) {
          this.last.set(key, t);
          if (force && (snap?.rev ?? 0) < head.rev) {
            await this.snapshot(tx, competitionId, t, head.rev, now);
          }
          continue;
        }
        const mine = this.last.get(key);
        let rows: Change;
        let teams: Change;
        if (!head) {
          rows = diff(null, t.rows);
          teams = diff(null, t.teams);
        } else if (mine?.hash === head.hash) {
          rows = diff(mine.rows, t.rows);
          teams = diff(mine.teams, t.teams);
        } else {
          const stored = await storedTable(tx, competitionId, t.scope, head.rev);
          rows = diffStored(stored?.rows ?? null, t.rows);
          teams = diffStored(stored?.teams ?? null, t.teams);
        }
        const rev = (head?.rev ?? 0) + 1;
        const changed = `{"rows":[${rows.changed.join(',')}],"teams":[${teams.changed.join(',')}]}`;
        await tx.insert(standings).values({
          competitionId,
          scope: t.scope,
          rev,
          baseRev: head?.rev ?? 0,
          hash: t.hash,
          changed: sql`${changed}::jsonb`,
          removed: { rows: rows.removed, teams: teams.removed },
          definitionVersion: versions.definition,
          computedAt: now,
        });
        if (dueSnapshot) await this.snapshot(tx, competitionId, t, rev, now);
        this.last.set(key, t);
        out.push({ competitionId, scope: t.scope, rev, baseRev: head?.rev ?? 0, hash: t.hash });
      }
      return out;
    });
    for (const r of revisions) this.deps.onRevision?.(r);
    return revisions;
  }

  /** Writes a whole-table snapshot at `rev` and drops the older unpinned ones. */
  private async snapshot(
    tx: Tx,
    competitionId: string,
    t: TableText,
    rev: number,
    now: Date,
  ): Promise<void> {
    await tx.insert(standingSnapshots).values({
      competitionId,
      scope: t.scope,
      rev,
      hash: t.hash,
      body: sql`${bodyText(t)}::jsonb`,
      computedAt: now,
    });
    await tx
      .delete(standingSnapshots)
      .where(
        and(
          eq(standingSnapshots.competitionId, competitionId),
          eq(standingSnapshots.scope, t.scope),
          lt(standingSnapshots.rev, rev),
          eq(standingSnapshots.pinned, false),
        ),
      );
  }
}
