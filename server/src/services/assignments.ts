/**
 * Judges' assignments to an event (criteria and entrants), and the score sheets they imply: one
 * per judge × entrant. Setting the assignments creates missing sheets and removes sheets that
 * no longer belong to anyone, unless they hold marks (then the change is refused).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { assignments, marks, sheets, users, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import { entrantsOf, loadRoster } from '../domain/entrants.ts';

export interface AssignmentInput {
  judge: string;
  criteria?: string[] | undefined;
  entrants?: string[] | undefined;
}

/** Sheets to add and remove so that they match the assignments of an event (shared by the diff). */
export async function syncSheets(
  tx: Tx,
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  entrants: readonly string[],
): Promise<{ total: number; created: number }> {
  const rows = await tx
    .select()
    .from(assignments)
    .where(and(eq(assignments.competitionId, competitionId), eq(assignments.eventId, eventId)));
  const wanted = new Set<string>();
  const allowed = new Set(entrants);
  for (const a of rows) {
    for (const e of a.entrants ?? entrants) if (allowed.has(e)) wanted.add(`${a.judgeId}|${e}`);
  }
  const existing = await tx
    .select({ id: sheets.id, judgeId: sheets.judgeId, entrantId: sheets.entrantId })
    .from(sheets)
    .where(and(eq(sheets.competitionId, competitionId), eq(sheets.eventId, eventId)));
  const have = new Set(existing.map((s) => `${s.judgeId}|${s.entrantId}`));
  const stale = existing.filter((s) => !wanted.has(`${s.judgeId}|${s.entrantId}`));
  if (stale.length > 0) {
    const used = await tx
      .selectDistinct({ sheetId: marks.sheetId })
      .from(marks)
      .where(
        inArray(
          marks.sheetId,
          stale.map((s) => s.id),
        ),
      );
    if (used.length > 0) {
      throw new ServiceError(
        'conflict',
        `${used.length} score sheet${used.length === 1 ? '' : 's'} that would be removed already hold marks`,
        {
          details: [
            detail('body.assignments', 'sheets_in_use', 'keep those judges and entrants assigned'),
          ],
        },
      );
    }
    await tx.delete(sheets).where(
      inArray(
        sheets.id,
        stale.map((s) => s.id),
      ),
    );
  }
  const now = ctx.now();
  const add = [...wanted].filter((k) => !have.has(k));
  for (let i = 0; i < add.length; i += 500) {
    await tx.insert(sheets).values(
      add.slice(i, i + 500).map((k) => {
        const [judgeId, entrantId] = k.split('|') as [string, string];
        return { id: ctx.newId(), competitionId, eventId, judgeId, entrantId, updatedAt: now };
      }),
    );
  }
  return { total: wanted.size, created: add.length };
}

export async function setAssignments(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
  body: { assignments: AssignmentInput[] },
): Promise<{ assignments: number; sheets: number; sheetsCreated: number }> {
  const by = requireOrganizer(actor);
  const { definition, rules } = await ctx.catalog.current(competitionId);
  if (!rules.hasEvent(eventId)) throw notFound(`event "${eventId}"`, 'params.eventId');
  const criteria = new Set(rules.criteria(eventId).map((c) => c.id));
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const roster = await loadRoster(tx, competitionId);
    const entrants = entrantsOf(definition, eventId, roster);
    const entrantSet = new Set(entrants);
    const judgeId = await judgeIdsByLogin(tx, competitionId);
    const problems = checkAssignments({ body, judgeId, criteria, entrantSet, eventId });
    if (problems.length > 0) {
      throw new ServiceError('invalid_input', 'the assignments have problems', {
        details: problems,
      });
    }
    await tx
      .delete(assignments)
      .where(and(eq(assignments.competitionId, competitionId), eq(assignments.eventId, eventId)));
    if (body.assignments.length > 0) {
      await tx.insert(assignments).values(
        body.assignments.map((a) => ({
          id: ctx.newId(),
          competitionId,
          eventId,
          judgeId: judgeId.get(a.judge) as string,
          criteria: a.criteria ?? null,
          entrants: a.entrants ?? null,
        })),
      );
    }
    const synced = await syncSheets(tx, ctx, competitionId, eventId, entrants);
    await record(tx, now, by, 'assignments.set', competitionId, {
      event: eventId,
      assignments: body.assignments,
      sheets: synced.total,
    });
    return {
      assignments: body.assignments.length,
      sheets: synced.total,
      sheetsCreated: synced.created,
    };
  });
}

/** The competition's judges: login → id (the lists name judges by login). */
export async function judgeIdsByLogin(tx: Tx, competitionId: string): Promise<Map<string, string>> {
  const judges = await tx
    .select({ id: users.id, login: users.login })
    .from(users)
    .where(and(eq(users.competitionId, competitionId), eq(users.role, 'judge')));
  return new Map(judges.map((j) => [j.login, j.id]));
}

/** Each judge known and listed once, each criterion the event's, each entrant entered in it. */
function checkAssignments(c: {
  readonly body: { assignments: readonly AssignmentInput[] };
  readonly judgeId: ReadonlyMap<string, string>;
  readonly criteria: ReadonlySet<string>;
  readonly entrantSet: ReadonlySet<string>;
  readonly eventId: string;
}): ErrorDetail[] {
  const { judgeId, criteria, entrantSet, eventId } = c;
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  c.body.assignments.forEach((a, i) => {
    const at = `body.assignments[${i}]`;
    if (!judgeId.has(a.judge)) {
      problems.push(detail(`${at}.judge`, 'unknown_judge', `no judge "${a.judge}"`));
    }
    if (seen.has(a.judge)) {
      problems.push(detail(`${at}.judge`, 'duplicate', `"${a.judge}" is listed twice`));
    }
    seen.add(a.judge);
    a.criteria?.forEach((cr, j) => {
      if (!criteria.has(cr)) {
        problems.push(
          detail(
            `${at}.criteria[${j}]`,
            'unknown_criterion',
            `no criterion "${cr}" in "${eventId}"`,
          ),
        );
      }
    });
    a.entrants?.forEach((e, j) => {
      if (!entrantSet.has(e)) {
        problems.push(
          detail(`${at}.entrants[${j}]`, 'not_entered', `"${e}" is not entered in "${eventId}"`),
        );
      }
    });
  });
  return problems;
}
