/**
 * Anonymised-code draws: seeded, recorded, reproducible. A new draw replaces the codes only while
 * no mark has been entered in the event (judges already know the old codes).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { drawCodes as drawCodesTable, draws, marks, sheets, type Db, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { requireOfficial, requireOrganizer } from '../domain/access.ts';
import { DRAW_METHOD, drawCodes, newSeed } from './draw-method.ts';
import { entrantsOf, loadRoster } from '../domain/entrants.ts';

export interface DrawAnswer {
  id: string;
  seed: string;
  method: string;
  createdAt: string;
  codes: { entrant: string; code: string }[];
  reproducible: boolean;
}

export async function runDraw(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
  body: { seed?: string | undefined },
): Promise<DrawAnswer> {
  const by = requireOrganizer(actor);
  const { definition, rules } = await ctx.catalog.current(competitionId);
  if (!rules.hasEvent(eventId)) throw notFound(`event "${eventId}"`, 'params.eventId');
  const seed = body.seed ?? newSeed();
  const now = ctx.now();
  const id = ctx.newId();
  await ctx.db.transaction(async (tx) => {
    const [marked] = await tx
      .select({ id: marks.id })
      .from(marks)
      .innerJoin(sheets, eq(sheets.id, marks.sheetId))
      .where(and(eq(sheets.competitionId, competitionId), eq(sheets.eventId, eventId)))
      .limit(1);
    if (marked) {
      throw new ServiceError(
        'wrong_state',
        `event "${eventId}" already has marks: its codes can no longer be redrawn`,
        { details: [detail('params.eventId', 'has_marks', 'its codes can no longer be redrawn')] },
      );
    }
    const entrants = entrantsOf(definition, eventId, await loadRoster(tx, competitionId));
    if (entrants.length === 0) {
      throw new ServiceError(
        'not_ready',
        `no one is entered in "${eventId}" yet: import the roster`,
        { details: [detail('params.eventId', 'no_entrants', 'import the roster first')] },
      );
    }
    const codes = drawCodes(seed, entrants);
    await tx.insert(draws).values({
      id,
      competitionId,
      eventId,
      seed,
      method: DRAW_METHOD,
      createdBy: by.id,
      createdAt: now,
    });
    const rows = [...codes].map(([entrantId, code]) => ({ drawId: id, entrantId, code }));
    for (let i = 0; i < rows.length; i += 500) {
      await tx.insert(drawCodesTable).values(rows.slice(i, i + 500));
    }
    await record(tx, now, by, 'draw.run', competitionId, {
      event: eventId,
      draw: id,
      seed,
      method: DRAW_METHOD,
      entrants: entrants.length,
    });
  });
  const answer = await currentDraw(ctx.db, competitionId, eventId);
  if (!answer) throw new Error('the draw just written is missing');
  return answer;
}

export async function getDraw(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
): Promise<DrawAnswer> {
  requireOfficial(actor, competitionId);
  const answer = await currentDraw(ctx.db, competitionId, eventId);
  if (!answer) throw notFound(`a draw for "${eventId}"`, 'params.eventId');
  return answer;
}

/** The latest draw of an event, re-run from its seed to show that it reproduces. */
export async function currentDraw(
  db: Db | Tx,
  competitionId: string,
  eventId: string,
): Promise<DrawAnswer | null> {
  const [draw] = await db
    .select()
    .from(draws)
    .where(and(eq(draws.competitionId, competitionId), eq(draws.eventId, eventId)))
    .orderBy(desc(draws.createdAt))
    .limit(1);
  if (!draw) return null;
  const codes = await db.select().from(drawCodesTable).where(eq(drawCodesTable.drawId, draw.id));
  codes.sort((a, b) => (a.entrantId < b.entrantId ? -1 : a.entrantId > b.entrantId ? 1 : 0));
  const again = drawCodes(
    draw.seed,
    codes.map((c) => c.entrantId),
  );
  return {
    id: draw.id,
    seed: draw.seed,
    method: draw.method,
    createdAt: draw.createdAt.toISOString(),
    codes: codes.map((c) => ({ entrant: c.entrantId, code: c.code })),
    reproducible:
      draw.method === DRAW_METHOD && codes.every((c) => again.get(c.entrantId) === c.code),
  };
}

/** entrant → code for the event's latest draw (optionally only some entrants). */
export async function codesOf(
  db: Db | Tx,
  competitionId: string,
  eventId: string,
  entrants?: readonly string[],
): Promise<Map<string, string>> {
  const [draw] = await db
    .select({ id: draws.id })
    .from(draws)
    .where(and(eq(draws.competitionId, competitionId), eq(draws.eventId, eventId)))
    .orderBy(desc(draws.createdAt))
    .limit(1);
  if (!draw) return new Map();
  const where = [eq(drawCodesTable.drawId, draw.id)];
  if (entrants) where.push(inArray(drawCodesTable.entrantId, [...entrants]));
  const rows = await db
    .select({ entrant: drawCodesTable.entrantId, code: drawCodesTable.code })
    .from(drawCodesTable)
    .where(and(...where));
  return new Map(rows.map((r) => [r.entrant, r.code]));
}
