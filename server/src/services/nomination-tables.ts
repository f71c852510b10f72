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

/** What an award waits for before it can be computed. */
export interface Waiting {
  /** not_final: an event it ranks on; changed_since_final: an overall table's event; award: an earlier award it excludes holders of. */
  readonly code: 'not_final' | 'changed_since_final' | 'waits_for_award';
  readonly id: string;
  readonly name: string;
  readonly status: string | null;
}

/** An award that cannot be computed yet, and why. */
export interface PendingAward {
  readonly award: string;
  readonly name: string;
  readonly waiting: readonly Waiting[];
}

/** The finalized tables a nomination reads: each event's and each overall table the ready awards rank on. */
export interface FinalTables {
  /** The events the ready awards rank on. */
  readonly needed: readonly string[];
  readonly eventTables: ReadonlyMap<string, Snapshot>;
  readonly overallTables: ReadonlyMap<string, Snapshot>;
  /** The awards whose events are all final (issue 16: computed while other events still run). */
  readonly ready: readonly Award[];
  readonly pending: readonly PendingAward[];
}

/** Whether any event of an overall table changed since it was finalized (its table is stale). */
async function changedEvents(
  ctx: Ctx,
  competitionId: string,
  events: readonly string[],
  eventTables: ReadonlyMap<string, Snapshot>,
): Promise<string[]> {
  const changed: string[] = [];
  for (const e of events) {
    const pinned = eventTables.get(e)?.ref.rev ?? 0;
    if ((await headRev(ctx, competitionId, e)) !== pinned) changed.push(e);
  }
  return changed;
}

/**
 * The tables the awards rank on. An award is ready when every event it ranks on is final, its
 * overall table (if any) has not changed since, and every award it excludes holders of is ready;
 * the others are pending, saying what they wait for. Refused (409 not_ready, one detail per
 * event, named) only when no award is ready.
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
  const eventName = (id: string): string => definition.events.find((e) => e.id === id)?.name ?? id;
  const eventTables = new Map<string, Snapshot>();
  const overallTables = new Map<string, Snapshot>();
  const ready: Award[] = [];
  const pending: PendingAward[] = [];
  for (const award of definition.awards) {
    const evs = eventsOf(definition, award);
    const waiting: Waiting[] = evs
      .filter((id) => statusOf.get(id) !== 'final')
      .map((id) => ({
        code: 'not_final',
        id,
        name: eventName(id),
        status: statusOf.get(id) ?? 'setup',
      }));
    for (const other of award.exclusiveWith) {
      const p = pending.find((x) => x.award === other);
      if (p) waiting.push({ code: 'waits_for_award', id: other, name: p.name, status: null });
    }
    if (waiting.length === 0) {
      for (const id of evs) {
        if (!eventTables.has(id)) eventTables.set(id, await finalSnapshot(ctx, competitionId, id));
      }
      const s = award.standings;
      if (s.of === 'overall') {
        const o = definition.overall.find((x) => x.id === s.overall);
        const changed = o ? await changedEvents(ctx, competitionId, evs, eventTables) : [];
        for (const id of changed) {
          waiting.push({ code: 'changed_since_final', id, name: eventName(id), status: 'final' });
        }
        if (o && changed.length === 0 && !overallTables.has(o.id)) {
          const scope = overallScope(o.id);
          const t = await storedTable(ctx.db, competitionId, scope, 'official');
          overallTables.set(o.id, {
            ref: await refOf(ctx, competitionId, scope, t, null),
            rows: t?.rows ?? [],
            teams: null,
          });
        }
      }
    }
    if (waiting.length === 0) ready.push(award);
    else pending.push({ award: award.id, name: award.name, waiting });
  }
  if (ready.length === 0 && definition.awards.length > 0) throw notReady(pending);
  const needed = [...new Set(ready.flatMap((a) => eventsOf(definition, a)))];
  // Tables read only for awards that turned out pending are not cited.
  for (const id of [...eventTables.keys()]) if (!needed.includes(id)) eventTables.delete(id);
  return { needed, eventTables, overallTables, ready, pending };
}

/** No award can be computed: one detail per event (by name) or table it waits for. */
function notReady(pending: readonly PendingAward[]): ServiceError {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const w of pending.flatMap((p) => p.waiting)) {
    if (w.code === 'waits_for_award' || seen.has(w.code + w.id)) continue;
    seen.add(w.code + w.id);
    details.push(
      w.code === 'not_final'
        ? detail(
            `events.${w.id}`,
            'not_final',
            `event "${w.name}" is ${w.status ?? 'setup'}, not final: nominations are read from final results only`,
            { event: w.name, status: w.status ?? 'setup' },
          )
        : detail(
            `events.${w.id}`,
            'changed_since_final',
            `the standings of event "${w.name}" changed after it was finalized: reopen and finalize it again`,
            { event: w.name },
          ),
    );
  }
  return new ServiceError(
    'not_ready',
    `no award can be computed yet: ${details.length} event${details.length === 1 ? '' : 's'} not final`,
    { details },
  );
}
