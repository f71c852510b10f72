/**
 * Whether a competition is public at all (issue 16): a new competition, whose events the
 * organizer has not published yet, is in no public answer and no public live stream. Its
 * officials and judges still see it; everyone else gets "not found", as for one that does not
 * exist, so not even its name leaks.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { events } from '@skills/db';
import { inCompetition, type Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/service-error.ts';

/** Whether the actor belongs to the competition (an organizer belongs to every one). */
function member(actor: Actor, competitionId: string): boolean {
  return actor.kind === 'user' && inCompetition(actor.user, competitionId);
}

/** The competitions among `ids` with at least one published event. */
export async function publishedCompetitions(
  ctx: Ctx,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.db
    .selectDistinct({ id: events.competitionId })
    .from(events)
    .where(and(inArray(events.competitionId, [...ids]), eq(events.published, true)));
  return new Set(rows.map((r) => r.id));
}

/** The competitions among `ids` the actor may see. */
export async function visibleCompetitions(
  ctx: Ctx,
  actor: Actor,
  ids: readonly string[],
): Promise<Set<string>> {
  const published = await publishedCompetitions(
    ctx,
    ids.filter((id) => !member(actor, id)),
  );
  return new Set(ids.filter((id) => member(actor, id) || published.has(id)));
}

/** Refuses (404) a competition the actor may not see yet. */
export async function requireVisible(ctx: Ctx, actor: Actor, competitionId: string): Promise<void> {
  if (member(actor, competitionId)) return;
  const published = await publishedCompetitions(ctx, [competitionId]);
  if (!published.has(competitionId)) {
    throw notFound(`competition "${competitionId}"`, 'params.competitionId');
  }
}
