/**
 * Reading stored standings back. Snapshots are written at most about once a second per table
 * (and always when a freeze or a finalize pins one); every revision in between is in the
 * revision log as its change (contract/patch.ts). A table at a revision is the latest snapshot
 * at or before it with the later revisions' changes applied.
 */
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import {
  rowsOf,
  standingSnapshots,
  standings,
  type Db,
  type StandingsView,
  type Tx,
} from '@skills/db';
import type { LiveMeta, LivePatch } from '../contract/live.ts';
import type { LiveRow } from '../contract/rows.ts';
import { applySide, type SideChange } from '../contract/patch.ts';

type Row = Record<string, unknown>;

export interface StoredTable {
  readonly rev: number;
  readonly hash: string;
  readonly name: string;
  readonly rows: Row[];
  readonly teams: Row[] | null;
  /** The public view's meta (null in the official view). */
  readonly meta: LiveMeta | null;
  /** The public view's source: the official revision it shows. */
  readonly sourceRev: number | null;
  readonly computedAt: Date;
}

interface Change {
  rows?: SideChange;
  teams?: SideChange;
}

/** The rows after one stored revision: its change applied as every client applies it (patch.ts). */
function applyStored(rows: readonly Row[], changed: unknown, side: 'rows' | 'teams'): Row[] {
  return applySide(rows as LiveRow[], (changed as Change)[side]);
}

/** A stored revision as live clients receive it. `meta` undefined leaves it out (unchanged). */
export function livePatch(
  key: { competitionId: string; scope: string; view: StandingsView },
  r: {
    rev: number;
    baseRev: number;
    hash: string;
    meta: unknown;
    changed: unknown;
    computedAt: Date;
  },
): LivePatch {
  const changed = r.changed as Change;
  return {
    ...key,
    rev: r.rev,
    baseRev: r.baseRev,
    hash: r.hash,
    ...(r.meta !== undefined ? { meta: r.meta as LiveMeta | null } : {}),
    ...(changed.rows !== undefined ? { rows: changed.rows } : {}),
    ...(changed.teams !== undefined ? { teams: changed.teams } : {}),
    at: r.computedAt.toISOString(),
  };
}

const inOrder = (rows: readonly Row[]): Row[] =>
  [...rows].sort((a, b) => Number(a['position']) - Number(b['position']));

interface Body {
  name: string;
  rows: Row[];
  teams: Row[] | null;
  meta?: LiveMeta;
  sourceRev?: number;
}

/** The table of a scope at `rev` (the latest when absent), or null when none is stored. */
export async function storedTable(
  db: Db | Tx,
  competitionId: string,
  scope: string,
  view: StandingsView,
  rev?: number,
): Promise<StoredTable | null> {
  const where = [
    eq(standingSnapshots.competitionId, competitionId),
    eq(standingSnapshots.view, view),
    eq(standingSnapshots.scope, scope),
  ];
  if (rev !== undefined) where.push(lte(standingSnapshots.rev, rev));
  const [snap] = await db
    .select()
    .from(standingSnapshots)
    .where(and(...where))
    .orderBy(desc(standingSnapshots.rev))
    .limit(1);
  if (!snap) return null;
  const body = snap.body as Body;
  const logWhere = [
    eq(standings.competitionId, competitionId),
    eq(standings.view, view),
    eq(standings.scope, scope),
    gt(standings.rev, snap.rev),
  ];
  if (rev !== undefined) logWhere.push(lte(standings.rev, rev));
  const later = await db
    .select()
    .from(standings)
    .where(and(...logWhere))
    .orderBy(asc(standings.rev));
  if (later.length === 0) {
    return {
      rev: snap.rev,
      hash: snap.hash,
      name: body.name,
      rows: body.rows,
      teams: body.teams,
      meta: body.meta ?? null,
      sourceRev: body.sourceRev ?? null,
      computedAt: snap.computedAt,
    };
  }
  let rows = inOrder(body.rows);
  let teams = body.teams ? inOrder(body.teams) : null;
  for (const r of later) {
    rows = applyStored(rows, r.changed, 'rows');
    const change = r.changed as Change;
    if (teams !== null || change.teams !== undefined) {
      teams = applyStored(teams ?? [], r.changed, 'teams');
    }
  }
  const last = later[later.length - 1] as (typeof later)[number];
  return {
    rev: last.rev,
    hash: last.hash,
    name: body.name,
    rows,
    teams,
    meta: (last.meta as LiveMeta | null) ?? null,
    sourceRev: last.sourceRev,
    computedAt: last.computedAt,
  };
}

/** The latest stored revision of a table. */
export interface Head {
  readonly scope: string;
  readonly rev: number;
  readonly hash: string;
  readonly sourceRev: number | null;
}

/** The head revision of each scope in a view: one index probe per table. */
export async function headsOf(
  tx: Tx,
  competitionId: string,
  view: StandingsView,
  scopes: readonly string[],
): Promise<Map<string, Head>> {
  const rows = rowsOf<{ scope: string; rev: number; hash: string; source_rev: number | null }>(
    await tx.execute(
      sql`select s.scope, h.rev, h.hash, h.source_rev
          from jsonb_array_elements_text(${JSON.stringify(scopes)}::jsonb) as s(scope)
          cross join lateral (
            select rev, hash, source_rev from standings
            where competition_id = ${competitionId} and view = ${view} and scope = s.scope
            order by rev desc limit 1
          ) h`,
    ),
  );
  return new Map(
    rows.map((h) => [
      h.scope,
      { scope: h.scope, rev: h.rev, hash: h.hash, sourceRev: h.source_rev },
    ]),
  );
}

/** Where a stream stands: its head, and its latest whole-table snapshot. */
export interface StreamAt {
  readonly heads: Map<string, Head>;
  readonly snaps: Map<string, { rev: number; computedAt: Date }>;
}

/**
 * The head and the latest snapshot of every given scope in both views, in one statement: what
 * a recompute reads before it stores (an index probe per table, stream and kind).
 */
export async function streamsOf(
  tx: Tx,
  competitionId: string,
  scopes: readonly string[],
): Promise<Record<StandingsView, StreamAt>> {
  const rows = rowsOf<{
    view: StandingsView;
    scope: string;
    rev: number | null;
    hash: string | null;
    source_rev: number | null;
    snap_rev: number | null;
    snap_at: Date | string | null;
  }>(
    await tx.execute(
      sql`select v.view, s.scope, h.rev, h.hash, h.source_rev, n.rev as snap_rev, n.computed_at as snap_at
          from jsonb_array_elements_text(${JSON.stringify(scopes)}::jsonb) as s(scope)
          cross join (values ('official'), ('public')) as v(view)
          left join lateral (
            select rev, hash, source_rev from standings
            where competition_id = ${competitionId} and view = v.view and scope = s.scope
            order by rev desc limit 1
          ) h on true
          left join lateral (
            select rev, computed_at from standing_snapshots
            where competition_id = ${competitionId} and view = v.view and scope = s.scope
            order by rev desc limit 1
          ) n on true`,
    ),
  );
  const out: Record<StandingsView, StreamAt> = {
    official: { heads: new Map(), snaps: new Map() },
    public: { heads: new Map(), snaps: new Map() },
  };
  for (const r of rows) {
    const at = out[r.view];
    if (r.rev !== null && r.hash !== null) {
      at.heads.set(r.scope, { scope: r.scope, rev: r.rev, hash: r.hash, sourceRev: r.source_rev });
    }
    if (r.snap_rev !== null && r.snap_at !== null) {
      at.snaps.set(r.scope, { rev: r.snap_rev, computedAt: new Date(r.snap_at) });
    }
  }
  return out;
}
