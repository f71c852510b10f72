/**
 * How a table's stream is written: the next revision (its change; for the public view also its
 * meta and source revision) and whole-table snapshots. The publisher decides when and what
 * (publisher.ts: scheduling, the lock, the transaction); this module only stores, one options
 * object per write.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { standingSnapshots, standings, type StandingsView, type Tx } from '@skills/db';
import type { LiveMeta, LivePatch } from '../contract/live.ts';
import { changeText, type SideChangeText } from './row-diff.ts';
import { livePatch } from './stored.ts';

/**
 * A stored revision's patch, as live clients receive it (the contract's `Revision` is a number: a
 * table's version).
 */
export type PublishedPatch = LivePatch;

export interface NewRevision {
  readonly competitionId: string;
  readonly scope: string;
  readonly view: StandingsView;
  /** The revision it follows (0 for a table's first). */
  readonly baseRev: number;
  readonly hash: string;
  readonly rows: SideChangeText;
  readonly teams: SideChangeText;
  /**
   * The public view's meta, stored with every public revision, and whether it changed: the wire
   * patch names it only then.
   */
  readonly meta?: { readonly value: LiveMeta; readonly changed: boolean };
  /** The public view's source: the official revision it shows. */
  readonly sourceRev?: number | null;
  readonly definitionVersion: number;
  readonly now: Date;
}

/** Writes the next revision of a table (baseRev + 1); answers its patch for live clients. */
export async function storeRevision(tx: Tx, r: NewRevision): Promise<PublishedPatch> {
  const rev = r.baseRev + 1;
  const changed = changeText(r.rows, r.teams);
  await tx.insert(standings).values({
    competitionId: r.competitionId,
    scope: r.scope,
    view: r.view,
    rev,
    baseRev: r.baseRev,
    hash: r.hash,
    changed: sql`${changed}::jsonb`,
    removed: { rows: r.rows.removed, teams: r.teams.removed },
    ...(r.meta === undefined ? {} : { meta: r.meta.value, sourceRev: r.sourceRev ?? null }),
    definitionVersion: r.definitionVersion,
    computedAt: r.now,
  });
  return livePatch(
    { competitionId: r.competitionId, scope: r.scope, view: r.view },
    {
      rev,
      baseRev: r.baseRev,
      hash: r.hash,
      meta: r.meta?.changed === true ? r.meta.value : undefined,
      changed: JSON.parse(changed),
      computedAt: r.now,
    },
  );
}

export interface NewSnapshot {
  readonly competitionId: string;
  readonly scope: string;
  readonly view: StandingsView;
  readonly rev: number;
  readonly hash: string;
  /** The table as JSON text. */
  readonly body: string;
  readonly now: Date;
}

/** Writes a whole-table snapshot at `rev` and drops the older unpinned ones. */
export async function storeSnapshot(tx: Tx, s: NewSnapshot): Promise<void> {
  const { competitionId, scope, view, rev, hash, body, now } = s;
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
