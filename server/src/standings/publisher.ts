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
import { and, desc, eq, sql } from 'drizzle-orm';
import { events, standingSnapshots, type Db, type StandingsView, type Tx } from '@skills/db';
import { canonical } from '../contract/canonical.ts';
import type { Catalog } from '../domain/catalog.ts';
import { expectedPublic, sourceRevOf, type PublicHistory } from './expected.ts';
import { publicOfStored, sourceOfStored, type SourceTable } from './public-stream.ts';
import { diffRowsOfPublic, publicBodyText, type PublicTable } from './public-view.ts';
import { clearChanges, pendingChanges } from './stale.ts';
import { CompetitionState } from './state.ts';
import { headsOf, storedTable, type Head } from './stored.ts';
import { diffRows, type SideChangeText } from './row-diff.ts';
import { storeRevision, storeSnapshot, type PublishedPatch } from './revisions.ts';
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

export type { PublishedPatch } from './revisions.ts';

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
          await storeSnapshot(tx, { ...p, competitionId, body: p.body(), now: at });
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
    const table = { competitionId, scope: t.scope, view: 'official' as const, hash: t.hash };
    if (head?.hash === t.hash) {
      this.last.set(key, t);
      if (at.force && (snap?.rev ?? 0) < head.rev) {
        await storeSnapshot(tx, { ...table, rev: head.rev, body: bodyText(t), now });
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
    const patch = await storeRevision(tx, {
      ...table,
      baseRev: head?.rev ?? 0,
      rows,
      teams,
      definitionVersion: at.definitionVersion,
      now,
    });
    await this.snapshotAfter(tx, at, { ...table, rev: patch.rev, body: () => bodyText(t) });
    this.last.set(key, t);
    return patch;
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
    const stream = { competitionId, scope, view: 'public' as const, hash: table.hash };
    if (head?.hash === table.hash) {
      if (at.force && (snap?.rev ?? 0) < head.rev) {
        const body = publicBodyText(table, head.sourceRev);
        await storeSnapshot(tx, { ...stream, rev: head.rev, body, now });
      }
      return null;
    }
    const patch = await storeRevision(tx, {
      ...stream,
      baseRev: head?.rev ?? 0,
      rows: diffRows(diffRowsOfPublic(at.previous?.rows ?? null), diffRowsOfPublic(table.rows)),
      teams: diffRows(diffRowsOfPublic(at.previous?.teams ?? null), diffRowsOfPublic(table.teams)),
      // The wire patch names the meta only when it changed (the stored revision always holds it).
      meta: {
        value: table.meta,
        changed: at.previous === null || canonical(at.previous.meta) !== canonical(table.meta),
      },
      sourceRev: at.sourceRev,
      definitionVersion: at.definitionVersion,
      now,
    });
    const { sourceRev } = at;
    await this.snapshotAfter(tx, at, {
      ...stream,
      rev: patch.rev,
      body: () => publicBodyText(table, sourceRev),
    });
    this.lastPublic.set(key, { rev: patch.rev, table });
    return patch;
  }

  /**
   * After a revision is stored, its whole table: now when forced (freeze, finalize), else later
   * (after the revisions went out) when one is due, else not at all.
   */
  private async snapshotAfter(
    tx: Tx,
    at: StoreAt,
    s: PendingSnapshot & { readonly competitionId: string },
  ): Promise<void> {
    if (at.force) {
      await storeSnapshot(tx, { ...s, body: s.body(), now: at.now });
    } else if (at.due(at.snap, `${s.view}|${s.scope}`)) {
      at.later.push({ scope: s.scope, view: s.view, rev: s.rev, hash: s.hash, body: s.body });
    }
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
}
