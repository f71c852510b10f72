/**
 * The event lifecycle: setup → live (provisional) → frozen (the public keeps the standings as of
 * the freeze) → final (official). Finalize refuses while sheets are unverified or the standings
 * show missing marks or unresolved spreads, and lists which; it locks every sheet. Reopening a
 * final event needs the organizer and a reason.
 */
import { and, desc, eq, like, ne, sql } from 'drizzle-orm';
import { events, sheets, standingSnapshots, users, type EventStatus, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor, User } from '../auth/actor.ts';
import type { CompetitionSummary } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import { overallScope } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, forbidden, notFound } from '../errors/service-error.ts';
import { lockStandings } from '../standings/publisher.ts';
import { CompetitionState } from '../standings/state.ts';
import { requireOfficial } from '../domain/access.ts';
import { competitionSummary, eventKey } from './competitions.ts';
import { codesOf } from './draws.ts';

const ALLOWED: Record<EventStatus, readonly EventStatus[]> = {
  setup: ['live'],
  live: ['frozen', 'final'],
  frozen: ['live', 'final'],
  final: ['live'],
};

const MAX_LISTED = 100;

/** Why an event cannot be finalized yet: one detail per unverified sheet, missing mark, spread. */
async function finalizeProblems(
  tx: Tx,
  ctx: Ctx,
  competitionId: string,
  eventId: string,
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const open = await tx
    .select({ entrant: sheets.entrantId, status: sheets.status, judge: users.login })
    .from(sheets)
    .innerJoin(users, eq(users.id, sheets.judgeId))
    .where(
      and(
        eq(sheets.competitionId, competitionId),
        eq(sheets.eventId, eventId),
        ne(sheets.status, 'verified'),
      ),
    );
  const codes = await codesOf(tx, competitionId, eventId);
  for (const s of open) {
    problems.push(
      detail(
        `sheets.${s.judge}.${codes.get(s.entrant) ?? s.entrant}`,
        `sheet_${s.status}`,
        `judge ${s.judge}, entrant ${codes.get(s.entrant) ?? s.entrant}: sheet is ${s.status}, not verified`,
      ),
    );
  }
  const [anySheet] = await tx
    .select({ id: sheets.id })
    .from(sheets)
    .where(and(eq(sheets.competitionId, competitionId), eq(sheets.eventId, eventId)))
    .limit(1);
  if (!anySheet) {
    problems.push(detail('sheets', 'no_sheets', 'no judge is assigned to this event'));
  }
  const versions = await CompetitionState.versions(tx, competitionId);
  if (!versions) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
  const state = await CompetitionState.build(tx, ctx.catalog, competitionId, versions);
  const standings = state.standings().events.find((e) => e.event === eventId);
  for (const row of standings?.rows ?? []) {
    for (const f of row.flags) {
      if (f.code === 'spread' || f.code === 'incomplete') {
        const who = row.competitor;
        problems.push(
          detail(
            `standings.${who}${f.criterion ? `.${f.criterion}` : ''}`,
            f.code,
            `${who}: ${f.message}`,
          ),
        );
      }
    }
  }
  return problems;
}

/**
 * Inside a transaction: the competition's standings lock (so no recompute interleaves), then the
 * event's row locked for update; not found when the event does not exist.
 */
export async function lockedEvent(
  tx: Tx,
  competitionId: string,
  eventId: string,
): Promise<typeof events.$inferSelect> {
  await lockStandings(tx, competitionId);
  const [ev] = await tx.select().from(events).where(eventKey(competitionId, eventId)).for('update');
  if (!ev) throw notFound(`event "${eventId}"`, 'params.eventId');
  return ev;
}

/** What a status change asks for (PUT …/events/:eventId/status). */
interface StatusChange {
  status: EventStatus;
  from: EventStatus;
  reason?: string | undefined;
  reveal?: boolean | undefined;
}

/** Who may ask for the change at all: only the organizer reopens a final event, with a reason. */
function checkMayChange(user: User, change: StatusChange): void {
  if (change.from === 'final' && user.role !== 'organizer') {
    throw forbidden('only the organizer may reopen a final event', 'body.from');
  }
  if (change.from === 'final' && change.reason === undefined) {
    throw new ServiceError('invalid_input', 'reopening a final event needs a reason', {
      details: [detail('body.reason', 'required', 'say why the event is reopened')],
    });
  }
}

/** Whether the locked event may go where the change asks, from where the caller saw it. */
function checkTransition(ev: typeof events.$inferSelect, change: StatusChange): void {
  if (ev.status !== change.from) {
    throw new ServiceError('stale_revision', `the event is ${ev.status}, not ${change.from}`, {
      details: [detail('body.from', 'stale_revision', `the event is ${ev.status}`)],
      current: { status: ev.status },
    });
  }
  if (change.reveal === true && !(ev.status === 'frozen' && change.status === 'final')) {
    throw new ServiceError('wrong_state', 'only a frozen event can be finalized for a reveal', {
      details: [detail('body.reveal', 'wrong_state', `the event is ${ev.status}`)],
    });
  }
  if (!ALLOWED[ev.status].includes(change.status)) {
    throw new ServiceError(
      'wrong_state',
      `an event cannot go from ${ev.status} to ${change.status}`,
      {
        details: [
          detail('body.status', 'wrong_state', `allowed: ${ALLOWED[ev.status].join(', ')}`),
        ],
      },
    );
  }
}

/** A finalize is refused while open items remain (unverified sheets, missing marks …). */
async function checkFinalizable(
  tx: Tx,
  ctx: Ctx,
  competitionId: string,
  eventId: string,
): Promise<void> {
  const problems = await finalizeProblems(tx, ctx, competitionId, eventId);
  if (problems.length > 0) {
    throw new ServiceError(
      'not_ready',
      `event "${eventId}" cannot be finalized: ${problems.length} open item${problems.length === 1 ? '' : 's'}`,
      { details: problems.slice(0, MAX_LISTED) },
    );
  }
}

/**
 * A freeze pins the event's official table and the overall tables; a finalize pins the event's.
 * Answers the event's pinned revision (null when nothing is stored yet).
 */
async function pinTables(
  tx: Tx,
  competitionId: string,
  eventId: string,
  status: EventStatus,
): Promise<number | null> {
  const scopes = status === 'frozen' ? [eventId, overallScope('%')] : [eventId];
  let pinnedRev: number | null = null;
  for (const scope of scopes) {
    const which = and(
      eq(standingSnapshots.competitionId, competitionId),
      eq(standingSnapshots.view, 'official'),
      scope.endsWith('%')
        ? like(standingSnapshots.scope, scope)
        : eq(standingSnapshots.scope, scope),
    );
    const [head] = await tx
      .select({ rev: standingSnapshots.rev })
      .from(standingSnapshots)
      .where(which)
      .orderBy(desc(standingSnapshots.rev));
    if (scope === eventId) pinnedRev = head?.rev ?? null;
    await tx.update(standingSnapshots).set({ pinned: true }).where(which);
  }
  return pinnedRev;
}

/** A final event's sheets are locked; reopening it gives its locked sheets back as verified. */
async function lockOrUnlockSheets(
  tx: Tx,
  where: { competitionId: string; eventId: string },
  move: { from: EventStatus; to: EventStatus },
  now: Date,
): Promise<void> {
  const bump = { updatedAt: now, revision: sql`${sheets.revision} + 1` };
  const ofEvent = and(
    eq(sheets.competitionId, where.competitionId),
    eq(sheets.eventId, where.eventId),
  );
  if (move.to === 'final') {
    await tx
      .update(sheets)
      .set({ status: 'locked', ...bump })
      .where(ofEvent);
  }
  if (move.from === 'final') {
    await tx
      .update(sheets)
      .set({ status: 'verified', ...bump })
      .where(and(ofEvent, eq(sheets.status, 'locked')));
  }
}

export async function setEventStatus(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
  body: StatusChange,
): Promise<CompetitionSummary> {
  const user = requireOfficial(actor, competitionId);
  checkMayChange(user, body);
  // Bring the stored standings up to date first: a freeze or a finalize pins the latest table.
  await ctx.publisher.recompute(competitionId, { snapshot: true });
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const ev = await lockedEvent(tx, competitionId, eventId);
    checkTransition(ev, body);
    if (body.status === 'final') await checkFinalizable(tx, ctx, competitionId, eventId);
    const pinnedRev =
      body.status === 'frozen' || body.status === 'final'
        ? await pinTables(tx, competitionId, eventId, body.status)
        : null;
    // Finalizing a frozen event with `reveal` keeps the public at the frozen standings until
    // the organizer reveals the final ones, row by row.
    const held = body.status === 'final' && body.reveal === true;
    await tx
      .update(events)
      .set({
        status: body.status,
        frozenRev: body.status === 'frozen' ? pinnedRev : held ? ev.frozenRev : null,
        revealStep: held ? 0 : null,
        updatedAt: now,
      })
      .where(eventKey(competitionId, eventId));
    await lockOrUnlockSheets(
      tx,
      { competitionId, eventId },
      { from: ev.status, to: body.status },
      now,
    );
    await record(
      tx,
      now,
      user,
      `event.${body.status === 'final' ? 'finalize' : body.status}`,
      competitionId,
      {
        event: eventId,
        from: ev.status,
        to: body.status,
        ...(pinnedRev !== null ? { rev: pinnedRev } : {}),
        ...(held ? { reveal: true } : {}),
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
      },
    );
  });
  // The public stream takes the new status before the caller hears back: once a freeze
  // returns, public screens show the frozen table.
  await ctx.publisher.recompute(competitionId);
  ctx.after.competitionChanged(competitionId);
  return competitionSummary(ctx, competitionId);
}
