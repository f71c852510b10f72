/** The roster as the engine reads it, from the roster tables. */
import type { ScoringInputFile } from '@skills/scoring';
import type { RosterRows } from '../services/entrants.ts';

export function engineRoster(
  roster: RosterRows,
): Required<Pick<ScoringInputFile, 'contestants' | 'teams'>> {
  const members = new Map<string, string[]>();
  for (const m of roster.members) {
    const list = members.get(m.teamId) ?? [];
    list.push(m.contestantId);
    members.set(m.teamId, list);
  }
  return {
    contestants: roster.contestants.map((c) => ({
      id: c.id,
      name: c.name,
      ...(c.teamId !== null ? { team: c.teamId } : {}),
      ...(c.delegation !== null ? { delegation: c.delegation } : {}),
      ...(c.events !== null ? { events: c.events } : {}),
      // Gender is a column of its own and an award attribute (女职工标兵).
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
}
