/**
 * Writes one table's next revision to its stream: the official stream when its rows changed,
 * the public one when what the public sees changed, each as the rows that changed since the
 * head, with a whole-table snapshot now (forced) or after the revisions went out (due). It
 * remembers the last table it wrote per scope, so a diff need not read the head back, and serves
 * the stored public stream to expectedPublic through that memory (history). It lives apart from
 * the publisher, which only schedules recomputes and holds the transaction and the lock.
 */
import type { StandingsView, Tx } from '@skills/db';
import { canonical } from '../contract/canonical.ts';
import type { PublicHistory } from './expected.ts';
import { publicOfStored, sourceOfStored, type SourceTable } from './public-stream.ts';
import { diffRowsOfPublic, publicBodyText, type PublicTable } from './public-view.ts';
import { storedTable, type Head } from './stored.ts';
import { diffRows, type SideChangeText } from './row-diff.ts';
import { storeRevision, storeSnapshot, type PublishedPatch } from './revisions.ts';
import { bodyText, diffRowsOf, diffRowsOfStored, type TableText } from './tables.ts';

/** A whole-table snapshot to write after the revision it belongs to was published. */
export interface PendingSnapshot {
  readonly scope: string;
  readonly view: StandingsView;
  readonly rev: number;
  readonly hash: string;
  readonly body: () => string;
}

/** Where a table's stream stands when a recompute stores its next revision. */
export interface StoreAt {
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

/** One publisher's writer of table streams, with its memory of what it wrote. */
export class StreamWriter {
  /** The last table this instance saw per scope, so a diff need not read it back. */
  private readonly last = new Map<string, TableText>();
  /** The last public table this instance saw per scope, with its revision. */
  private readonly lastPublic = new Map<string, { rev: number; table: PublicTable }>();
  /** Official tables at past revisions (what a frozen table shows), read once. */
  private readonly pinned = new Map<string, SourceTable>();

  /** The stored public stream, read through this instance's memory of it. */
  readonly history: PublicHistory = {
    publicHead: (tx, competitionId, scope, head) => this.publicHead(tx, competitionId, scope, head),
    officialAt: (tx, competitionId, scope, rev) => this.officialAt(tx, competitionId, scope, rev),
  };

  /** Stores the next official revision of a table when its rows changed. */
  async storeOfficial(
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
  async storePublic(
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
