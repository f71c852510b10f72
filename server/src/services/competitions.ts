/**
 * Competitions and their definitions: create, save a new definition version, read a summary.
 * A definition is validated by the scoring schemas and checks before anything is stored.
 */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { parseCompetition, type Competition } from '@skills/scoring';
import { competitions, definitions, events, sheets, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor, User } from '../auth/actor.ts';
import type { CompetitionSummary } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { requireOfficial, requireOrganizer } from '../domain/access.ts';
import { problemDetails } from '../errors/problems.ts';
import { requireVisible, visibleCompetitions } from './visibility.ts';
import { finalEvents, markedCriteria, reinterpretations } from './definition-changes.ts';

export function parseDefinition(raw: unknown): Competition {
  const parsed = parseCompetition(raw);
  if (!parsed.success) {
    throw new ServiceError('invalid_definition', 'the definition has problems', {
      details: problemDetails('body.definition', parsed.problems),
    });
  }
  return parsed.data;
}

/** Brings the events table in line with a definition: new events start in setup. */
async function syncEvents(tx: Tx, competitionId: string, def: Competition): Promise<void> {
  const existing = await tx
    .select({ id: events.id })
    .from(events)
    .where(eq(events.competitionId, competitionId));
  const known = new Set(existing.map((e) => e.id));
  const wanted = new Set(def.events.map((e) => e.id));
  const removed = [...known].filter((id) => !wanted.has(id));
  if (removed.length > 0) {
    const used = await tx
      .selectDistinct({ event: sheets.eventId })
      .from(sheets)
      .where(eq(sheets.competitionId, competitionId));
    const blocked = removed.filter((id) => used.some((u) => u.event === id));
    if (blocked.length > 0) {
      throw new ServiceError('conflict', 'events with score sheets cannot be removed', {
        details: blocked.map((id) => ({
          path: 'body.definition.events',
          code: 'event_in_use',
          message: `event "${id}" has score sheets`,
        })),
      });
    }
    for (const id of removed) {
      await tx.delete(events).where(eventKey(competitionId, id));
    }
  }
  for (const ev of def.events) {
    if (known.has(ev.id)) {
      await tx.update(events).set({ name: ev.name }).where(eventKey(competitionId, ev.id));
    } else {
      await tx.insert(events).values({ competitionId, id: ev.id, name: ev.name });
    }
  }
}

export async function createCompetition(
  ctx: Ctx,
  actor: Actor,
  body: { id: string; name: string; definition: unknown },
): Promise<CompetitionSummary> {
  const user = requireOrganizer(actor);
  const def = parseDefinition(body.definition);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: competitions.id })
      .from(competitions)
      .where(eq(competitions.id, body.id));
    if (clash) {
      throw new ServiceError('already_exists', `competition "${body.id}" already exists`, {
        details: [{ path: 'body.id', code: 'already_exists', message: 'pick another id' }],
      });
    }
    await tx.insert(competitions).values({ id: body.id, name: body.name, definitionVersion: 1 });
    await tx.insert(definitions).values({
      competitionId: body.id,
      version: 1,
      body: def,
      createdBy: user.id,
      createdAt: now,
    });
    await syncEvents(tx, body.id, def);
    await record(tx, now, user, 'competition.create', body.id, {
      name: body.name,
      definitionVersion: 1,
    });
  });
  ctx.catalog.remember(body.id, 1, def);
  // Its (empty) tables are published at once, like every later change's.
  ctx.after.competitionChanged(body.id);
  return competitionSummary(ctx, body.id);
}

export async function saveDefinition(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  body: { definition: unknown; expectedVersion: number; reinterpret?: boolean | undefined },
): Promise<CompetitionSummary> {
  const user = requireOrganizer(actor);
  const def = parseDefinition(body.definition);
  const before = (await ctx.catalog.current(competitionId)).definition;
  const now = ctx.now();
  const version = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(competitions)
      .where(eq(competitions.id, competitionId))
      .for('update');
    if (!row) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
    if (row.definitionVersion !== body.expectedVersion) {
      throw new ServiceError(
        'stale_version',
        `the definition is at version ${row.definitionVersion}, not ${body.expectedVersion}`,
        {
          details: [
            detail(
              'body.expectedVersion',
              'stale_version',
              `the definition is at version ${row.definitionVersion}`,
            ),
          ],
          current: { version: row.definitionVersion },
        },
      );
    }
    // Stored marks are read by the new rules: a change that rereads them needs `reinterpret`.
    const changes = reinterpretations(
      before,
      def,
      await markedCriteria(tx, competitionId),
      await finalEvents(tx, competitionId),
    );
    if (changes.length > 0 && body.reinterpret !== true) {
      throw new ServiceError(
        'conflict',
        `${changes.length} change${changes.length === 1 ? '' : 's'} would reread stored marks: preview them and record a new version`,
        { details: changes },
      );
    }
    const next = row.definitionVersion + 1;
    await tx.insert(definitions).values({
      competitionId,
      version: next,
      body: def,
      createdBy: user.id,
      createdAt: now,
    });
    await tx
      .update(competitions)
      .set({ definitionVersion: next })
      .where(eq(competitions.id, competitionId));
    await syncEvents(tx, competitionId, def);
    await record(tx, now, user, 'definition.save', competitionId, {
      version: next,
      // A recorded new version says what it rereads.
      ...(changes.length > 0
        ? { reinterprets: changes.map((c) => ({ code: c.code, ...c.params })) }
        : {}),
    });
    return next;
  });
  ctx.catalog.remember(competitionId, version, def);
  ctx.after.competitionChanged(competitionId);
  return competitionSummary(ctx, competitionId);
}

/** The competitions the actor may see: the public sees those with a published event. */
export async function listCompetitions(ctx: Ctx, actor: Actor): Promise<CompetitionSummary[]> {
  const rows = await ctx.db
    .select({ id: competitions.id })
    .from(competitions)
    .orderBy(asc(competitions.createdAt), asc(competitions.id));
  const visible = await visibleCompetitions(
    ctx,
    actor,
    rows.map((r) => r.id),
  );
  return Promise.all(
    rows.filter((r) => visible.has(r.id)).map((r) => competitionSummary(ctx, r.id)),
  );
}

/** A competition's summary, for whoever may see it (see visibility.ts). */
export async function readCompetition(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<CompetitionSummary> {
  await requireVisible(ctx, actor, competitionId);
  return competitionSummary(ctx, competitionId);
}

export async function competitionSummary(
  ctx: Ctx,
  competitionId: string,
): Promise<CompetitionSummary> {
  const [row] = await ctx.db.select().from(competitions).where(eq(competitions.id, competitionId));
  if (!row) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
  const { definition } = await ctx.catalog.at(competitionId, row.definitionVersion);
  const states = await ctx.db.select().from(events).where(eq(events.competitionId, competitionId));
  const byId = new Map(states.map((s) => [s.id, s]));
  return {
    id: row.id,
    name: row.name,
    definitionVersion: row.definitionVersion,
    events: definition.events.map((ev) => {
      const s = byId.get(ev.id);
      return {
        id: ev.id,
        name: ev.name,
        entrants: ev.entrants,
        status: s?.status ?? 'setup',
        day: s?.day ?? null,
        publicNames: s?.publicNames ?? true,
        publicVisible: s?.publicVisible ?? true,
        published: s?.published ?? false,
      };
    }),
    overall: definition.overall.map((o) => ({ id: o.id, name: o.name })),
  };
}

export async function getDefinition(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<{ version: number; definition: Competition }> {
  await requireVisible(ctx, actor, competitionId);
  const current = await ctx.catalog.current(competitionId);
  return { version: current.version, definition: current.definition };
}

/** Changes what the public sees of an event. */
export async function setEventSettings(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
  body: {
    publicNames?: boolean | undefined;
    publicVisible?: boolean | undefined;
    published?: boolean | undefined;
    day?: number | null | undefined;
  },
): Promise<CompetitionSummary> {
  const user: User = requireOfficial(actor, competitionId);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const set: Partial<typeof events.$inferInsert> = { updatedAt: now };
    if (body.publicNames !== undefined) set.publicNames = body.publicNames;
    if (body.publicVisible !== undefined) set.publicVisible = body.publicVisible;
    if (body.published !== undefined) set.published = body.published;
    if (body.day !== undefined) set.day = body.day;
    const updated = await tx
      .update(events)
      .set(set)
      .where(eventKey(competitionId, eventId))
      .returning({ id: events.id });
    if (updated.length === 0) throw notFound(`event "${eventId}"`, 'params.eventId');
    await record(tx, now, user, 'event.settings', competitionId, { event: eventId, ...body });
  });
  // Hidden means hidden by the time the caller hears back.
  await ctx.publisher.recompute(competitionId);
  ctx.after.competitionChanged(competitionId);
  return competitionSummary(ctx, competitionId);
}

export function eventKey(competitionId: string, eventId: string): SQL | undefined {
  return and(eq(events.competitionId, competitionId), eq(events.id, eventId));
}
