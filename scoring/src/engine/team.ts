/**
 * Team standings derived from members' event results (DESIGN.md §3 "Team scores"): sum, mean,
 * best N of M (邹城: sum of each team's top 3), or slowest member (吉林 森林消防 负重越野: a team's
 * time is its last member's; domain-rules.md §3.1, §3.5).
 */
import { Rational } from '../exact/rational.ts';
import type { Status, TeamScoring } from '../definition/schema.ts';
import type { CompiledEvent, CompiledTieBreak } from './compile.ts';
import { displayTie, tieValue } from './event.ts';
import { compareKeys, GROUP_FINISHED, groupOf, placements, SortKey, worse } from './rank.ts';
import type { EventRowView as EventRow } from './event-row.ts';
import type { Flag, RowStatus, TeamMemberResult, TeamRow } from './rows.ts';

export interface TeamEntry {
  readonly id: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly members: readonly string[];
}

function worstStatus(statuses: readonly Status[], order: readonly Status[]): Status | null {
  return statuses.reduce<Status | null>((w, s) => worse(w, s, order), null);
}

function memberOrder(a: EventRow, b: EventRow): number {
  const ra = a.rank ?? Infinity;
  const rb = b.rank ?? Infinity;
  return ra - rb || (a.competitor < b.competitor ? -1 : a.competitor > b.competitor ? 1 : 0);
}

/** Combines members' values the way the team's result combines them. */
function combine(
  values: readonly Rational[],
  method: TeamScoring['method'],
  byTime: boolean,
  memberCount: number,
): Rational | null {
  if (values.length === 0) return null;
  switch (method) {
    case 'sum':
    case 'best':
      return values.reduce((s, v) => s.add(v), Rational.ZERO);
    case 'mean':
      return values
        .reduce((s, v) => s.add(v), Rational.ZERO)
        .divInt(byTime ? values.length : memberCount);
    case 'slowest':
      return values.reduce((m, v) => m.max(v));
  }
}

export function teamStandings(
  ev: CompiledEvent,
  scoring: TeamScoring,
  teams: readonly TeamEntry[],
  rowOf: (competitor: string) => EventRow | undefined,
): TeamRow[] {
  const byTime = ev.rankByTime !== undefined;
  const built: { row: TeamRow; key: SortKey }[] = [];
  for (const team of teams) {
    const rows = team.members.map(rowOf).filter((r): r is EventRow => r !== undefined);
    if (rows.length === 0) continue;
    rows.sort(memberOrder);
    const finishers = rows.filter((r) => r.status === 'ok');
    const pending = rows.filter((r) => r.status === 'pending');
    const statuses = rows
      .map((r) => r.status)
      .filter((s): s is Status => s !== 'ok' && s !== 'pending');
    const flags: Flag[] = [];
    let counted: EventRow[];
    let status: RowStatus = 'ok';
    if (scoring.method === 'best') {
      const n = scoring.count ?? 1;
      counted = finishers.slice(0, n);
      if (counted.length < n) {
        if (byTime)
          status =
            pending.length > 0 ? 'pending' : (worstStatus(statuses, ev.statusOrder) ?? 'pending');
        else
          flags.push({
            code: 'incomplete',
            message: `${counted.length} of ${n} counted members have a result`,
          });
      }
    } else {
      counted = byTime ? rows : finishers;
      if (byTime) {
        const s = worstStatus(statuses, ev.statusOrder);
        if (s !== null) status = s;
        else if (pending.length > 0) status = 'pending';
      } else if (finishers.length < rows.length && pending.length > 0) {
        flags.push({
          code: 'incomplete',
          message: `${pending.length} member(s) have no result yet`,
        });
      }
    }
    if (!byTime && finishers.length === 0) {
      status =
        pending.length === rows.length
          ? 'pending'
          : (worstStatus(statuses, ev.statusOrder) ?? 'pending');
    }
    const countedSet = new Set(counted.map((r) => r.competitor));
    let score: Rational | null = null;
    let time: Rational | null = null;
    if (status === 'ok') {
      if (byTime)
        time = combine(
          counted.map((r) => r.time ?? Rational.ZERO),
          scoring.method,
          true,
          rows.length,
        );
      else
        score = combine(
          counted.map((r) => r.score ?? Rational.ZERO),
          scoring.method,
          false,
          rows.length,
        );
    }
    const members: TeamMemberResult[] = rows.map((r) => ({
      competitor: r.competitor,
      counted: countedSet.has(r.competitor),
      status: r.status,
      rank: r.rank,
      score: r.score,
      time: r.time,
    }));
    const row: TeamRow = {
      competitor: team.id,
      name: team.name,
      delegation: team.delegation,
      rank: null,
      tie: { kind: 'first' },
      status,
      score,
      time,
      members,
      flags,
    };
    const group = groupOf(status, ev.statusOrder);
    const primary = group !== GROUP_FINISHED ? null : byTime ? time : (score?.neg() ?? null);
    const tie =
      group !== GROUP_FINISHED
        ? []
        : ev.teamTies.map((t) => teamTieValue(t, counted, scoring.method, byTime, rows.length));
    built.push({
      row,
      key: new SortKey(group, primary, team.id, tie, tie.length, ev.teamTieSigns),
    });
  }
  built.sort((a, b) => compareKeys(a.key, b.key));
  const places = placements(
    built.map((b) => b.key),
    scoring.tieBreaks,
    displayTie,
  );
  return built.map((b, i) => {
    const p = places[i];
    return p ? { ...b.row, rank: p.rank, tie: p.tie } : b.row;
  });
}

function teamTieValue(
  t: CompiledTieBreak,
  counted: readonly EventRow[],
  method: TeamScoring['method'],
  byTime: boolean,
  memberCount: number,
): Rational | null {
  if (t.rule.by === 'bestMember') {
    const best = counted[0];
    if (!best) return null;
    return byTime ? best.time : best.score;
  }
  if (method === 'slowest') {
    const last = counted[counted.length - 1];
    return last ? tieValue(last, t) : null;
  }
  const values = counted.map((r) => tieValue(r, t)).filter((v): v is Rational => v !== null);
  return combine(values, method, true, memberCount);
}
