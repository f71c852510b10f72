/**
 * Standings as stored, in two views. Official (organizer, chief judge): every row with its full
 * explanation. Public: the table's public stream (see public-stream.ts) — nothing of a hidden
 * event until it is final, the table as of the freeze while frozen, the reveal's steps, names
 * only when the event shows them, and no per-judge marks. The same revisions and hashes as the
 * live endpoint.
 */
import { eq } from 'drizzle-orm';
import { events } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { Standings } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { forbidden, notFound } from '../errors/service-error.ts';
import { requireOfficial } from '../domain/access.ts';
import { overallScope } from '../contract/live.ts';
import { overallParts, publicSpec } from '../standings/public-stream.ts';
import { storedTable } from '../standings/stored.ts';
import { requireVisible } from './visibility.ts';

export async function readStandings(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  target: { event: string } | { overall: string },
  view: 'public' | 'official',
): Promise<Standings> {
  if (view === 'official') requireOfficial(actor, competitionId);
  else await requireVisible(ctx, actor, competitionId);
  const { definition } = await ctx.catalog.current(competitionId);
  const evs = await ctx.db.select().from(events).where(eq(events.competitionId, competitionId));
  // Whether the public may see the table is the public stream's call (public-stream.ts).
  const hidden = (scope: string): boolean =>
    view === 'public' &&
    publicSpec(scope, new Map(evs.map((e) => [e.id, e])), overallParts(definition)).phase ===
      'hidden';
  let scope: string;
  let name: string;
  let status: Standings['status'] = null;
  let official = false;
  if ('event' in target) {
    const def = definition.events.find((e) => e.id === target.event);
    const ev = evs.find((e) => e.id === target.event);
    if (!def || !ev) throw notFound(`event "${target.event}"`, 'params.eventId');
    scope = def.id;
    name = def.name;
    status = ev.status;
    official = ev.status === 'final';
    if (hidden(scope)) {
      throw forbidden(
        'the results of this event are not public yet',
        'params.eventId',
        'not_public',
      );
    }
  } else {
    const def = definition.overall.find((o) => o.id === target.overall);
    if (!def) throw notFound(`overall standings "${target.overall}"`, 'params.overallId');
    scope = overallScope(def.id);
    name = def.name;
    official = evs.length > 0 && evs.every((e) => e.status === 'final');
    if (hidden(scope)) {
      throw forbidden(
        'the results of an event in this table are not public yet',
        'params.overallId',
        'not_public',
      );
    }
  }
  const t = await storedTable(ctx.db, competitionId, scope, view);
  const phase = view === 'public' ? (t?.meta?.phase ?? 'provisional') : null;
  return {
    competitionId,
    scope,
    name,
    view,
    official: phase === null ? official : phase === 'official',
    status,
    phase,
    rev: t?.rev ?? 0,
    hash: t?.hash ?? '',
    computedAt: t?.computedAt.toISOString() ?? null,
    rows: t?.rows ?? [],
    teams: t?.teams ?? null,
  };
}
