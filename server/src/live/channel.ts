/**
 * One table's stream as this instance holds it in memory (a scope in one view): the table at its
 * latest revision and the last patches. It answers subscribers (a snapshot, the patches since
 * their revision, or "current") without touching the database, and applies patches strictly in
 * revision order: a patch from the future (another instance's revision arrived first) is held
 * until the revisions before it are read from the database.
 */
import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { standings, type Db } from '@skills/db';
import type {
  LiveMeta,
  LivePatch,
  LiveRow,
  LiveSnapshot,
  LiveView,
  SubscribeReply,
} from '../contract/live.ts';
import { ChangeMismatch, applySide } from '../contract/patch.ts';
import { MAX_CATCH_UP } from '../contract/live.ts';
import { livePatch, storedTable } from '../standings/stored.ts';

export interface ChannelKey {
  readonly competitionId: string;
  readonly scope: string;
  readonly view: LiveView;
}

export const channelKey = (k: ChannelKey): string => `${k.view}|${k.competitionId}|${k.scope}`;
/** The Socket.IO room of a table's subscribers. */
export const roomOf = (k: ChannelKey): string =>
  `${k.view === 'public' ? 'p' : 'o'}:${k.competitionId}:${k.scope}`;

export class Channel {
  readonly key: ChannelKey;
  private rev = 0;
  private hash = '';
  private name = '';
  private meta: LiveMeta | null = null;
  private at: string | null = null;
  private rows: LiveRow[] = [];
  private teams: LiveRow[] | null = null;
  /** The last patches, oldest first, contiguous up to rev. */
  private readonly recent: LivePatch[] = [];
  private cached: LiveSnapshot | null = null;

  constructor(key: ChannelKey) {
    this.key = key;
  }

  /** Whether the table shows the public nothing (hidden, or not stored yet). */
  get hidden(): boolean {
    return this.meta === null || this.meta.phase === 'hidden';
  }

  get head(): { rev: number; hash: string } {
    return { rev: this.rev, hash: this.hash };
  }

  /** Loads the table as stored (its latest revision). */
  async load(db: Db, name: string): Promise<void> {
    const { competitionId, scope, view } = this.key;
    const t = await storedTable(db, competitionId, scope, view);
    this.rows = [];
    this.recent.length = 0;
    this.cached = null;
    this.name = t?.meta?.name ?? t?.name ?? name;
    if (!t) {
      this.rev = 0;
      this.hash = '';
      this.meta = null;
      this.at = null;
      this.teams = null;
      return;
    }
    this.rev = t.rev;
    this.hash = t.hash;
    this.meta = t.meta;
    this.at = t.computedAt.toISOString();
    this.rows = t.rows as LiveRow[];
    this.teams = t.teams as LiveRow[] | null;
  }

  /** Applies a patch: 'applied', 'old' (already held), or 'gap' (revisions before it are missing). */
  apply(patch: LivePatch): 'applied' | 'old' | 'gap' {
    if (patch.rev <= this.rev) return 'old';
    if (patch.baseRev !== this.rev) return 'gap';
    // A change that does not fit means this copy is not the stored table: the caller reloads.
    let rows: LiveRow[];
    let teams: LiveRow[] | null;
    try {
      rows = applySide(this.rows, patch.rows);
      teams =
        this.teams !== null || patch.teams !== undefined
          ? applySide(this.teams ?? [], patch.teams)
          : null;
    } catch (error) {
      if (error instanceof ChangeMismatch) return 'gap';
      throw error;
    }
    this.rows = rows;
    this.teams = teams;
    this.rev = patch.rev;
    this.hash = patch.hash;
    if (patch.meta !== undefined) this.meta = patch.meta;
    if (patch.meta) this.name = patch.meta.name;
    this.at = patch.at;
    this.cached = null;
    this.recent.push(patch);
    if (this.recent.length > MAX_CATCH_UP) this.recent.shift();
    return 'applied';
  }

  snapshot(): LiveSnapshot {
    this.cached ??= {
      ...this.key,
      rev: this.rev,
      hash: this.hash,
      name: this.name,
      meta: this.meta,
      rows: this.rows,
      teams: this.teams,
      at: this.at,
    };
    return this.cached;
  }

  /** The stored revisions after `from` up to this channel's head, as patches. */
  async stored(db: Db, from: number, to: number = this.rev): Promise<LivePatch[]> {
    const { competitionId, scope, view } = this.key;
    const rows = await db
      .select()
      .from(standings)
      .where(
        and(
          eq(standings.competitionId, competitionId),
          eq(standings.view, view),
          eq(standings.scope, scope),
          gt(standings.rev, from),
          lte(standings.rev, to),
        ),
      )
      .orderBy(asc(standings.rev));
    return rows.map((r) => livePatch(this.key, r));
  }

  /**
   * What a subscriber holding `rev` (with `hash`) needs: nothing, the patches since, or a
   * snapshot (no rev, a rev this stream never had, a hash that differs, or too far behind).
   */
  async catchUp(
    db: Db,
    rev: number | undefined,
    hash: string | undefined,
  ): Promise<SubscribeReply> {
    const snapshot = (): SubscribeReply => ({
      ok: true,
      sync: 'snapshot',
      snapshot: this.snapshot(),
    });
    if (rev === undefined || rev > this.rev || this.rev - rev > MAX_CATCH_UP) return snapshot();
    if (rev === this.rev) {
      return hash === undefined || hash === this.hash
        ? { ok: true, sync: 'current', rev: this.rev, hash: this.hash }
        : snapshot();
    }
    const first = this.recent[0];
    const patches =
      first && first.baseRev <= rev
        ? this.recent.filter((p) => p.rev > rev)
        : await this.stored(db, rev);
    // The client's state must be this stream's revision `rev`: its hash says so.
    const base = patches[0];
    if (!base || base.baseRev !== rev || patches[patches.length - 1]?.rev !== this.rev) {
      return snapshot();
    }
    if (hash !== undefined && rev > 0) {
      const at = this.recent.find((p) => p.rev === rev) ?? (await this.stored(db, rev - 1, rev))[0];
      if (at?.hash !== hash) return snapshot();
    }
    return { ok: true, sync: 'patches', patches };
  }
}
