/**
 * Keeps stored standings in step with the ledger. After a commit, touch(competition) schedules a
 * recompute; changes inside one window are coalesced, so a competition is recomputed at most
 * once per window however fast marks arrive. Each scope whose table changed gets the next
 * revision (the rows that changed) and a new latest snapshot, in one transaction under a
 * per-competition lock, so revisions only grow even with several server instances.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { standingSnapshots, standings, type Db, type Tx } from '@skills/db';
import { canonical } from '../audit/canonical.ts';
import type { Catalog } from '../services/catalog.ts';
import { computeCompetition, type ScopeTable } from './compute.ts';

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
  /** Called after each stored revision commits (the live layer fans it out). */
  readonly onRevision?: (revision: Revision) => void;
  readonly onError?: (error: unknown) => void;
}

interface State {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  dirty: boolean;
}

type Rows = Record<string, unknown>[];
interface Body {
  rows: Rows;
  teams: Rows | null;
}

function keyed(rows: Rows | null): Map<string, Record<string, unknown>> {
  return new Map((rows ?? []).map((r) => [String(r['competitor']), r]));
}

function diff(before: Rows | null, after: Rows | null): { changed: Rows; removed: string[] } {
  const old = keyed(before);
  const changed = (after ?? []).filter((row) => {
    const was = old.get(String(row['competitor']));
    return !was || canonical(was) !== canonical(row);
  });
  const now = keyed(after);
  const removed = [...old.keys()].filter((k) => !now.has(k));
  return { changed, removed };
}

export class StandingsPublisher {
  private readonly deps: PublisherDeps;
  private readonly states = new Map<string, State>();
  private closed = false;
  /** The last table this instance stored per scope, so a diff need not read it back. */
  private readonly last = new Map<string, { hash: string; body: Body }>();

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

  /** Recomputes now and stores what changed; returns the new revisions. */
  async recompute(competitionId: string): Promise<Revision[]> {
    const { catalog, db } = this.deps;
    const revisions = await db.transaction(async (tx) => {
      // Computed under the lock, so a slower instance can never store an older table last.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`standings:${competitionId}`}))`,
      );
      const current = await catalog.current(competitionId, tx);
      const computed = await computeCompetition(
        tx,
        competitionId,
        current.definition,
        current.version,
      );
      const now = this.deps.now();
      const heads = await tx
        .selectDistinctOn([standingSnapshots.scope], {
          scope: standingSnapshots.scope,
          rev: standingSnapshots.rev,
          hash: standingSnapshots.hash,
        })
        .from(standingSnapshots)
        .where(eq(standingSnapshots.competitionId, competitionId))
        .orderBy(standingSnapshots.scope, desc(standingSnapshots.rev));
      const headOf = new Map(heads.map((h) => [h.scope, h]));
      const out: Revision[] = [];
      for (const table of computed.scopes) {
        const head = headOf.get(table.scope);
        if (head?.hash === table.hash) continue;
        const before = head ? await this.body(tx, competitionId, head) : null;
        const rev = (head?.rev ?? 0) + 1;
        this.last.set(`${competitionId}|${table.scope}`, {
          hash: table.hash,
          body: { rows: table.rows, teams: table.teams },
        });
        await this.store(
          tx,
          competitionId,
          table,
          rev,
          head?.rev ?? 0,
          before,
          computed.definitionVersion,
          now,
        );
        out.push({
          competitionId,
          scope: table.scope,
          rev,
          baseRev: head?.rev ?? 0,
          hash: table.hash,
        });
      }
      return out;
    });
    for (const r of revisions) this.deps.onRevision?.(r);
    return revisions;
  }

  /** A stored head's table: from memory when this instance wrote it, else from the database. */
  private async body(
    tx: Tx,
    competitionId: string,
    head: { scope: string; rev: number; hash: string },
  ): Promise<Body> {
    const mine = this.last.get(`${competitionId}|${head.scope}`);
    if (mine?.hash === head.hash) return mine.body;
    const [row] = await tx
      .select({ body: standingSnapshots.body })
      .from(standingSnapshots)
      .where(
        and(
          eq(standingSnapshots.competitionId, competitionId),
          eq(standingSnapshots.scope, head.scope),
          eq(standingSnapshots.rev, head.rev),
        ),
      );
    return (row?.body ?? { rows: [], teams: null }) as Body;
  }

  private async store(
    tx: Tx,
    competitionId: string,
    table: ScopeTable,
    rev: number,
    baseRev: number,
    before: Body | null,
    definitionVersion: number,
    now: Date,
  ): Promise<void> {
    const rows = diff(before?.rows ?? null, table.rows);
    const teams = diff(before?.teams ?? null, table.teams);
    await tx.insert(standings).values({
      competitionId,
      scope: table.scope,
      rev,
      baseRev,
      hash: table.hash,
      changed: { rows: rows.changed, teams: teams.changed },
      removed: { rows: rows.removed, teams: teams.removed },
      definitionVersion,
      computedAt: now,
    });
    await tx.insert(standingSnapshots).values({
      competitionId,
      scope: table.scope,
      rev,
      hash: table.hash,
      body: { name: table.name, rows: table.rows, teams: table.teams },
      computedAt: now,
    });
    await tx
      .delete(standingSnapshots)
      .where(
        and(
          eq(standingSnapshots.competitionId, competitionId),
          eq(standingSnapshots.scope, table.scope),
          lt(standingSnapshots.rev, rev),
          eq(standingSnapshots.pinned, false),
        ),
      );
  }
}
