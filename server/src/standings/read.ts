/**
 * Standings as stored, in two views. Official (organizer, chief judge): every row with its full
 * explanation. Public: what the event's settings allow — nothing of a hidden event until it is
 * final, the table as of the freeze while frozen, names only when the event shows them, and no
 * per-judge marks.
 */
import { and, desc, eq } from 'drizzle-orm';
import { contestants, events, standingSnapshots } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { Standings } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, notFound } from '../http/service-error.ts';
import { requireOfficial } from '../services/access.ts';
import { overallScope } from './state.ts';
import { storedTable } from './stored.ts';

type Row = Record<string, unknown>;
interface Body {
  name: string;
  rows: Row[];
  teams: Row[] | null;
}

const PUBLIC_FIELDS = [
  'position',
  'competitor',
  'name',
  'delegation',
  'team',
  'rank',
  'tie',
  'status',
  'score',
  'time',
  'deductions',
  'total',
  'parts',
] as const;

function publicRow(row: Row, bibs: ReadonlyMap<string, string>, names: boolean): Row {
  const out: Row = {};
  for (const k of PUBLIC_FIELDS) if (k in row) out[k] = row[k];
  const bib = bibs.get(String(row['competitor']));
  if (bib !== undefined) out['bib'] = bib;
  if (!names && bib !== undefined) {
    // Without names the public sees bibs only: an imported id may be an employee number.
    out['name'] = null;
    out['competitor'] = bib;
  }
  if (Array.isArray(row['flags'])) {
    out['flags'] = (row['flags'] as { code: string }[]).filter((f) => f.code !== 'spread');
  }
  return out;
}

async function snapshot(
  ctx: Ctx,
  competitionId: string,
  scope: string,
  options: { rev?: number | null; pinnedOnly?: boolean },
): Promise<{ rev: number; hash: string; body: Body; computedAt: Date } | null> {
  if (options.pinnedOnly === true) {
    const [row] = await ctx.db
      .select()
      .from(standingSnapshots)
      .where(
        and(
          eq(standingSnapshots.competitionId, competitionId),
          eq(standingSnapshots.scope, scope),
          eq(standingSnapshots.pinned, true),
        ),
      )
      .orderBy(desc(standingSnapshots.rev))
      .limit(1);
    return row
      ? { rev: row.rev, hash: row.hash, body: row.body as Body, computedAt: row.computedAt }
      : null;
  }
  const t = await storedTable(ctx.db, competitionId, scope, options.rev ?? undefined);
  return t
    ? {
        rev: t.rev,
        hash: t.hash,
        body: { name: t.name, rows: t.rows, teams: t.teams },
        computedAt: t.computedAt,
      }
    : null;
}

export async function readStandings(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  target: { event: string } | { overall: string },
  view: 'public' | 'official',
): Promise<Standings> {
  if (view === 'official') requireOfficial(actor, competitionId);
  const { definition } = await ctx.catalog.current(competitionId);
  const evs = await ctx.db.select().from(events).where(eq(events.competitionId, competitionId));
  let scope: string;
  let name: string;
  let status: Standings['status'] = null;
  let official = false;
  let publicNames = true;
  let pick: { rev?: number | null; pinnedOnly?: boolean } = {};
  if ('event' in target) {
    const def = definition.events.find((e) => e.id === target.event);
    const ev = evs.find((e) => e.id === target.event);
    if (!def || !ev) throw notFound(`event "${target.event}"`);
    scope = def.id;
    name = def.name;
    status = ev.status;
    official = ev.status === 'final';
    publicNames = ev.publicNames;
    if (view === 'public') {
      if (!ev.publicVisible && ev.status !== 'final') {
        throw new ServiceError('forbidden', 'the results of this event are not public yet');
      }
      if (ev.status === 'frozen') pick = { rev: ev.frozenRev };
    }
  } else {
    const def = definition.overall.find((o) => o.id === target.overall);
    if (!def) throw notFound(`overall standings "${target.overall}"`);
    scope = overallScope(def.id);
    name = def.name;
    official = evs.length > 0 && evs.every((e) => e.status === 'final');
    // An overall table shows what its events add up to: it is as public as they are.
    const from = new Set(
      def.method.kind === 'weightedSum' ? def.method.events.map((e) => e.event) : def.method.events,
    );
    const parts = evs.filter((e) => from.has(e.id));
    publicNames = parts.every((e) => e.publicNames);
    if (view === 'public') {
      if (parts.some((e) => !e.publicVisible && e.status !== 'final')) {
        throw new ServiceError(
          'forbidden',
          'the results of an event in this table are not public yet',
        );
      }
      if (evs.some((e) => e.status === 'frozen')) pick = { pinnedOnly: true };
    }
  }
  const snap = await snapshot(ctx, competitionId, scope, pick);
  const base = {
    competitionId,
    scope,
    name,
    view,
    official,
    status,
    rev: snap?.rev ?? 0,
    hash: snap?.hash ?? '',
    computedAt: snap?.computedAt.toISOString() ?? null,
  };
  if (!snap) return { ...base, rows: [], teams: null };
  if (view === 'official') return { ...base, rows: snap.body.rows, teams: snap.body.teams };
  const bibs = new Map(
    (
      await ctx.db
        .select({ id: contestants.id, bib: contestants.bib })
        .from(contestants)
        .where(eq(contestants.competitionId, competitionId))
    ).map((c) => [c.id, c.bib]),
  );
  return {
    ...base,
    rows: snap.body.rows.map((r) => publicRow(r, bibs, publicNames)),
    teams: snap.body.teams?.map((r) => publicRow(r, bibs, publicNames)) ?? null,
  };
}
