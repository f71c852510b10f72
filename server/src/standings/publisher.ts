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
 * How one table's revision and snapshot are written, and the memory that spares reading a head
 * back, is stream-writer.ts; this file keeps the schedule, the transaction and the lock.
 */
import { eq, sql } from 'drizzle-orm';
import { events, type Db, type StandingsView, type Tx } from '@skills/db';
import type { Catalog } from '../domain/catalog.ts';
import { expectedPublic, sourceRevOf } from './expected.ts';
import { clearChanges, pendingChanges, versionsAndChanges } from './stale.ts';
import { CompetitionState, yieldToLoop } from './state.ts';
import { streamsOf } from './stored.ts';
import { storeSnapshot, type PublishedPatch } from './revisions.ts';
import { StreamWriter, type PendingSnapshot } from './stream-writer.ts';

/** A competition's standings lock, held to the end of the transaction. */
export async function lockStandings(tx: Tx, competitionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`standings:${competitionId}`}))`);
}

export type { PublishedPatch } from './revisions.ts';

/** The longest a busy competition's recomputes are spaced (unless windowMs is longer). */
const MAX_WINDOW_MS = 250;

/**
 * What the rest of the server asks of the standings: this file's publisher in the API process,
 * or its stand-in that runs one in a thread of its own (standings-thread/).
 */
export interface Publisher {
  /** Something in the competition changed: a recompute follows within the window. */
  touch(competitionId: string): void;
  /** Resolves once nothing is scheduled or running, or once `withinMs` have passed. */
  settle(withinMs?: number): Promise<void>;
  /** Recomputes now and stores what changed; the new revisions. */
  recompute(competitionId: string, options?: RecomputeOptions): Promise<PublishedPatch[]>;
  close(): Promise<void>;
}

export interface RecomputeOptions {
  /** Also write a whole-table snapshot of every head that lacks one (freeze, finalize). */
  readonly snapshot?: boolean;
}

export interface PublisherDeps {
  readonly db: Db;
  readonly catalog: Catalog;
  readonly now: () => Date;
  readonly windowMs: number;
  /**
   * The share of the time a competition's recomputes may take: after one that took d ms of this
   * process's CPU, the next starts no sooner than d / busyShare after it started (and never
   * sooner than windowMs). CPU, not wall time: a recompute mostly waiting on the database takes
   * nothing from the acknowledgements, and spacing by its wall time held a quiet board's next
   * revision back for nothing (commit → viewer).
   * Under load a recompute then takes in more marks instead of running more often, so the
   * standings' cost per mark falls as the rate rises, and acknowledgements, which share the event
   * loop with it, are not queued behind back-to-back recomputes. 1 = no such bound.
   */
  readonly busyShare?: number;
  /** Whole-table snapshots at most this often per table; revisions in between are patches. */
  readonly snapshotEveryMs: number;
  /** Called after each stored revision commits (the live layer fans it out). */
  readonly onRevision?: (revision: PublishedPatch) => void;
  readonly onError?: (error: unknown) => void;
  /** Called after each scheduled recompute with its wall time in ms (benches count them). */
  readonly onRecomputed?: (ms: number) => void;
}

interface State {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  dirty: boolean;
  /** performance.now() when the last recompute started. */
  startedAt: number;
  /** The CPU the last recompute took (ms: this process's CPU while it ran). */
  tookMs: number;
}

export class StandingsPublisher implements Publisher {
  private readonly deps: PublisherDeps;
  private readonly states = new Map<string, State>();
  private closed = false;
  /** Each competition's standings in memory, caught up incrementally. */
  private readonly kept = new Map<string, CompetitionState>();
  /** When this instance last wrote a competition's snapshots (they are written after commit). */
  private readonly snapshotAt = new Map<string, number>();
  /** Writes each table's next revision, remembering what it wrote. */
  private readonly streams = new StreamWriter();

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
      tookMs: 0,
    };
    this.states.set(competitionId, state);
    if (state.timer || state.running) {
      state.dirty = true;
      return;
    }
    // Bounded, so a slow recompute never holds the boards back long, and the marks one takes in
    // (what its steps between two turns of the event loop work through) stay few.
    const window = Math.min(
      Math.max(this.deps.windowMs, state.tookMs / (this.deps.busyShare ?? 1)),
      Math.max(this.deps.windowMs, MAX_WINDOW_MS),
    );
    const wait = Math.max(0, state.startedAt + window - performance.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      state.startedAt = performance.now();
      const cpu = process.cpuUsage();
      state.running = this.run(competitionId).finally(() => {
        const used = process.cpuUsage(cpu);
        state.tookMs = (used.user + used.system) / 1000;
        this.deps.onRecomputed?.(performance.now() - state.startedAt);
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
    options: RecomputeOptions = {},
  ): Promise<PublishedPatch[]> {
    const { db } = this.deps;
    const force = options.snapshot === true;
    const later: PendingSnapshot[] = [];
    const revisions = await db.transaction(async (tx) => {
      // Under the lock, so a slower instance can never store an older table last.
      await lockStandings(tx, competitionId);
      // The changes committed so far: what this recompute takes in (later ones stay pending).
      const versions = await versionsAndChanges(tx, competitionId);
      const seen = versions?.changes ?? (await pendingChanges(tx, competitionId));
      const out = versions ? await this.store(tx, competitionId, versions, force, later) : [];
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

  /**
   * Brings the competition's state up to the ledger and stores each table that changed.
   * Long on purpose: both views are stored in one pass, since the public one needs the official
   * revisions just stored.
   */
  private async store(
    tx: Tx,
    competitionId: string,
    versions: { readonly definition: number; readonly roster: number },
    force: boolean,
    later: PendingSnapshot[],
  ): Promise<PublishedPatch[]> {
    const { catalog } = this.deps;
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
    await yieldToLoop();
    const tables = state.tables();
    const scopes = tables.map((t) => t.scope);
    const [streams, evs, { definition }] = await Promise.all([
      streamsOf(tx, competitionId, scopes),
      tx.select().from(events).where(eq(events.competitionId, competitionId)),
      catalog.at(competitionId, versions.definition, tx),
    ]);
    const { heads, snaps } = streams.official;
    const { heads: publicHeads, snaps: publicSnaps } = streams.public;
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
      const revision = await this.streams.storeOfficial(tx, competitionId, t, {
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
    await yieldToLoop();
    const publics = await expectedPublic(tx, competitionId, tables, {
      events: evs,
      definition,
      roster: state.publicRoster,
      heads: publicHeads,
      history: this.streams.history,
    });
    await yieldToLoop();
    for (const t of tables) {
      const expected = publics.get(t.scope);
      if (!expected) continue;
      const head = publicHeads.get(t.scope);
      const revision = await this.streams.storePublic(tx, competitionId, t.scope, expected.table, {
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
}
