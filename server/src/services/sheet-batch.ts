/**
 * One signature for many sheets. A timing or penalty judge on a competition day has hundreds of
 * one-criterion sheets (the forest demo's J10: 180 runners); opening and signing each with the
 * PIN takes longer than timing the runners. Here the judge names a batch of their own sheets,
 * each with the revision they saw, and signs once: the PIN is checked once, through the sign-in
 * throttle (a wrong PIN counts towards the account's lockout, as a wrong sign-in does, so a
 * stolen session cannot guess the PIN here), and then every sheet goes through the same submit
 * transition as a single one (its row lock, revision check and audit entry), in the order asked.
 * Only complete sheets are taken: every criterion of the judge's assignment marked (a sheet with
 * a gap is signed on its own, where its summary shows the gap). Answers are per sheet, like bulk
 * verify's, and a refusal names its item (`body.sheets[i].id`, `body.sheets[i].revision`).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { assignments, sheets } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { BatchSubmitAnswer } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, forbidden, notFound } from '../errors/service-error.ts';
import { requireMember, requireUser } from '../domain/access.ts';
import { eachSheet, transitionSheetRow } from './sheet-workflow.ts';
import { checkSigningPin } from './signing-pin.ts';

type BatchSubmitResult = BatchSubmitAnswer['results'][number];

const BAD_PIN = 'the PIN does not match: no sheet was signed';

export interface BatchSubmitInput {
  readonly sheets: readonly { id: string; revision: number }[];
  readonly pin: string;
}

/** Refuses a batch naming a sheet twice, before anything is checked or changed. */
function refuseDuplicates(items: BatchSubmitInput['sheets']): void {
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
}

/** The criteria each event's sheets of this judge must all have marked. */
async function requiredCriteria(
  ctx: Ctx,
  competitionId: string,
  judgeId: string,
): Promise<(eventId: string) => readonly string[]> {
  const { rules } = await ctx.catalog.current(competitionId);
  const rows = await ctx.db
    .select({ eventId: assignments.eventId, criteria: assignments.criteria })
    .from(assignments)
    .where(and(eq(assignments.competitionId, competitionId), eq(assignments.judgeId, judgeId)));
  const only = new Map(rows.map((r) => [r.eventId, r.criteria]));
  return (eventId) => only.get(eventId) ?? rules.criteria(eventId).map((c: { id: string }) => c.id);
}

/** Signs the judge's named sheets with one PIN; see the module comment. */
export async function submitSheets(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  input: BatchSubmitInput,
  address: string,
): Promise<{ submitted: number; results: BatchSubmitResult[] }> {
  requireUser(actor);
  // 404 for an unknown competition (the list of competitions is public), 403 for another one.
  await ctx.catalog.current(competitionId);
  const user = requireMember(actor, competitionId);
  if (user.role !== 'judge') {
    throw forbidden('only a judge signs sheets, each their own', undefined, 'role');
  }
  refuseDuplicates(input.sheets);
  await checkSigningPin(ctx, user, input.pin, address, BAD_PIN);
  const required = await requiredCriteria(ctx, competitionId, user.id);
  const known = new Map(
    (
      await ctx.db
        .select({ id: sheets.id, eventId: sheets.eventId })
        .from(sheets)
        .where(
          and(
            eq(sheets.competitionId, competitionId),
            inArray(
              sheets.id,
              input.sheets.map((x) => x.id),
            ),
          ),
        )
    ).map((r) => [r.id, r.eventId]),
  );
  const { done, results } = await eachSheet(input.sheets, async (item) => {
    const eventId = known.get(item.id);
    // A sheet of another competition is unknown here.
    if (eventId === undefined) throw notFound('score sheet', 'params.sheetId');
    const { row } = await transitionSheetRow(
      ctx,
      actor,
      item.id,
      'submit',
      { revision: item.revision },
      { pinChecked: true, required: required(eventId) },
    );
    return row;
  });
  return { submitted: done, results };
}
