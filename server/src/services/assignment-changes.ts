/**
 * The assignment grid by difference (issue 16): the organizer sees who marks which criterion of
 * an event, with each judge's conflicts of interest (a contestant of the event from the judge's
 * own 工作单位) and the criteria they already entered marks on; a change is cells to add and to
 * remove, never a new whole list, so two people changing different cells do not undo each other.
 * Taking away a cell a judge has entered marks on is refused with the reason, and nothing
 * changes. Sheets follow the assignments (assignments.ts `syncSheets`).
 */
import { and, eq, sql } from 'drizzle-orm';
import { assignments, marks, sheets, users, type Db, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { AssignmentGrid } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import { judgeIdsByLogin, syncSheets } from './assignments.ts';
import { entrantsOf, loadRoster } from '../domain/entrants.ts';
import { sameUnit } from './unit-match.ts';

interface Cell {
  readonly judge: string;
  readonly criterion: string;
}

/** judge id → criteria the judge has entered marks on in the event. */
async function markedCriteria(
  db: Db | Tx,
  competitionId: string,
  eventId: string,
): Promise<Map<string, Set<string>>> {
  const rows = await db
    .selectDistinct({ judgeId: sheets.judgeId, criterion: marks.criterionId })
    .from(marks)
    .innerJoin(sheets, eq(sheets.id, marks.sheetId))
    .where(and(eq(sheets.competitionId, competitionId), eq(sheets.eventId, eventId)));
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.judgeId) ?? new Set<string>();
    set.add(r.criterion);
    out.set(r.judgeId, set);
  }
  return out;
}

/** GET …/events/:eventId/assignments: the grid. */
export async function assignmentGrid(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
): Promise<AssignmentGrid> {
  requireOrganizer(actor);
  const { definition, rules } = await ctx.catalog.current(competitionId);
  if (!rules.hasEvent(eventId)) throw notFound(`event "${eventId}"`, 'params.eventId');
  const criteria = rules.criteria(eventId).map((c) => ({ id: c.id, name: c.name }));
  const all = criteria.map((c) => c.id);
  const [roster, judges, rows, marked] = await Promise.all([
    loadRoster(ctx.db, competitionId),
    ctx.db
      .select()
      .from(users)
      .where(and(eq(users.competitionId, competitionId), eq(users.role, 'judge')))
      .orderBy(users.login),
    ctx.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.competitionId, competitionId), eq(assignments.eventId, eventId))),
    markedCriteria(ctx.db, competitionId, eventId),
  ]);
  const entrants = new Set(entrantsOf(definition, eventId, roster));
  const ev = definition.events.find((e) => e.id === eventId);
  // A team event's people are its teams' members.
  const people =
    ev?.entrants === 'team'
      ? new Set(roster.members.filter((m) => entrants.has(m.teamId)).map((m) => m.contestantId))
      : entrants;
  const withUnit = roster.contestants.filter(
    (c): c is typeof c & { unit: string } => people.has(c.id) && c.unit !== null,
  );
  // The event's contestants from the judge's own unit, by the looser match of unit-match.ts.
  const conflictsOf = (unit: string | null) =>
    unit === null
      ? []
      : withUnit
          .filter((c) => sameUnit(unit, c.unit))
          .map((c) => ({ id: c.id, bib: c.bib, name: c.name }));
  const assigned = new Map(rows.map((a) => [a.judgeId, a.criteria ?? all]));
  return {
    event: eventId,
    criteria,
    judges: judges.map((j) => ({
      id: j.id,
      login: j.login,
      name: j.name,
      unit: j.unit,
      disabled: j.disabled,
      criteria: (assigned.get(j.id) ?? []).filter((c) => all.includes(c)),
      marked: [...(marked.get(j.id) ?? [])].sort(),
      conflicts: conflictsOf(j.unit),
    })),
  };
}

/**
 * POST …/events/:eventId/assignments/changes: adds and removes cells. A judge left with no
 * criterion is no longer assigned (their unmarked sheets go). Refused, changing nothing: an
 * unknown judge or criterion, a cell both added and removed, a removal of marks entered.
 */
export async function changeAssignments(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  eventId: string,
  body: CellChanges,
): Promise<{ assignments: number; sheets: number; sheetsCreated: number }> {
  const by = requireOrganizer(actor);
  const { definition, rules } = await ctx.catalog.current(competitionId);
  if (!rules.hasEvent(eventId)) throw notFound(`event "${eventId}"`, 'params.eventId');
  const criteria = rules.criteria(eventId);
  const all = criteria.map((c) => c.id);
  const criterionName = new Map(criteria.map((c) => [c.id, c.name]));
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // One change of an event's assignments at a time: the second waits and sees the first.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`assign|${competitionId}|${eventId}`}))`,
    );
    const judgeId = await judgeIdsByLogin(tx, competitionId);
    const problems = checkCells({ body, judgeId, criterionName, eventId });
    const current = await tx
      .select()
      .from(assignments)
      .where(and(eq(assignments.competitionId, competitionId), eq(assignments.eventId, eventId)));
    const marked = await markedCriteria(tx, competitionId, eventId);
    problems.push(...checkMarkedRemovals({ body, judgeId, criterionName, marked }));
    if (problems.length > 0) {
      throw new ServiceError(
        problems.some((p) => p.code === 'marks_entered') ? 'conflict' : 'invalid_input',
        'the assignment changes have problems: nothing was changed',
        { details: problems },
      );
    }
    await writeCells(tx, { ctx, competitionId, eventId, all, current, judgeId, body });
    const roster = await loadRoster(tx, competitionId);
    const synced = await syncSheets(
      tx,
      ctx,
      competitionId,
      eventId,
      entrantsOf(definition, eventId, roster),
    );
    const count = await tx
      .select({ id: assignments.id })
      .from(assignments)
      .where(and(eq(assignments.competitionId, competitionId), eq(assignments.eventId, eventId)));
    await record(tx, now, by, 'assignments.change', competitionId, {
      event: eventId,
      add: body.add,
      remove: body.remove,
      sheets: synced.total,
    });
    return { assignments: count.length, sheets: synced.total, sheetsCreated: synced.created };
  });
}

interface CellChanges {
  readonly add: readonly Cell[];
  readonly remove: readonly Cell[];
}

/** What the checks of a change read: the cells, judges by login, the event's criteria by id. */
interface CellCheck {
  readonly body: CellChanges;
  readonly judgeId: ReadonlyMap<string, string>;
  readonly criterionName: ReadonlyMap<string, string>;
}

/** Unknown judges and criteria in either list, and cells both added and removed. */
function checkCells({
  body,
  judgeId,
  criterionName,
  eventId,
}: CellCheck & { readonly eventId: string }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const check = (list: 'add' | 'remove', cells: readonly Cell[]): void => {
    cells.forEach((c, i) => {
      if (!judgeId.has(c.judge)) {
        problems.push(
          detail(`body.${list}[${i}].judge`, 'unknown_judge', `no judge "${c.judge}"`, {
            judge: c.judge,
          }),
        );
      }
      if (!criterionName.has(c.criterion)) {
        problems.push(
          detail(
            `body.${list}[${i}].criterion`,
            'unknown_criterion',
            `no criterion "${c.criterion}" in "${eventId}"`,
            { criterion: c.criterion },
          ),
        );
      }
    });
  };
  check('add', body.add);
  check('remove', body.remove);
  const key = (c: Cell): string => `${c.judge}|${c.criterion}`;
  const adding = new Set(body.add.map(key));
  body.remove.forEach((c, i) => {
    if (adding.has(key(c))) {
      problems.push(
        detail(`body.remove[${i}]`, 'contradiction', `${c.judge} × ${c.criterion} is also added`, {
          judge: c.judge,
          criterion: c.criterion,
        }),
      );
    }
  });
  return problems;
}

/** Removals of a cell the judge has entered marks on: refused, with the criterion's name. */
function checkMarkedRemovals({
  body,
  judgeId,
  criterionName,
  marked,
}: CellCheck & { readonly marked: ReadonlyMap<string, Set<string>> }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  body.remove.forEach((c, i) => {
    const id = judgeId.get(c.judge);
    if (id !== undefined && marked.get(id)?.has(c.criterion)) {
      const name = criterionName.get(c.criterion) ?? c.criterion;
      problems.push(
        detail(
          `body.remove[${i}]`,
          'marks_entered',
          `${c.judge} has entered marks on "${name}": they cannot be taken away`,
          { judge: c.judge, criterion: name },
        ),
      );
    }
  });
  return problems;
}

/**
 * Each judge's criteria after the change, written only where they differ: a judge left with none
 * loses the assignment row, a judge new to the event gets one.
 */
async function writeCells(
  tx: Tx,
  w: {
    readonly ctx: Ctx;
    readonly competitionId: string;
    readonly eventId: string;
    readonly all: readonly string[];
    readonly current: readonly (typeof assignments.$inferSelect)[];
    readonly judgeId: ReadonlyMap<string, string>;
    readonly body: CellChanges;
  },
): Promise<void> {
  const { all, current, judgeId, body } = w;
  const byJudge = new Map(current.map((a) => [a.judgeId, a]));
  const wanted = new Map<string, Set<string>>(
    current.map((a) => [a.judgeId, new Set(a.criteria ?? all)]),
  );
  for (const c of body.add) {
    const id = judgeId.get(c.judge) as string;
    const set = wanted.get(id) ?? new Set<string>();
    set.add(c.criterion);
    wanted.set(id, set);
  }
  for (const c of body.remove) wanted.get(judgeId.get(c.judge) as string)?.delete(c.criterion);
  for (const [id, set] of wanted) {
    const list = all.filter((c) => set.has(c));
    const row = byJudge.get(id);
    const before = row ? (row.criteria ?? all) : [];
    if (list.length === before.length && list.every((c) => before.includes(c))) continue;
    if (list.length === 0) {
      await tx.delete(assignments).where(eq(assignments.id, (row as { id: string }).id));
    } else if (row) {
      await tx.update(assignments).set({ criteria: list }).where(eq(assignments.id, row.id));
    } else {
      await tx.insert(assignments).values({
        id: w.ctx.newId(),
        competitionId: w.competitionId,
        eventId: w.eventId,
        judgeId: id,
        criteria: list,
        entrants: null,
      });
    }
  }
}
