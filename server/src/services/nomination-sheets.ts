/**
 * The score sheets behind a nominee's place (DESIGN.md §4 "the sheets behind each rank"): the
 * signed sheets of the events an award ranks on, and whose sheets stand behind a competitor (a
 * team's members, an overall table's events). It lives apart from the tables and the award rules
 * because it reads the ledger's sheets, not the standings.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { overallEvents, type Competition } from '@skills/scoring';
import { sheets, users } from '@skills/db';
import type { Ctx } from '../context.ts';
import type { RosterRows } from '../domain/entrants.ts';
import type { Award, Row, Snapshot } from './nomination-tables.ts';

interface SheetRow {
  id: string;
  event: string;
  entrant: string;
  judge: string;
  status: 'draft' | 'returned' | 'submitted' | 'verified' | 'locked';
  verifiedBy: string | null;
  verifiedAt: string | null;
}

export async function sheetsOf(
  ctx: Ctx,
  competitionId: string,
  eventIds: readonly string[],
): Promise<Map<string, SheetRow[]>> {
  const out = new Map<string, SheetRow[]>();
  if (eventIds.length === 0) return out;
  const judge = alias(users, 'judge');
  const verifier = alias(users, 'verifier');
  const rows = await ctx.db
    .select({
      id: sheets.id,
      event: sheets.eventId,
      entrant: sheets.entrantId,
      judge: judge.login,
      status: sheets.status,
      verifiedBy: verifier.login,
      verifiedAt: sheets.verifiedAt,
    })
    .from(sheets)
    .innerJoin(judge, eq(judge.id, sheets.judgeId))
    .leftJoin(verifier, eq(verifier.id, sheets.verifiedBy))
    .where(and(eq(sheets.competitionId, competitionId), inArray(sheets.eventId, [...eventIds])))
    .orderBy(sheets.eventId, sheets.entrantId, judge.login);
  for (const r of rows) {
    const key = `${r.event}|${r.entrant}`;
    const list = out.get(key) ?? [];
    list.push({ ...r, verifiedAt: r.verifiedAt?.toISOString() ?? null });
    out.set(key, list);
  }
  return out;
}

/** Whose sheets stand behind a competitor's place in an award's standings. */
export function entrantsBehind(
  definition: Competition,
  award: Award,
  competitor: string,
  eventTables: ReadonlyMap<string, Snapshot>,
  roster: RosterRows,
): { event: string; entrant: string }[] {
  const s = award.standings;
  const membersOf = (team: string): string[] =>
    roster.members.filter((m) => m.teamId === team).map((m) => m.contestantId);
  if (s.of === 'event') return [{ event: s.event, entrant: competitor }];
  if (s.of === 'eventTeams') {
    const ev = definition.events.find((e) => e.id === s.event);
    if (ev?.entrants === 'team') return [{ event: s.event, entrant: competitor }];
    const row = eventTables.get(s.event)?.teams?.find((t) => t['competitor'] === competitor);
    const members = Array.isArray(row?.['members'])
      ? (row['members'] as Row[]).map((m) => String(m['competitor']))
      : membersOf(competitor);
    return members.map((m) => ({ event: s.event, entrant: m }));
  }
  const o = definition.overall.find((x) => x.id === s.overall);
  if (!o) return [];
  let who: string[] = [competitor];
  if (o.scope === 'team') who = [competitor, ...membersOf(competitor)];
  if (o.scope === 'delegation') {
    who = [
      ...roster.contestants.filter((c) => c.delegation === competitor).map((c) => c.id),
      ...roster.teams.filter((t) => t.delegation === competitor).map((t) => t.id),
    ];
  }
  return overallEvents(o).flatMap((event) => who.map((entrant) => ({ event, entrant })));
}
