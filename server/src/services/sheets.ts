/**
 * Score sheets as each reader sees them: what a judge sees (codes only, never names), what
 * officials see, a sheet's history, and the sheets changed after a cursor. Moving a sheet along
 * its workflow is sheet-workflow.ts.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  assignments,
  auditLog,
  contestants,
  marks,
  sheets,
  teams,
  users,
  type SheetStatus,
} from '@skills/db';
import type { MarkRules } from '@skills/scoring';
import type { Actor, User } from '../auth/actor.ts';
import { isOfficial } from '../auth/actor.ts';
import type { CurrentMark, Sheet } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail, forbidden, notFound } from '../errors/service-error.ts';
import { requireMember, requireUser } from '../domain/access.ts';
import { currentMarks as currentMarkRows } from '../ledger/current-marks.ts';
import { codesOf } from './draws.ts';

export type SheetRow = typeof sheets.$inferSelect;

/** Where a request names its sheet: every refusal about the sheet itself points there. */
export const SHEET = 'params.sheetId';

/** A judge asking for another judge's sheet. */
function notYours(): ServiceError {
  return new ServiceError('not_assigned', 'this sheet belongs to another judge', {
    details: [detail(SHEET, 'not_assigned', 'this sheet belongs to another judge')],
  });
}

export async function loadSheet(ctx: Ctx, user: User, sheetId: string): Promise<SheetRow> {
  const [row] = await ctx.db.select().from(sheets).where(eq(sheets.id, sheetId));
  if (!row) throw notFound('score sheet', SHEET);
  if (user.competitionId !== null && user.competitionId !== row.competitionId) {
    throw notFound('score sheet', SHEET);
  }
  if (!isOfficial(user) && row.judgeId !== user.id) throw notYours();
  return row;
}

/** Current marks of sheets: the highest version of each criterion. */
async function currentMarks(
  ctx: Ctx,
  sheetIds: readonly string[],
): Promise<Map<string, CurrentMark[]>> {
  const out = new Map<string, CurrentMark[]>();
  if (sheetIds.length === 0) return out;
  const rows = await currentMarkRows(ctx.db, inArray(marks.sheetId, [...sheetIds]));
  for (const r of rows) {
    const list = out.get(r.sheetId) ?? [];
    list.push({
      criterion: r.criterion,
      version: r.version,
      value: r.value,
      by: `${r.byName} (${r.byLogin})`,
      at: r.at.toISOString(),
      reason: r.reason,
    });
    out.set(r.sheetId, list);
  }
  return out;
}

/**
 * Sheets as the user may see them: judges get codes only; officials also who the entrant is.
 * Long on purpose: every field a reader sees, and what each role is kept from, reads in one place.
 */
export async function present(ctx: Ctx, user: User, rows: readonly SheetRow[]): Promise<Sheet[]> {
  const official = isOfficial(user);
  // A judge's sheet lists only the criteria of their assignment; officials see them all.
  const assigned = new Map(
    official
      ? []
      : (
          await ctx.db
            .select({
              competitionId: assignments.competitionId,
              eventId: assignments.eventId,
              criteria: assignments.criteria,
            })
            .from(assignments)
            .where(eq(assignments.judgeId, user.id))
        ).map((a) => [`${a.competitionId}|${a.eventId}`, a.criteria]),
  );
  // Officials see every criterion, and which of them the sheet's judge is assigned.
  const judgesAssigned = new Map(
    official && rows.length > 0
      ? (
          await ctx.db
            .select({
              competitionId: assignments.competitionId,
              eventId: assignments.eventId,
              judgeId: assignments.judgeId,
              criteria: assignments.criteria,
            })
            .from(assignments)
            .where(inArray(assignments.judgeId, [...new Set(rows.map((r) => r.judgeId))]))
        ).map((a) => [`${a.competitionId}|${a.eventId}|${a.judgeId}`, a.criteria])
      : [],
  );
  const byMarks = await currentMarks(
    ctx,
    rows.map((r) => r.id),
  );
  const judgeLogins = new Map(
    (
      await ctx.db
        .select({ id: users.id, login: users.login })
        .from(users)
        .where(inArray(users.id, [...new Set(rows.map((r) => r.judgeId)), user.id]))
    ).map((u) => [u.id, u.login]),
  );
  const codeCache = new Map<string, Map<string, string>>();
  const whoCache = new Map<string, Map<string, { bib: string | null; name: string }>>();
  const entrantsOf = (competitionId: string, eventId?: string): string[] => [
    ...new Set(
      rows
        .filter(
          (x) =>
            x.competitionId === competitionId && (eventId === undefined || x.eventId === eventId),
        )
        .map((x) => x.entrantId),
    ),
  ];
  const rulesCache = new Map<string, MarkRules>();
  const out: Sheet[] = [];
  for (const r of rows) {
    const eventKey = `${r.competitionId}|${r.eventId}`;
    let codes = codeCache.get(eventKey);
    if (!codes) {
      codes = await codesOf(
        ctx.db,
        r.competitionId,
        r.eventId,
        entrantsOf(r.competitionId, r.eventId),
      );
      codeCache.set(eventKey, codes);
    }
    let rules = rulesCache.get(r.competitionId);
    if (!rules) {
      rules = (await ctx.catalog.current(r.competitionId)).rules;
      rulesCache.set(r.competitionId, rules);
    }
    const sheet: Sheet = {
      id: r.id,
      competitionId: r.competitionId,
      event: r.eventId,
      judge: judgeLogins.get(r.judgeId) ?? '',
      code: codes.get(r.entrantId) ?? null,
      status: r.status,
      revision: r.revision,
      note: r.note,
      criteria: rules.criteria(r.eventId).filter((c) => {
        const only = assigned.get(`${r.competitionId}|${r.eventId}`);
        return only === undefined || only === null || only.includes(c.id);
      }),
      marks: byMarks.get(r.id) ?? [],
    };
    if (official) {
      let who = whoCache.get(r.competitionId);
      if (!who) {
        who = await entrantNames(ctx, r.competitionId, entrantsOf(r.competitionId));
        whoCache.set(r.competitionId, who);
      }
      const w = who.get(r.entrantId);
      sheet.entrant = { id: r.entrantId, bib: w?.bib ?? null, name: w?.name ?? r.entrantId };
      const only = judgesAssigned.get(`${r.competitionId}|${r.eventId}|${r.judgeId}`);
      sheet.assigned =
        only === undefined || only === null ? sheet.criteria.map((c) => c.id) : [...only];
    }
    out.push(sheet);
  }
  return out;
}

async function entrantNames(
  ctx: Ctx,
  competitionId: string,
  ids: readonly string[],
): Promise<Map<string, { bib: string | null; name: string }>> {
  const [cs, ts] = await Promise.all([
    ctx.db
      .select({ id: contestants.id, bib: contestants.bib, name: contestants.name })
      .from(contestants)
      .where(and(eq(contestants.competitionId, competitionId), inArray(contestants.id, [...ids]))),
    ctx.db
      .select({ id: teams.id, name: teams.name })
      .from(teams)
      .where(and(eq(teams.competitionId, competitionId), inArray(teams.id, [...ids]))),
  ]);
  const out = new Map<string, { bib: string | null; name: string }>();
  for (const c of cs) out.set(c.id, { bib: c.bib, name: c.name });
  for (const t of ts) out.set(t.id, { bib: null, name: t.name });
  return out;
}

/**
 * A judge's own sheets (only those of events with a draw: before it there is no code to show),
 * or, for officials, the sheets of a competition.
 */
export async function listSheets(
  ctx: Ctx,
  actor: Actor,
  query: { competitionId?: string; event?: string | undefined; status?: SheetStatus | undefined },
): Promise<Sheet[]> {
  const user = requireUser(actor);
  const where: (SQL | undefined)[] = [];
  if (user.role === 'judge') {
    where.push(eq(sheets.judgeId, user.id));
  } else {
    const competitionId = query.competitionId ?? user.competitionId;
    if (competitionId === null) {
      throw new ServiceError('invalid_input', 'name the competition', {
        details: [detail('params.competitionId', 'required', 'which competition')],
      });
    }
    requireMember(actor, competitionId);
    await ctx.catalog.current(competitionId); // 404 for an unknown competition
    where.push(eq(sheets.competitionId, competitionId));
  }
  if (query.event !== undefined) where.push(eq(sheets.eventId, query.event));
  if (query.status !== undefined) where.push(eq(sheets.status, query.status));
  const rows = await ctx.db
    .select()
    .from(sheets)
    .where(and(...where))
    .orderBy(asc(sheets.eventId), asc(sheets.entrantId), asc(sheets.judgeId));
  const shown = await present(ctx, user, rows);
  return user.role === 'judge' ? shown.filter((s) => s.code !== null) : shown;
}

export async function getSheet(ctx: Ctx, actor: Actor, sheetId: string): Promise<Sheet> {
  const user = requireUser(actor);
  const row = await loadSheet(ctx, user, sheetId);
  const [shown] = await present(ctx, user, [row]);
  if (!shown || (user.role === 'judge' && shown.code === null)) {
    throw new ServiceError('not_ready', 'codes have not been drawn for this event yet', {
      details: [detail(SHEET, 'not_drawn', 'codes have not been drawn for this event yet')],
    });
  }
  return shown;
}

/** Every version of every mark on a sheet, oldest first. */
export async function sheetHistory(
  ctx: Ctx,
  actor: Actor,
  sheetId: string,
): Promise<(CurrentMark & { opId: string })[]> {
  const user = requireUser(actor);
  await loadSheet(ctx, user, sheetId);
  const rows = await ctx.db
    .select({
      criterion: marks.criterionId,
      version: marks.version,
      value: marks.value,
      reason: marks.reason,
      at: marks.enteredAt,
      opId: marks.opId,
      byName: users.name,
      byLogin: users.login,
    })
    .from(marks)
    .innerJoin(users, eq(users.id, marks.enteredBy))
    .where(eq(marks.sheetId, sheetId))
    .orderBy(asc(marks.id));
  return rows.map((r) => ({
    criterion: r.criterion,
    version: r.version,
    value: r.value,
    reason: r.reason,
    at: r.at.toISOString(),
    opId: r.opId,
    by: `${r.byName} (${r.byLogin})`,
  }));
}

/**
 * The sheets of an event changed after audit entry `since`, for a console that follows them
 * without re-reading the whole list. Every mark write and sheet transition appends an audit
 * entry naming its sheet, under the chain head's lock, so entry numbers grow in commit order:
 * nothing committed after the cursor was read can carry a number at or below it. Entries of the
 * competition that name no sheet but may change the event's sheets (assignments, a finalize, a
 * reopen) answer `reload` with every sheet of the event.
 */
export async function sheetChanges(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  query: { event?: string | undefined; since?: number | undefined },
): Promise<{ cursor: number; reload: boolean; sheets: Sheet[] }> {
  const user = requireMember(actor, competitionId);
  if (!isOfficial(user)) {
    throw forbidden('only the chief judge or the organizer follow the sheets', undefined, 'role');
  }
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  // The cursor first: what commits while the sheets are read comes again next time.
  const [head] = await ctx.db
    // A bigint: postgres-js answers it as a string, PGlite as a number.
    .select({ seq: sql<string | number>`coalesce(max(${auditLog.seq}), 0)::bigint` })
    .from(auditLog);
  const cursor = Number(head?.seq ?? 0);
  const all = async (): Promise<Sheet[]> =>
    listSheets(ctx, actor, { competitionId, event: query.event });
  if (query.since === undefined) return { cursor, reload: false, sheets: await all() };
  const entries = await ctx.db
    .select({
      action: auditLog.action,
      sheet: sql<string | null>`${auditLog.data}->>'sheet'`,
      event: sql<string | null>`${auditLog.data}->>'event'`,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.competitionId, competitionId),
        sql`${auditLog.seq} > ${query.since}`,
        sql`${auditLog.seq} <= ${cursor}`,
      ),
    );
  const ids = new Set<string>();
  let reload = false;
  for (const e of entries) {
    if (e.sheet !== null) {
      if (e.event === null || query.event === undefined || e.event === query.event)
        ids.add(e.sheet);
    } else if (e.event === null || query.event === undefined || e.event === query.event) {
      reload = reload || !QUIET.has(e.action);
    }
  }
  if (reload) return { cursor, reload: true, sheets: await all() };
  if (ids.size === 0) return { cursor, reload: false, sheets: [] };
  const rows = await ctx.db
    .select()
    .from(sheets)
    .where(
      and(
        eq(sheets.competitionId, competitionId),
        query.event === undefined ? undefined : eq(sheets.eventId, query.event),
        inArray(sheets.id, [...ids]),
      ),
    )
    .orderBy(asc(sheets.eventId), asc(sheets.entrantId), asc(sheets.judgeId));
  return { cursor, reload: false, sheets: await present(ctx, user, rows) };
}

/** Audit actions of a competition that never change its sheets. */
const QUIET: ReadonlySet<string> = new Set([
  'auth.login',
  'auth.logout',
  'auth.judge-login',
  'auth.link-login',
  'auth.lockout',
  'auth.unlock',
  'judge.login-link',
  'login.unlock',
  'login.lockout',
  'session.start',
  'judge.create',
  'judges.import',
  'event.settings',
  'event.reveal',
]);
