/**
 * Reading stored standings back. Snapshots are written at most about once a second per table
 * (and always when a freeze or a finalize pins one); every revision in between is in the
 * revision log as the rows it changed. A table at a revision is the latest snapshot at or
 * before it with the later revisions' rows applied, ordered by position.
 */
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import { standingSnapshots, standings, type Db, type StandingsView, type Tx } from '@skills/db';
import type { LiveMeta } from '../contract/live.ts';

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

interface Patch {
  rows: Row[];
  teams: Row[];
}
interface Removed {
  rows: string[];
  teams: string[];
}

/** A patch's rows: whole rows, or `partial` placements of rows that only moved. */
function apply(into: Map<string, Row>, changed: readonly Row[], removed: readonly string[]): void {
  for (const id of removed) into.delete(id);
  for (const row of changed) {
    const id = String(row['competitor']);
    if (row['partial'] === true) {
      const merged: Row = { ...into.get(id), ...row };
      delete merged['partial'];
      into.set(id, merged);
    } else {
      into.set(id, row);
    }
  }
}

function ordered(rows: Map<string, Row>): Row[] {
  return [...rows.values()].sort((a, b) => Number(a['position']) - Number(b['position']));
}

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
  const rows = new Map(body.rows.map((r) => [String(r['competitor']), r]));
  const teams = body.teams ? new Map(body.teams.map((r) => [String(r['competitor']), r])) : null;
  for (const r of later) {
    const changed = r.changed as Patch;
    const removed = r.removed as Removed;
    apply(rows, changed.rows, removed.rows);
    if (teams) apply(teams, changed.teams, removed.teams);
  }
  const last = later[later.length - 1] as (typeof later)[number];
  return {
    rev: last.rev,
    hash: last.hash,
    name: body.name,
    rows: ordered(rows),
    teams: teams ? ordered(teams) : null,
    meta: (last.meta as LiveMeta | null) ?? null,
    sourceRev: last.sourceRev,
    computedAt: last.computedAt,
  };
}
