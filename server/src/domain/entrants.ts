/**
 * Who enters an event, by the same rule as the engine's roster: contestants whose `events` list
 * names it (or who have none) in an individual event; teams likewise in a team event.
 */
import { eq } from 'drizzle-orm';
import type { Competition } from '@skills/scoring';
import { contestants, teamMembers, teams, type Db, type Tx } from '@skills/db';

export interface RosterRows {
  readonly contestants: (typeof contestants.$inferSelect)[];
  readonly teams: (typeof teams.$inferSelect)[];
  readonly members: (typeof teamMembers.$inferSelect)[];
}

export async function loadRoster(db: Db | Tx, competitionId: string): Promise<RosterRows> {
  const [c, t, m] = await Promise.all([
    db.select().from(contestants).where(eq(contestants.competitionId, competitionId)),
    db.select().from(teams).where(eq(teams.competitionId, competitionId)),
    db.select().from(teamMembers).where(eq(teamMembers.competitionId, competitionId)),
  ]);
  return { contestants: c, teams: t, members: m };
}

/** A contestant as the API shows it (ContestantRow): the columns a row leaves empty left out. */
export function contestantRow(c: RosterRows['contestants'][number]) {
  return {
    id: c.id,
    bib: c.bib,
    name: c.name,
    ...(c.gender !== null ? { gender: c.gender } : {}),
    ...(c.unit !== null ? { unit: c.unit } : {}),
    ...(c.delegation !== null ? { delegation: c.delegation } : {}),
    ...(c.station !== null ? { station: c.station } : {}),
    ...(c.teamId !== null ? { team: c.teamId } : {}),
    ...(c.events !== null ? { events: c.events } : {}),
    attributes: c.attributes,
  };
}

/** The teams as the API and the engine show them: each with its members, in roster order. */
export function teamRows(roster: RosterRows) {
  const members = new Map<string, string[]>();
  for (const m of roster.members) {
    const list = members.get(m.teamId) ?? [];
    list.push(m.contestantId);
    members.set(m.teamId, list);
  }
  return roster.teams.map((t) => ({
    id: t.id,
    name: t.name,
    ...(t.delegation !== null ? { delegation: t.delegation } : {}),
    members: members.get(t.id) ?? [],
    ...(t.events !== null ? { events: t.events } : {}),
  }));
}

export function entrantsOf(def: Competition, eventId: string, roster: RosterRows): string[] {
  const ev = def.events.find((e) => e.id === eventId);
  if (!ev) return [];
  const enters = (events: readonly string[] | null): boolean =>
    events === null || events.includes(eventId);
  const list =
    ev.entrants === 'team'
      ? roster.teams.filter((t) => enters(t.events)).map((t) => t.id)
      : roster.contestants.filter((c) => enters(c.events)).map((c) => c.id);
  return list.sort();
}
