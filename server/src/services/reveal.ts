/**
 * The reveal ceremony: an event finalized from frozen with `reveal` keeps the public at the
 * frozen standings; the organizer then reveals the final standings from the bottom row up, one
 * row (or a block of rows) per step, each step pushed to every public screen. The last step
 * makes the event's public table the official one.
 */
import { and, eq } from 'drizzle-orm';
import { events } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { RevealState } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { stepLeaving } from '../standings/reveal.ts';
import { storedTable } from '../standings/stored.ts';
import { requireOrganizer } from '../domain/access.ts';
import { lockedEvent } from './events.ts';

export async function reveal(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
  body: { action: 'next' | 'until' | 'all'; remaining?: number | undefined; step: number },
): Promise<RevealState> {
  const user = requireOrganizer(actor);
  if (body.action === 'until' && body.remaining === undefined) {
    throw new ServiceError('invalid_input', 'say how many rows are to stay hidden', {
      details: [detail('body.remaining', 'required', 'needed with action "until"')],
    });
  }
  // The final table as stored, so the count of steps is the one the public stream uses.
  await ctx.publisher.recompute(competitionId);
  const now = ctx.now();
  const state = await ctx.db.transaction(async (tx) => {
    const ev = await lockedEvent(tx, competitionId, eventId);
    if (ev.status !== 'final' || ev.revealStep === null) {
      throw new ServiceError('wrong_state', 'nothing of this event is held for a reveal', {
        details: [
          detail(
            'params.eventId',
            'wrong_state',
            'finalize a frozen event with reveal: true to hold its results for a reveal',
          ),
        ],
      });
    }
    if (ev.revealStep !== body.step) {
      throw new ServiceError('stale_revision', `the reveal is at step ${ev.revealStep}`, {
        details: [detail('body.step', 'stale_revision', `the reveal is at step ${ev.revealStep}`)],
        current: { step: ev.revealStep },
      });
    }
    const total = (await storedTable(tx, competitionId, eventId, 'official'))?.rows.length ?? 0;
    const next =
      body.action === 'next'
        ? ev.revealStep + 1
        : body.action === 'all'
          ? total
          : stepLeaving(total, body.remaining ?? 0);
    if (next <= ev.revealStep && total > 0) {
      throw new ServiceError('invalid_input', 'those rows are revealed already', {
        details: [
          detail('body.remaining', 'too_big', `${total - ev.revealStep} rows are still hidden`),
        ],
      });
    }
    const done = next >= total;
    await tx
      .update(events)
      .set(
        done
          ? { revealStep: null, frozenRev: null, updatedAt: now }
          : { revealStep: next, updatedAt: now },
      )
      .where(and(eq(events.competitionId, competitionId), eq(events.id, eventId)));
    await record(tx, now, user, 'event.reveal', competitionId, {
      event: eventId,
      from: ev.revealStep,
      to: Math.min(next, total),
      total,
    });
    return { event: eventId, step: Math.min(next, total), total, done };
  });
  // Pushed now, not within the window: the room is watching the screen.
  await ctx.publisher.recompute(competitionId);
  ctx.after.competitionChanged(competitionId);
  return state;
}
