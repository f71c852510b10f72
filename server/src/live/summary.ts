/** A competition at a glance for the public: each table's phase and the head of its public stream. */
import { and, desc, eq } from 'drizzle-orm';
import { competitions, events, standings } from '@skills/db';
import type { LiveCompetition } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/service-error.ts';
import { overallParts, publicSpec, type PublicEventState } from '../standings/public-stream.ts';
import { overallScope } from '../contract/live.ts';

export async function liveCompetition(ctx: Ctx, competitionId: string): Promise<LiveCompetition> {
  const [competition] = await ctx.db
    .select({ name: competitions.name })
    .from(competitions)
    .where(eq(competitions.id, competitionId));
  if (!competition) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
  const [{ definition }, evs, heads] = await Promise.all([
    ctx.catalog.current(competitionId),
    ctx.db.select().from(events).where(eq(events.competitionId, competitionId)),
    ctx.db
      .selectDistinctOn([standings.scope], { scope: standings.scope, rev: standings.rev })
      .from(standings)
      .where(and(eq(standings.competitionId, competitionId), eq(standings.view, 'public')))
      .orderBy(standings.scope, desc(standings.rev)),
  ]);
  const states: ReadonlyMap<string, PublicEventState & { day: number | null }> = new Map(
    evs.map((e) => [e.id, e]),
  );
  const parts = overallParts(definition);
  const revOf = new Map(heads.map((h) => [h.scope, h.rev]));
  return {
    competitionId,
    name: competition.name,
    events: definition.events.map((e) => ({
      id: e.id,
      name: e.name,
      day: states.get(e.id)?.day ?? null,
      phase: publicSpec(e.id, states, parts).phase,
      rev: revOf.get(e.id) ?? 0,
    })),
    overall: definition.overall.map((o) => ({
      id: o.id,
      name: o.name,
      phase: publicSpec(overallScope(o.id), states, parts).phase,
      rev: revOf.get(overallScope(o.id)) ?? 0,
    })),
    at: ctx.now().toISOString(),
  };
}
