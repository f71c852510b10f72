/**
 * Keeps stored standings in step with the ledger. After a commit, touch(competition) schedules a
 * recompute: at once when the competition is idle, and changes that arrive meanwhile are
 * coalesced into the next one, so a competition is recomputed at most once per window however
 * fast marks arrive. Each table whose official rows changed gets the next official revision
 * (the rows that changed), and each table whose public face changed (rows, phase, names,
 * reveal) the next public revision, in one transaction under a per-competition lock, so
 * revisions only grow even with several server instances. Whole-table snapshots are written at
 * most once per snapshotEveryMs per table; revisions in between are patches. Revisions are
 * handed to onRevision after the commit, never inside it. The schedule lives in memory, but the
 * need does not: a recompute lists the competition's stale marks (stale.ts) first and deletes
 * exactly those in the transaction that stores the revisions, so changes committed meanwhile,
 * and everything a crash left unpublished, stay marked for the next recompute (reconcile.ts).
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import {
  events,
  standingSnapshots,
  standings,
  type Db,
  type StandingsView,
  type Tx,
} from '@skills/db';
import { canonical } from '../contract/canonical.ts';
import type { LiveMeta, LivePatch } from '../contract/live.ts';
import type { Catalog } from '../domain/catalog.ts';
import { expectedPublic, sourceRevOf, type PublicHistory } from './expected.ts';
import { publicOfStored, sourceOfStored, type SourceTable } from './public-stream.ts';
import { diffRowsOfPublic, publicBodyText, type PublicTable } from './public-view.ts';
import { clearChanges, pendingChanges } from './stale.ts';
import { CompetitionState } from './state.ts';
import { headsOf, livePatch, storedTable, type Head } from './stored.ts';
import { changeText, diffRows, type SideChangeText } from './row-diff.ts';
import { bodyText, diffRowsOf, diffRowsOfStored, type TableText } from './tables.ts';

/** A whole-table snapshot to write after the revision it belongs to was published. */
interface PendingSnapshot {
  readonly scope: string;
  readonly view: StandingsView;
  readonly rev: number;
  readonly hash: string;
  readonly body: () => string;
}

/** Where a table's stream stands when a recompute stores its next revision. */
interface StoreAt {
  readonly head: Head | undefined;
  /** Its latest snapshot. */
  readonly snap: { rev: number; computedAt: Date } | undefined;
  /** Whether a snapshot is due after that one. */
  readonly due: (
    snap: { computedAt: Date } | undefined,
    table: `${StandingsView}|${string}`,
  ) => boolean;
  /** Snapshots to write once the revisions are out (not forced ones: those are written now). */
  readonly later: PendingSnapshot[];
  readonly force: boolean;
  readonly definitionVersion: number;
  readonly now: Date;
}

/** A competition's standings lock, held to the end of the transaction. */
export async function lockStandings(tx: Tx, competitionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`standings:${competitionId}`}))`);
}

/** When each scope's latest snapshot in a view was written. */
async function snapshotsOf(
  tx: Tx,
  competitionId: string,
  view: StandingsView,
): Promise<Map<string, { rev: number; computedAt: Date }>> {
  const rows = await tx
    .selectDistinctOn([standingSnapshots.scope], {
      scope: standingSnapshots.scope,
      rev: standingSnapshots.rev,
      computedAt: standingSnapshots.computedAt,
    })
    .from(standingSnapshots)
    .where(
      and(eq(standingSnapshots.competitionId, competitionId), eq(standingSnapshots.view, view)),
    )
    .orderBy(standingSnapshots.scope, desc(standingSnapshots.rev));
  return new Map(rows.map((r) => [r.scope, r]));
}

/**
 * A stored revision's patch, as live clients receive it (the contract's `Revision` is a number: a
 * table's version).
 */
export type PublishedPatch = LivePatch;

export interface PublisherDeps {
  readonly db: Db;
  readonly catalog: Catalog;
  readonly now: () => Date;
  readonly windowMs: number;
  /** Whole-table snapshots at most this often per table; revisions in between are patches. */
  readonly snapshotEveryMs: number;
  /** Called after each stored revision commits (the live layer fans it out). */
  readonly onRevision?: (revision: PublishedPatch) => void;
  readonly onError?: (error: unknown) => void;
}

interface State {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  dirty: boolean;
  /** performance.now() when the last recompute started. */
  startedAt: number;
}

export class StandingsPublisher {
  private readonly deps: PublisherDeps;
  private readonly states = new Map<string, State>();
  private closed = false;
  /** The last table this instance saw per scope, so a diff need not read it back. */
  private readonly last = new Map<string, TableText>();
  /** Each competition's standings in memory, caught up incrementally. */
  private readonly kept = new Map<string, CompetitionState>();
  /** The last public table this instance saw per scope, with its revision. */
  private readonly lastPublic = new Map<string, { rev: number; table: PublicTable }>();
  /** When this instance last wrote a competition's snapshots (they are written after commit). */
  private readonly snapshotAt = new Map<string, number>();
  /** Official tables at past revisions (what a frozen table shows), read once. */
  private readonly pinned = new Map<string, SourceTable>();

  /** The stored public stream, read through this instance's memory of it. */
  private readonly history: PublicHistory = {
    publicHead: (tx, competitionId, scope, head) => this.publicHead(tx, competitionId, scope, head),
    officialAt: (tx, competitionId, scope, rev) => this.officialAt(tx, competitionId, scope, rev),
  };

  constructor(deps: PublisherDeps) {
    this.deps = deps;
  }

  /**
   * Something in the competition changed: recompute now if the competition is idle and its last
   * recompute started a window ago, otherwise once the window has passed (changes arriving
   * meanwhile ride along).
   */
  touch(competitionId: string): void {
    if (this.closed) return;
    const state = this.states.get(competitionId) ?? {
      timer: null,
      running: null,
      dirty: false,
      startedAt: -Infinity,
    };
    this.states.set(competitionId, state);
    if (state.timer || state.running) {
      state.dirty = true;
      return;
    }
    const wait = Math.max(0, state.startedAt + this.deps.windowMs - performance.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      state.startedAt = performance.now();
      state.running = this.run(competitionId).finally(() => {
        state.running = null;
        if (state.dirty) {
          state.dirty = false;
          this.touch(competitionId);
        }
      });
    }, wait);
  }

  /**
   * Resolves once nothing is scheduled or running (tests, shutdown, a verify), or once `withinMs`
   * have passed with work still coming in.
   */
  async settle(withinMs = Infinity): Promise<void> {
    const until = performance.now() + withinMs;
    for (;;) {
      const busy = [...this.states.values()].filter(
        (s) => s.timer !== null || s.running !== null || s.dirty,
      );
      if (busy.length === 0 || performance.now() >= until) return;
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
  ): Promise<PublishedPatch[]> {
    const { db } = this.deps;
    const force = options.snapshot === true;
    const later: PendingSnapshot[] = [];
    const revisions = await db.transaction(async (tx) => {
      // Under the lock, so a slower instance can never store an older table last.
      await lockStandings(tx, competitionId);
      // The changes committed so far: what this recompute takes in (later ones stay pending).
      const seen = await pendingChanges(tx, competitionId);
      const out = await this.store(tx, competitionId, force, later);
      await clearChanges(tx, seen);
      return out;
    });
    for (const r of revisions) this.deps.onRevision?.(r);
    // Whole tables are a shortcut for reading back, not part of a revision: written after the
    // revisions went out, so a large table does not hold up the patch every viewer waits for.
    if (later.length > 0) {
      const at = this.deps.now().getTime();
      for (const p of later) this.snapshotAt.set(`${competitionId}|${p.view}|${p.scope}`, at);
      await db.transaction(async (tx) => {
        await lockStandings(tx, competitionId);
        const at = this.deps.now();
        for (const p of later) {
          await this.snapshot(tx, competitionId, p.scope, p.view, p.rev, p.hash, p.body(), at);
        }
      });
    }
    return revisions;
  }

  /** Brings the competition's state up to the ledger and stores each table that changed. */
  private async store(
    tx: Tx,
    competitionId: string,
    force: boolean,
    later: PendingSnapshot[],
  ): Promise<PublishedPatch[]> {
    const { catalog } = this.deps;
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
    const scopes = tables.map((t) => t.scope);
    const [heads, snaps, publicHeads, publicSnaps, evs, { definition }] = await Promise.all([
      headsOf(tx, competitionId, 'official', scopes),
      snapshotsOf(tx, competitionId, 'official'),
      headsOf(tx, competitionId, 'public', scopes),
      snapshotsOf(tx, competitionId, 'public'),
      tx.select().from(events).where(eq(events.competitionId, competitionId)),
      catalog.at(competitionId, versions.definition, tx),
    ]);
    const now = this.deps.now();
    const due = (
      snap: { computedAt: Date } | undefined,
      table: `${StandingsView}|${string}`,
    ): boolean => {
      const last = Math.max(
        snap?.computedAt.getTime() ?? -Infinity,
        this.snapshotAt.get(`${competitionId}|${table}`) ?? -Infinity,
      );
      return force || now.getTime() - last >= this.deps.snapshotEveryMs;
    };
    const out: PublishedPatch[] = [];
    const officialRev = new Map<string, number>();
    for (const t of tables) {
      const revision = await this.storeOfficial(tx, competitionId, t, {
        head: heads.get(t.scope),
        snap: snaps.get(t.scope),
        due,
        later,
        force,
        definitionVersion: versions.definition,
        now,
      });
      if (revision) out.push(revision);
      officialRev.set(t.scope, revision?.rev ?? heads.get(t.scope)?.rev ?? 0);
    }
    const publics = await expectedPublic(tx, competitionId, tables, {
      events: evs,
      definition,
      bibs: state.bibs,
      heads: publicHeads,
      history: this.history,
    });
    for (const t of tables) {
      const expected = publics.get(t.scope);
      if (!expected) continue;
      const head = publicHeads.get(t.scope);
      const revision = await this.storePublic(tx, competitionId, t.scope, expected.table, {
        head,
        previous: expected.previous,
        sourceRev: sourceRevOf(expected, officialRev.get(t.scope) ?? null, head),
        snap: publicSnaps.get(t.scope),
        due,
        later,
        force,
        definitionVersion: versions.definition,
        now,
      });
      if (revision) out.push(revision);
    }
    return out;
  }

  /** Stores the next official revision of a table when its rows changed. */
  private async storeOfficial(
    tx: Tx,
    competitionId: string,
    t: TableText,
    at: StoreAt,
  ): Promise<PublishedPatch | null> {
    const { head, snap, now } = at;
    const key = `${competitionId}|${t.scope}`;
    if (head?.hash === t.hash) {
      this.last.set(key, t);
      if (at.force && (snap?.rev ?? 0) < head.rev) {
        await this.snapshot(
          tx,
          competitionId,
          t.scope,
          'official',
          head.rev,
          t.hash,
          bodyText(t),
          now,
        );
      }
      return null;
    }
    const mine = this.last.get(key);
    let rows: SideChangeText;
    let teams: SideChangeText;
    if (!head) {
      rows = diffRows(null, diffRowsOf(t.rows));
      teams = diffRows(null, diffRowsOf(t.teams));
    } else if (mine?.hash === head.hash) {
      rows = diffRows(diffRowsOf(mine.rows), diffRowsOf(t.rows));
      teams = diffRows(diffRowsOf(mine.teams), diffRowsOf(t.teams));
    } else {
      const stored = await storedTable(tx, competitionId, t.scope, 'official', head.rev);
      rows = diffRows(diffRowsOfStored(stored?.rows ?? null), diffRowsOf(t.rows));
      teams = diffRows(diffRowsOfStored(stored?.teams ?? null), diffRowsOf(t.teams));
    }
    const rev = (head?.rev ?? 0) + 1;
    const baseRev = head?.rev ?? 0;
    const changed = changeText(rows, teams);
    await tx.insert(standings).values({
      competitionId,
      scope: t.scope,
      view: 'official',
      rev,
      baseRev,
      hash: t.hash,
      changed: sql`${changed}::jsonb`,
      removed: { rows: rows.removed, teams: teams.removed },
      definitionVersion: at.definitionVersion,
      computedAt: now,
    });
    if (at.force) {
      await this.snapshot(tx, competitionId, t.scope, 'official', rev, t.hash, bodyText(t), now);
    } else if (at.due(snap, `official|${t.scope}`)) {
      at.later.push({
        scope: t.scope,
        view: 'official',
        rev,
        hash: t.hash,
        body: () => bodyText(t),
      });
    }
    this.last.set(key, t);
    return this.revision(
      { competitionId, scope: t.scope, view: 'official' },
      rev,
      baseRev,
      t.hash,
      undefined,
      changed,
      now,
    );
  }

  /** Stores the next public revision of a table when what the public sees changed. */
  private async storePublic(
    tx: Tx,
    competitionId: string,
    scope: string,
    table: PublicTable,
    at: StoreAt & { previous: PublicTable | null; sourceRev: number | null },
  ): Promise<PublishedPatch | null> {
    const { head, snap, now } = at;
    const key = `${competitionId}|${scope}`;
    if (head?.hash === table.hash) {
      if (at.force && (snap?.rev ?? 0) < head.rev) {
        const body = publicBodyText(table, head.sourceRev);
        await this.snapshot(tx, competitionId, scope, 'public', head.rev, table.hash, body, now);
      }
      return null;
    }
    const rows = diffRows(
      diffRowsOfPublic(at.previous?.rows ?? null),
      diffRowsOfPublic(table.rows),
    );
    const teams = diffRows(
      diffRowsOfPublic(at.previous?.teams ?? null),
      diffRowsOfPublic(table.teams),
    );
    const rev = (head?.rev ?? 0) + 1;
    const baseRev = head?.rev ?? 0;
    const changed = changeText(rows, teams);
    await tx.insert(standings).values({
      competitionId,
      scope,
      view: 'public',
      rev,
      baseRev,
      hash: table.hash,
      changed: sql`${changed}::jsonb`,
      removed: { rows: rows.removed, teams: teams.removed },
      meta: table.meta,
      sourceRev: at.sourceRev,
      definitionVersion: at.definitionVersion,
      computedAt: now,
    });
    if (at.force) {
      const body = publicBodyText(table, at.sourceRev);
      await this.snapshot(tx, competitionId, scope, 'public', rev, table.hash, body, now);
    } else if (at.due(snap, `public|${scope}`)) {
      const { sourceRev } = at;
      at.later.push({
        scope,
        view: 'public',
        rev,
        hash: table.hash,
        body: () => publicBodyText(table, sourceRev),
      });
    }
    this.lastPublic.set(key, { rev, table });
    // The wire patch names the meta only when it changed (the stored revision always holds it).
    const metaChanged =
      at.previous === null || canonical(at.previous.meta) !== canonical(table.meta);
    return this.revision(
      { competitionId, scope, view: 'public' },
      rev,
      baseRev,
      table.hash,
      metaChanged ? table.meta : undefined,
      changed,
      now,
    );
  }

  private revision(
    key: { competitionId: string; scope: string; view: StandingsView },
    rev: number,
    baseRev: number,
    hash: string,
    meta: LiveMeta | undefined,
    changed: string,
    now: Date,
  ): PublishedPatch {
    return livePatch(key, {
      rev,
      baseRev,
      hash,
      meta,
      changed: JSON.parse(changed),
      computedAt: now,
    });
  }

  /** The public table at the head of its stream: from memory, or read back. */
  private async publicHead(
    tx: Tx,
    competitionId: string,
    scope: string,
    head: Head | undefined,
  ): Promise<PublicTable | null> {
    if (!head) return null;
    const key = `${competitionId}|${scope}`;
    const mine = this.lastPublic.get(key);
    if (mine?.rev === head.rev && mine.table.hash === head.hash) return mine.table;
    const stored = await storedTable(tx, competitionId, scope, 'public', head.rev);
    const table = stored ? publicOfStored(stored) : null;
    if (table) this.lastPublic.set(key, { rev: head.rev, table });
    return table;
  }

  /**
   * The official table of a scope at a past revision (kept: it does not change), or null when
   * no stored snapshot reaches back to it.
   */
  private async officialAt(
    tx: Tx,
    competitionId: string,
    scope: string,
    rev: number,
  ): Promise<SourceTable | null> {
    const key = `${competitionId}|${scope}@${rev}`;
    let hit = this.pinned.get(key);
    if (!hit) {
      const stored = await storedTable(tx, competitionId, scope, 'official', rev);
      if (stored?.rev !== rev) return null;
      hit = sourceOfStored(stored);
      if (this.pinned.size >= 256) this.pinned.clear();
      this.pinned.set(key, hit);
    }
    return hit;
  }

  /** Writes a whole-table snapshot at `rev` and drops the older unpinned ones. */
  private async snapshot(
    tx: Tx,
    competitionId: string,
    scope: string,
    view: StandingsView,
    rev: number,
    hash: string,
    body: string,
    now: Date,
  ): Promise<void> {
    // A forced snapshot may have written this revision's table already.
    await tx
      .insert(standingSnapshots)
      .values({ competitionId, scope, view, rev, hash, body: sql`${body}::jsonb`, computedAt: now })
      .onConflictDoNothing();
    await tx
      .delete(standingSnapshots)
      .where(
        and(
          eq(standingSnapshots.competitionId, competitionId),
          eq(standingSnapshots.view, view),
          eq(standingSnapshots.scope, scope),
          lt(standingSnapshots.rev, rev),
          eq(standingSnapshots.pinned, false),
        ),
      );
  }
}
