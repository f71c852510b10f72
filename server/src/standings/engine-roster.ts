/** The roster as the engine reads it, from the roster tables. */
import type { ScoringInputFile } from '@skills/scoring';
import { teamRows, type RosterRows } from '../domain/entrants.ts';

export function engineRoster(
  roster: RosterRows,
): Required<Pick<ScoringInputFile, 'contestants' | 'teams'>> {
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
    teams: teamRows(roster),
  };
}
