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
