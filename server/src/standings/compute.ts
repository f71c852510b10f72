/**
 * Recomputes a competition's standings from the ledger with the pure engine: the roster, and the
 * latest version of every mark. A mark the current definition refuses (it changed after the mark
 * was entered) is left out and reported, so one stale mark cannot stop the leaderboard.
 */
import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { Scoring, type Competition, type MarkInput, type Problem } from '@skills/scoring';
import { marks, sheets, users, type Db, type Tx } from '@skills/db';
import { canonical } from '../audit/canonical.ts';
import { loadRoster } from '../services/entrants.ts';

export interface ScopeTable {
  readonly scope: string;
  readonly name: string;
  /** Rows in standing order, each with its `position`; plain JSON. */
  readonly rows: Record<string, unknown>[];
  /** Team standings derived from members (individual events with team scoring). */
  readonly teams: Record<string, unknown>[] | null;
  readonly hash: string;
}

export interface Computed {
  readonly definitionVersion: number;
  readonly scopes: ScopeTable[];
  /** Marks left out because the definition refuses them. */
  readonly problems: Problem[];
  readonly scoring: Scoring | null;
}

export function overallScope(id: string): string {
  return `overall:${id}`;
}

function plain(value: unknown): Record<string, unknown>[] {
  return (JSON.parse(JSON.stringify(value)) as Record<string, unknown>[]).map((row, position) => ({
    ...row,
    position,
  }));
}

function tableHash(rows: unknown, teams: unknown): string {
  return createHash('sha256').update(canonical({ rows, teams })).digest('hex');
}

export async function loadMarks(db: Db | Tx, competitionId: string): Promise<MarkInput[]> {
  const rows = await db
    .selectDistinctOn([marks.sheetId, marks.criterionId], {
      event: sheets.eventId,
      competitor: sheets.entrantId,
      judge: users.login,
      criterion: marks.criterionId,
      value: marks.value,
    })
    .from(marks)
    .innerJoin(sheets, eq(sheets.id, marks.sheetId))
    .innerJoin(users, eq(users.id, sheets.judgeId))
    .where(eq(sheets.competitionId, competitionId))
    .orderBy(marks.sheetId, marks.criterionId, desc(marks.version));
  const out: MarkInput[] = [];
  for (const r of rows) {
    if (r.value !== null) {
      out.push({
        event: r.event,
        competitor: r.competitor,
        judge: r.judge,
        criterion: r.criterion,
        value: r.value,
      });
    }
  }
  return out;
}

export async function computeCompetition(
  db: Db | Tx,
  competitionId: string,
  definition: Competition,
  definitionVersion: number,
): Promise<Computed> {
  const [roster, allMarks] = await Promise.all([
    loadRoster(db, competitionId),
    loadMarks(db, competitionId),
  ]);
  const members = new Map<string, string[]>();
  for (const m of roster.members) {
    const list = members.get(m.teamId) ?? [];
    list.push(m.contestantId);
    members.set(m.teamId, list);
  }
  const input = {
    contestants: roster.contestants.map((c) => ({
      id: c.id,
      name: c.name,
      ...(c.teamId !== null ? { team: c.teamId } : {}),
      ...(c.delegation !== null ? { delegation: c.delegation } : {}),
      ...(c.events !== null ? { events: c.events } : {}),
      attributes: { ...(c.gender !== null ? { gender: c.gender } : {}), ...c.attributes },
    })),
    teams: roster.teams.map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.delegation !== null ? { delegation: t.delegation } : {}),
      members: members.get(t.id) ?? [],
      ...(t.events !== null ? { events: t.events } : {}),
    })),
  };
  let kept = allMarks;
  const problems: Problem[] = [];
  let result = Scoring.create(definition, { ...input, marks: kept });
  for (let attempt = 0; !result.success && attempt < 3; attempt++) {
    const bad = new Set<number>();
    for (const p of result.problems) {
      if (p.path[0] === 'marks' && typeof p.path[1] === 'number') bad.add(p.path[1]);
      problems.push(p);
    }
    if (bad.size === 0) break;
    kept = kept.filter((_, i) => !bad.has(i));
    result = Scoring.create(definition, { ...input, marks: kept });
  }
  if (!result.success) {
    return { definitionVersion, scopes: [], problems: [...problems], scoring: null };
  }
  const standings = result.data.standings();
  const scopes: ScopeTable[] = [];
  for (const ev of standings.events) {
    const rows = plain(ev.rows);
    const teams = ev.teams ? plain(ev.teams) : null;
    scopes.push({ scope: ev.event, name: ev.name, rows, teams, hash: tableHash(rows, teams) });
  }
  for (const o of standings.overall) {
    const rows = plain(o.rows);
    scopes.push({
      scope: overallScope(o.overall),
      name: o.name,
      rows,
      teams: null,
      hash: tableHash(rows, null),
    });
  }
  return { definitionVersion, scopes, problems, scoring: result.data };
}
