/**
 * The finalized tables a nomination is read from (DESIGN.md §4): each event's official table at
 * the revision its finalize pinned, each overall table at its head while none of its events
 * changed since, what a nomination cites of each (revision, hash, definition version), and those
 * tables as the engine's standings. It lives apart from the nominations themselves, which only
 * apply the award rules to what it hands them.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
  overallEvents,
  type Competition,
  type Rational,
  type Standings as EngineStandings,
} from '@skills/scoring';
import { auditLog, events, standingSnapshots, standings } from '@skills/db';
import type { SnapshotRef } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { overallScope } from '../contract/live.ts';
import { storedTable, type StoredTable } from '../standings/stored.ts';
import { exactValue } from '../standings/precision.ts';

export type Row = Record<string, unknown>;
export type Award = Competition['awards'][number];

export interface Snapshot {
  readonly ref: SnapshotRef;
  readonly rows: readonly Row[];
  readonly teams: readonly Row[] | null;
}

/** The events an award's standings are made of. */
function eventsOf(definition: Competition, award: Award): string[] {
  const s = award.standings;
  if (s.of !== 'overall') return [s.event];
  const o = definition.overall.find((x) => x.id === s.overall);
  return o ? overallEvents(o) : [];
}

/** A scope's official revisions, in the revision log or among its snapshots. */
function officialOf(
  table: typeof standings | typeof standingSnapshots,
  competitionId: string,
  scope: string,
): SQL | undefined {
  return and(
    eq(table.competitionId, competitionId),
    eq(table.view, 'official'),
    eq(table.scope, scope),
  );
}

async function definitionVersionAt(
  ctx: Ctx,
  competitionId: string,
  scope: string,
  rev: number,
): Promise<number | null> {
  const [row] = await ctx.db
    .select({ v: standings.definitionVersion })
    .from(standings)
    .where(and(officialOf(standings, competitionId, scope), eq(standings.rev, rev)));
  return row?.v ?? null;
}

/** The latest official revision of a scope (0 when none is stored). */
async function headRev(ctx: Ctx, competitionId: string, scope: string): Promise<number> {
  const [row] = await ctx.db
    .select({ rev: standings.rev })
    .from(standings)
    .where(officialOf(standings, competitionId, scope))
    .orderBy(desc(standings.rev))
    .limit(1);
  return row?.rev ?? 0;
}

/** What a nomination cites of a stored official table (none stored: revision 0, no hash). */
async function refOf(
  ctx: Ctx,
  competitionId: string,
  scope: string,
  table: StoredTable | null,
  finalizedAt: string | null,
): Promise<SnapshotRef> {
  return {
    scope,
    rev: table?.rev ?? 0,
    hash: table?.hash ?? '',
    finalizedAt,
    definitionVersion: table
      ? await definitionVersionAt(ctx, competitionId, scope, table.rev)
      : null,
  };
}

/** An event's official table at the revision its (latest) finalize pinned. */
async function finalSnapshot(ctx: Ctx, competitionId: string, eventId: string): Promise<Snapshot> {
  const [finalize] = await ctx.db
    .select({ at: auditLog.at, data: auditLog.data })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.competitionId, competitionId),
        eq(auditLog.action, 'event.finalize'),
        sql`${auditLog.data}->>'event' = ${eventId}`,
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const recorded = (finalize?.data as { rev?: unknown } | undefined)?.rev;
  let rev = typeof recorded === 'number' ? recorded : undefined;
  if (rev === undefined) {
    // Finalized before any table was stored: the latest pinned one, if any.
    const [pinned] = await ctx.db
      .select({ rev: standingSnapshots.rev })
      .from(standingSnapshots)
      .where(
        and(
          officialOf(standingSnapshots, competitionId, eventId),
          eq(standingSnapshots.pinned, true),
        ),
      )
      .orderBy(desc(standingSnapshots.rev))
      .limit(1);
    rev = pinned?.rev;
  }
  const table =
    rev !== undefined ? await storedTable(ctx.db, competitionId, eventId, 'official', rev) : null;
  return {
    ref: await refOf(ctx, competitionId, eventId, table, finalize?.at.toISOString() ?? null),
    rows: table?.rows ?? [],
    teams: table?.teams ?? null,
  };
}

const rational = (v: unknown): Rational | null => exactValue(v) ?? null;
export const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const rankOf = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * The stored tables as the engine's standings, for evaluateAwards: it reads who, rank, status,
 * score and time (events), total (overall tables) and the table's direction; the rows'
 * explanations stay in the stored tables.
 */
export function engineStandings(
  definition: Competition,
  eventTables: ReadonlyMap<string, Snapshot>,
  overallTables: ReadonlyMap<string, Snapshot>,
): EngineStandings {
  const entrantRow = (r: Row) => ({
    competitor: String(r['competitor']),
    name: text(r['name']),
    delegation: text(r['delegation']),
    rank: rankOf(r['rank']),
    status: String(r['status']),
  });
  const eventRow = (r: Row) => ({
    ...entrantRow(r),
    team: text(r['team']),
    score: rational(r['score']),
    time: rational(r['time']),
  });
  const standingsLike = {
    competition: definition.id,
    version: definition.version,
    events: definition.events
      .filter((e) => eventTables.has(e.id))
      .map((e) => {
        const t = eventTables.get(e.id);
        return {
          event: e.id,
          name: e.name,
          rankBy: e.rankBy.by,
          entrants: e.entrants,
          rows: (t?.rows ?? []).map(eventRow),
          teams: t?.teams ? t.teams.map(eventRow) : null,
        };
      }),
    overall: definition.overall
      .filter((o) => overallTables.has(o.id))
      .map((o) => ({
        overall: o.id,
        name: o.name,
        scope: o.scope,
        lowerIsBetter: o.method.kind === 'rankPoints' && o.method.points.kind === 'rank',
        rows: (overallTables.get(o.id)?.rows ?? []).map((r) => ({
          ...entrantRow(r),
          total: rational(r['total']),
        })),
      })),
  };
  return standingsLike as unknown as EngineStandings;
}

/** The finalized tables a nomination reads: each event's and each overall table the awards rank on. */
export interface FinalTables {
  /** The events the awards rank on. */
  readonly needed: readonly string[];
  readonly eventTables: ReadonlyMap<string, Snapshot>;
  readonly overallTables: ReadonlyMap<string, Snapshot>;
}

/**
 * The tables the awards rank on, refused (409 not_ready, one detail per event or overall table)
 * unless every event is final and no overall table changed since its events were finalized.
 */
export async function finalTables(
  ctx: Ctx,
  competitionId: string,
  definition: Competition,
): Promise<FinalTables> {
  const states = await ctx.db
    .select({ id: events.id, status: events.status })
    .from(events)
    .where(eq(events.competitionId, competitionId));
  const statusOf = new Map(states.map((s) => [s.id, s.status]));
  const needed = [...new Set(definition.awards.flatMap((a) => eventsOf(definition, a)))];
  const open: ErrorDetail[] = needed
    .filter((id) => statusOf.get(id) !== 'final')
    .map((id) =>
      detail(
        `events.${id}`,
        'not_final',
        `event "${id}" is ${statusOf.get(id) ?? 'setup'}, not final: nominations are read from final results only`,
      ),
    );
  if (open.length > 0) {
    throw new ServiceError(
      'not_ready',
      `${open.length} event${open.length === 1 ? '' : 's'} the awards rank on ${open.length === 1 ? 'is' : 'are'} not final`,
      { details: open },
    );
  }
  const eventTables = new Map<string, Snapshot>();
  for (const id of needed) eventTables.set(id, await finalSnapshot(ctx, competitionId, id));
  const overallTables = new Map<string, Snapshot>();
  const changed: ErrorDetail[] = [];
  for (const award of definition.awards) {
    const s = award.standings;
    if (s.of !== 'overall' || overallTables.has(s.overall)) continue;
    const o = definition.overall.find((x) => x.id === s.overall);
    if (!o) continue;
    for (const e of overallEvents(o)) {
      const pinned = eventTables.get(e)?.ref.rev ?? 0;
      if ((await headRev(ctx, competitionId, e)) !== pinned) {
        changed.push(
          detail(
            `overall.${o.id}`,
            'changed_since_final',
            `the standings of event "${e}" changed after it was finalized: reopen and finalize it again`,
          ),
        );
      }
    }
    const scope = overallScope(o.id);
    const t = await storedTable(ctx.db, competitionId, scope, 'official');
    overallTables.set(o.id, {
      ref: await refOf(ctx, competitionId, scope, t, null),
      rows: t?.rows ?? [],
      teams: null,
    });
  }
  if (changed.length > 0) {
    throw new ServiceError('not_ready', 'an overall table changed after its events were final', {
      details: changed,
    });
  }
  return { needed, eventTables, overallTables };
}
