/**
 * The sheet workflow: draft → submitted (the judge signs with their PIN) → verified (by someone
 * who entered none of its marks) → locked at finalize; returned for correction with a note;
 * reopened with a reason; and bulk verify. Each transition names the revision it acts on, so two
 * officials cannot both act on the same state, and is written to the audit log. What a sheet
 * looks like to whom is sheets.ts.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { events, marks, sheets, type SheetStatus, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor, User } from '../auth/actor.ts';
import { isOfficial } from '../auth/actor.ts';
import type { BulkVerifyAnswer, Sheet } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, forbidden, notFound } from '../errors/service-error.ts';
import { requireMember, requireUser } from '../domain/access.ts';
import { checkSignable } from './sheet-ready.ts';
import { loadSheet, present, SHEET, type SheetRow } from './sheets.ts';
import { checkSigningPin } from './signing-pin.ts';

type Transition = 'submit' | 'verify' | 'return' | 'reopen';

const FROM: Record<Transition, readonly SheetStatus[]> = {
  submit: ['draft', 'returned'],
  verify: ['submitted'],
  return: ['submitted', 'verified'],
  reopen: ['locked'],
};
const TO: Record<Transition, SheetStatus> = {
  submit: 'submitted',
  verify: 'verified',
  return: 'returned',
  reopen: 'submitted',
};

/**
 * Moves a sheet along its workflow (see the module comment for who may do what), answering the
 * sheet as its caller is shown it.
 */
export async function transitionSheet(
  ctx: Ctx,
  actor: Actor,
  sheetId: string,
  action: Transition,
  body: TransitionBody,
  address?: string,
): Promise<Sheet> {
  const { user, row } = await transitionSheetRow(
    ctx,
    actor,
    sheetId,
    action,
    body,
    undefined,
    address,
  );
  const [shown] = await present(ctx, user, [row]);
  return shown as Sheet;
}

/**
 * How a submit is signed: by the PIN in the body (one sheet), or by a PIN the caller already
 * checked for a batch (sheet-batch.ts), which also asks for every criterion in `required`.
 */
export interface SubmitSigning {
  readonly pinChecked: true;
  readonly required: readonly string[];
}

type TransitionBody = { revision: number; pin?: string; note?: string; reason?: string };

/** The same transition, answering the stored row (for callers that need no presentation). */
export async function transitionSheetRow(
  ctx: Ctx,
  actor: Actor,
  sheetId: string,
  action: Transition,
  body: TransitionBody,
  signing?: SubmitSigning,
  /** The caller's address, for the sign-in throttle that counts a single submit's PIN. */
  address?: string,
): Promise<{ user: User; row: SheetRow }> {
  const user = requireUser(actor);
  const row = await loadSheet(ctx, user, sheetId);
  await checkMayAct(ctx, { user, row, action, pin: body.pin, signing, address });
  const now = ctx.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const fresh = await lockAt(tx, sheetId, action, body.revision);
    await checkSecondPerson(tx, { fresh, user, action });
    if (action === 'submit') await checkSignable(tx, sheetId, SHEET, signing?.required);
    const [next] = await tx
      .update(sheets)
      .set(changesOf({ action, user, now, fresh, note: body.note }))
      .where(eq(sheets.id, sheetId))
      .returning();
    if (action === 'reopen') {
      // A reopened sheet makes its event provisional again until it is finalized anew.
      await tx
        .update(events)
        .set({ status: 'live', frozenRev: null, revealStep: null, updatedAt: now })
        .where(and(eq(events.competitionId, fresh.competitionId), eq(events.id, fresh.eventId)));
    }
    await record(tx, now, user, `sheet.${action}`, fresh.competitionId, {
      sheet: sheetId,
      event: fresh.eventId,
      from: fresh.status,
      to: TO[action],
      revision: fresh.revision + 1,
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
    });
    return next as SheetRow;
  });
  ctx.after.competitionChanged(row.competitionId);
  return { user, row: updated };
}

/**
 * Before the transaction: only a sheet's judge submits it (signing with the PIN unless a batch
 * already checked it); only officials verify, return and reopen.
 */
async function checkMayAct(
  ctx: Ctx,
  a: {
    readonly user: User;
    readonly row: SheetRow;
    readonly action: Transition;
    readonly pin: string | undefined;
    readonly signing: SubmitSigning | undefined;
    readonly address: string | undefined;
  },
): Promise<void> {
  const { user, action } = a;
  if (action === 'submit') {
    if (a.row.judgeId !== user.id) {
      throw forbidden('only the judge of a sheet signs it', SHEET, 'not_own_sheet');
    }
    // One sheet signs with the PIN in the body, counted by the sign-in throttle as a batch's is.
    if (a.signing === undefined) {
      await checkSigningPin(
        ctx,
        user,
        a.pin ?? '',
        a.address ?? 'unknown',
        'the PIN does not match: the sheet is not signed',
      );
    }
  } else if (!isOfficial(user)) {
    throw forbidden(
      `only the chief judge or the organizer may ${action} a sheet`,
      undefined,
      'role',
    );
  }
}

/** Locks the sheet's row (`for update`) and checks it is at the revision and state acted on. */
async function lockAt(
  tx: Tx,
  sheetId: string,
  action: Transition,
  revision: number,
): Promise<typeof sheets.$inferSelect> {
  const [fresh] = await tx.select().from(sheets).where(eq(sheets.id, sheetId)).for('update');
  if (!fresh) throw notFound('score sheet', SHEET);
  if (fresh.revision !== revision) {
    throw new ServiceError(
      'stale_revision',
      `the sheet changed (it is ${fresh.status}, revision ${fresh.revision}): reload it`,
      {
        details: [detail('body.revision', 'stale_revision', `current revision ${fresh.revision}`)],
        current: { status: fresh.status, revision: fresh.revision },
      },
    );
  }
  if (!FROM[action].includes(fresh.status)) {
    const code = fresh.status === 'locked' ? 'sheet_locked' : 'wrong_state';
    const message = `a ${fresh.status} sheet cannot be ${action === 'return' ? 'returned' : `${action}ed`.replace('submited', 'submitted')}`;
    throw new ServiceError(code, message, { details: [detail(SHEET, code, message)] });
  }
  return fresh;
}

/**
 * Who else may not act: a chief judge reopening a sheet of a final event, or anyone verifying a
 * sheet they entered marks on (or judged).
 */
async function checkSecondPerson(
  tx: Tx,
  { fresh, user, action }: { fresh: typeof sheets.$inferSelect; user: User; action: Transition },
): Promise<void> {
  if (action === 'reopen' && user.role !== 'organizer') {
    // Reopening a sheet makes a final event provisional again: the same rule as reopening
    // the event itself (events.ts), so a chief judge cannot undo a finalize this way.
    const [ev] = await tx
      .select({ status: events.status })
      .from(events)
      .where(and(eq(events.competitionId, fresh.competitionId), eq(events.id, fresh.eventId)));
    if (ev?.status === 'final') {
      throw forbidden(
        'only the organizer may reopen a sheet of a final event (it makes the results provisional again)',
        SHEET,
        'event_final',
      );
    }
  }
  if (action === 'verify') {
    const enterers = await tx
      .selectDistinct({ by: marks.enteredBy })
      .from(marks)
      .where(eq(marks.sheetId, fresh.id));
    if (enterers.some((e) => e.by === user.id) || fresh.judgeId === user.id) {
      throw forbidden(
        'a sheet is verified by someone who entered none of its marks',
        SHEET,
        'entered_marks',
      );
    }
  }
}

/** The sheet's columns after the transition: the new state and who signed or verified it when. */
function changesOf(c: {
  readonly action: Transition;
  readonly user: User;
  readonly now: Date;
  readonly fresh: typeof sheets.$inferSelect;
  readonly note: string | undefined;
}): Partial<typeof sheets.$inferInsert> {
  const { action, user, now } = c;
  const set: Partial<typeof sheets.$inferInsert> = {
    status: TO[action],
    revision: c.fresh.revision + 1,
    updatedAt: now,
  };
  if (action === 'submit') {
    set.submittedBy = user.id;
    set.submittedAt = now;
    set.note = null;
  }
  if (action === 'verify') {
    set.verifiedBy = user.id;
    set.verifiedAt = now;
  }
  if (action === 'return') {
    set.note = c.note ?? null;
    set.verifiedBy = null;
    set.verifiedAt = null;
  }
  if (action === 'reopen') {
    set.verifiedBy = null;
    set.verifiedAt = null;
  }
  return set;
}

type BulkVerifyResult = BulkVerifyAnswer['results'][number];

/**
 * Verifies many sheets of one competition in one action. Per-sheet results, not all-or-nothing:
 * on a competition day a chief judge verifies hundreds of sheets while judges keep submitting
 * and other officials keep acting, so one sheet that changed since the chief looked (a
 * correction, a return) must not hold back the others. Each sheet goes through the same
 * transition as a single verify (its own row lock, revision check, second-person rule and audit
 * entry), in the order asked; a refusal names the item it is about (`body.sheets[i].id`,
 * `body.sheets[i].revision`).
 */
export async function verifySheets(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  items: readonly { id: string; revision: number }[],
): Promise<{ verified: number; results: BulkVerifyResult[] }> {
  const user = requireMember(actor, competitionId);
  if (!isOfficial(user)) {
    throw forbidden('only the chief judge or the organizer may verify sheets', undefined, 'role');
  }
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  const seen = new Map<string, number>();
  const duplicates = items.flatMap((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) {
      seen.set(item.id, i);
      return [];
    }
    return [detail(`body.sheets[${i}].id`, 'duplicate', `the same sheet as body.sheets[${first}]`)];
  });
  if (duplicates.length > 0) {
    throw new ServiceError('invalid_input', 'a sheet is named more than once', {
      details: duplicates,
    });
  }
  const owned = new Set(
    (
      await ctx.db
        .select({ id: sheets.id })
        .from(sheets)
        .where(
          and(
            eq(sheets.competitionId, competitionId),
            inArray(
              sheets.id,
              items.map((x) => x.id),
            ),
          ),
        )
    ).map((r) => r.id),
  );
  const { done, results } = await eachSheet(items, async (item) => {
    // A sheet of another competition is unknown here, as it is to a chief of another one.
    if (!owned.has(item.id)) throw notFound('score sheet', SHEET);
    return (await transitionSheetRow(ctx, actor, item.id, 'verify', { revision: item.revision }))
      .row;
  });
  return { verified: done, results };
}

/**
 * One transition per named sheet, in the order asked (bulk verify, batch submit): each answered
 * on its own, a refusal's paths pointing at its item (`body.sheets[i].id`, `…revision`).
 */
export async function eachSheet(
  items: readonly { id: string; revision: number }[],
  move: (item: { id: string; revision: number }) => Promise<SheetRow>,
): Promise<{ done: number; results: BulkVerifyResult[] }> {
  const results: BulkVerifyResult[] = [];
  let done = 0;
  for (const [i, item] of items.entries()) {
    const at = (path: string): string =>
      path === SHEET
        ? `body.sheets[${i}].id`
        : path === 'body.revision'
          ? `body.sheets[${i}].revision`
          : path;
    try {
      const row = await move(item);
      done++;
      results.push({
        id: item.id,
        status: 200,
        sheet: { status: row.status, revision: row.revision },
      });
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      const body = e.toBody();
      results.push({
        id: item.id,
        status: e.status,
        error: { ...body, details: body.details.map((d) => ({ ...d, path: at(d.path) })) },
      });
    }
  }
  return { done, results };
}
