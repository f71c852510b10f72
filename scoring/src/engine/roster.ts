/**
 * Who is in which event: contestants enter individual events, teams enter team events, and team
 * membership comes from a team's `members` and each contestant's `team`. With no roster at all
 * (a bare marks file) the competitors are taken from the marks.
 */
import type { Competition } from '../definition/schema.ts';
import { problem, type Problem } from '../problem.ts';
import type { Contestant, ScoringInput, Team } from '../input/schema.ts';
import type { Entrant } from './event.ts';
import type { TeamEntry } from './team.ts';

export interface Roster {
  readonly contestants: ReadonlyMap<string, Contestant>;
  readonly teams: ReadonlyMap<string, Team>;
  /** event id → its entrants in roster order */
  readonly entrants: ReadonlyMap<string, readonly Entrant[]>;
  /** event id → teams with their members entered in that individual event */
  readonly teamEntries: ReadonlyMap<string, readonly TeamEntry[]>;
}

/** Fills an empty roster from the competitors named in marks and statuses. */
export function inferRoster(def: Competition, input: ScoringInput): ScoringInput {
  if (input.contestants.length > 0 || input.teams.length > 0) return input;
  const teamEvents = new Set(def.events.filter((e) => e.entrants === 'team').map((e) => e.id));
  const contestants = new Map<string, Contestant>();
  const teams = new Map<string, Team>();
  for (const m of [...input.marks, ...input.statuses]) {
    if (teamEvents.has(m.event)) {
      if (!teams.has(m.competitor)) teams.set(m.competitor, { id: m.competitor, members: [] });
    } else if (!contestants.has(m.competitor)) {
      contestants.set(m.competitor, { id: m.competitor, attributes: {} });
    }
  }
  return { ...input, contestants: [...contestants.values()], teams: [...teams.values()] };
}

export function buildRoster(def: Competition, input: ScoringInput, problems: Problem[]): Roster {
  const events = new Map(def.events.map((e) => [e.id, e]));
  const contestants = new Map<string, Contestant>();
  input.contestants.forEach((c, i) => {
    if (contestants.has(c.id))
      problems.push(
        problem(['contestants', i, 'id'], 'duplicate_id', `contestant "${c.id}" is listed twice`),
      );
    contestants.set(c.id, c);
  });
  const teams = new Map<string, Team>();
  input.teams.forEach((t, i) => {
    if (teams.has(t.id))
      problems.push(problem(['teams', i, 'id'], 'duplicate_id', `team "${t.id}" is listed twice`));
    if (contestants.has(t.id))
      problems.push(
        problem(['teams', i, 'id'], 'duplicate_id', `"${t.id}" is both a contestant and a team`),
      );
    teams.set(t.id, t);
  });
  /** The events a roster entry names exist and take that kind of entrant. */
  const checkEntered = (
    ids: readonly string[] | undefined,
    kind: 'individual' | 'team',
    at: readonly (string | number)[],
  ): void => {
    ids?.forEach((id, i) => {
      const ev = events.get(id);
      if (!ev) problems.push(problem([...at, i], 'unknown_event', `no event "${id}"`));
      else if (ev.entrants !== kind) {
        const other = kind === 'team' ? 'an individual' : 'a team';
        problems.push(
          problem(
            [...at, i],
            `not_${kind === 'team' ? 'a_team' : 'an_individual'}_event`,
            `event "${id}" is ${other} event`,
          ),
        );
      }
    });
  };
  const members = new Map<string, string[]>();
  for (const t of teams.values()) members.set(t.id, [...t.members]);
  input.teams.forEach((t, ti) => {
    t.members.forEach((m, mi) => {
      if (!contestants.has(m))
        problems.push(
          problem(['teams', ti, 'members', mi], 'unknown_contestant', `no contestant "${m}"`),
        );
    });
    checkEntered(t.events, 'team', ['teams', ti, 'events']);
  });
  input.contestants.forEach((c, ci) => {
    if (c.team !== undefined) {
      const list = members.get(c.team);
      if (!list)
        problems.push(problem(['contestants', ci, 'team'], 'unknown_team', `no team "${c.team}"`));
      else if (!list.includes(c.id)) list.push(c.id);
    }
    checkEntered(c.events, 'individual', ['contestants', ci, 'events']);
  });
  const teamOf = new Map<string, string>();
  for (const [t, list] of members) for (const m of list) if (!teamOf.has(m)) teamOf.set(m, t);

  const entrants = new Map<string, Entrant[]>();
  const teamEntries = new Map<
    string,
    { id: string; name: string | null; delegation: string | null; members: string[] }[]
  >();
  for (const ev of def.events) {
    const list: Entrant[] = [];
    if (ev.entrants === 'individual') {
      for (const c of contestants.values()) {
        if (c.events && !c.events.includes(ev.id)) continue;
        const team = teamOf.get(c.id) ?? null;
        const delegation = c.delegation ?? (team ? teams.get(team)?.delegation : undefined) ?? null;
        list.push({ id: c.id, name: c.name ?? null, delegation, team });
      }
      if (ev.team) {
        const entered = new Set(list.map((e) => e.id));
        teamEntries.set(
          ev.id,
          [...teams.values()]
            .map((t) => ({
              id: t.id,
              name: t.name ?? null,
              delegation: t.delegation ?? null,
              members: (members.get(t.id) ?? []).filter((m) => entered.has(m)),
            }))
            .filter((t) => t.members.length > 0),
        );
      }
    } else {
      for (const t of teams.values()) {
        if (t.events && !t.events.includes(ev.id)) continue;
        list.push({ id: t.id, name: t.name ?? null, delegation: t.delegation ?? null, team: null });
      }
    }
    entrants.set(ev.id, list);
  }
  return { contestants, teams, entrants, teamEntries };
}
