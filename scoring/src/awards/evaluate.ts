/**
 * Award rules → nominations (DESIGN.md §3 "Award rules"; domain-rules.md §2.8). Each rule reads
 * one standings table, keeps the finishers that meet its eligibility filters and minimum score,
 * and selects by rank range, top N or top percent. With move-up (递补), an ineligible contestant's
 * place passes to the next eligible one: ranks are recounted among the eligible (1 + number of
 * eligible strictly better), so ties still share. Without it, the place stays empty.
 *
 * Examples: 陕西 2017: first place → 五一劳动奖章; 人社部 2017: top 5 with 职工身份 → 全国技术能手
 * (an eligibility filter); 山西: earlier champions' places are 递补 to the next.
 */
import { Rational } from '../exact/rational.ts';
import type { Award, Competition } from '../definition/schema.ts';
import type { AttributeValue, Contestant } from '../input/schema.ts';
import type { Standings } from '../engine/rows.ts';

export interface Nomination {
  readonly competitor: string;
  readonly name: string | null;
  readonly delegation: string | null;
  /** Rank in the standings read. */
  readonly rank: number;
  /** Rank among the eligible candidates (differs from rank when someone above was passed over). */
  readonly eligibleRank: number;
  /** The score or total it was ranked on (time for events ranked by time). */
  readonly value: Rational | null;
}

/**
 * Why a ranked contestant was passed over, as data: an eligibility attribute whose value
 * (null: not recorded) is not among those allowed, or a score below the award's minimum. Callers
 * word it in their reader's language; `reason` is the same in English.
 */
export type PassedOverCause =
  | {
      readonly kind: 'attribute';
      readonly attribute: string;
      readonly value: AttributeValue | null;
      readonly allowed: readonly AttributeValue[];
    }
  | { readonly kind: 'minScore'; readonly score: string | null; readonly min: string };

export interface PassedOver {
  readonly competitor: string;
  readonly rank: number;
  readonly reason: string;
  readonly cause: PassedOverCause;
}

export interface AwardResult {
  readonly award: string;
  readonly name: string;
  readonly standings: Award['standings'];
  readonly nominations: readonly Nomination[];
  /** Ranked within reach of the award but not eligible: who and why. */
  readonly passedOver: readonly PassedOver[];
}

interface Candidate {
  readonly competitor: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly team: string | null;
  readonly rank: number;
  readonly value: Rational | null;
  readonly score: Rational | null;
}

function candidatesOf(award: Award, standings: Standings): { rows: Candidate[]; entrants: number } {
  const s = award.standings;
  let rows: Candidate[] = [];
  let entrants = 0;
  if (s.of === 'overall') {
    const o = standings.overall.find((x) => x.overall === s.overall);
    entrants = o?.rows.length ?? 0;
    rows = (o?.rows ?? [])
      .filter((r) => r.rank !== null && r.status === 'ok')
      .map((r) => ({
        competitor: r.competitor,
        name: r.name,
        delegation: r.delegation,
        team: null,
        rank: r.rank ?? 0,
        value: r.total,
        score: o?.lowerIsBetter ? null : r.total,
      }));
  } else {
    const ev = standings.events.find((e) => e.event === s.event);
    const list =
      s.of === 'eventTeams'
        ? ev?.entrants === 'team'
          ? ev.rows
          : (ev?.teams ?? [])
        : (ev?.rows ?? []);
    entrants = list.length;
    rows = list
      .filter((r) => r.rank !== null && r.status === 'ok')
      .map((r) => ({
        competitor: r.competitor,
        name: r.name,
        delegation: r.delegation,
        team: 'team' in r ? r.team : null,
        rank: r.rank ?? 0,
        value: r.time ?? r.score,
        score: r.score,
      }));
  }
  rows.sort((a, b) => a.rank - b.rank);
  return { rows, entrants };
}

function attributeOf(
  c: Candidate,
  contestant: Contestant | undefined,
  attribute: string,
): AttributeValue | undefined {
  const own = contestant?.attributes[attribute];
  if (own !== undefined) return own;
  if (attribute === 'delegation') return c.delegation ?? undefined;
  if (attribute === 'team') return c.team ?? undefined;
  return undefined;
}

function ineligibility(
  award: Award,
  c: Candidate,
  contestant: Contestant | undefined,
): { reason: string; cause: PassedOverCause } | null {
  for (const rule of award.eligibility) {
    const v = attributeOf(c, contestant, rule.attribute);
    if (v === undefined || !rule.in.some((x) => x === v || String(x) === String(v))) {
      return {
        reason: `${rule.attribute} is ${v === undefined ? 'not recorded' : String(v)}, not ${rule.in.map(String).join(' / ')}`,
        cause: { kind: 'attribute', attribute: rule.attribute, value: v ?? null, allowed: rule.in },
      };
    }
  }
  if (award.minScore !== undefined) {
    const min = Rational.from(award.minScore);
    if (c.score === null || c.score.lt(min)) {
      const score = c.score?.toString() ?? null;
      return {
        reason: `score ${score ?? 'none'} is below ${min.toString()}`,
        cause: { kind: 'minScore', score, min: min.toString() },
      };
    }
  }
  return null;
}

/** How many places a selection covers, given the entrants and finishers of its standings. */
function placesOf(award: Award, entrants: number, finishers: number): { from: number; to: number } {
  const sel = award.select;
  switch (sel.kind) {
    case 'rankRange':
      return { from: sel.from, to: sel.to };
    case 'top':
      return { from: 1, to: sel.n };
    case 'all':
      return { from: 1, to: Number.MAX_SAFE_INTEGER };
    case 'topPercent': {
      const base = sel.base === 'finishers' ? finishers : entrants;
      const exact = Rational.from(sel.percent).mulInt(base).divInt(100);
      const n =
        sel.rounding === 'floor'
          ? exact.floor()
          : sel.rounding === 'ceil'
            ? -exact.neg().floor()
            : exact.round(0, 'halfUp').floor();
      return { from: 1, to: Number(n) };
    }
  }
}

/**
 * Evaluates every award rule, in definition order, against (final) standings.
 *
 * @example
 * const nominations = evaluateAwards(definition, standings, contestants);
 * nominations.find((a) => a.award === 'wuyi')?.nominations[0]?.competitor
 */
export function evaluateAwards(
  definition: Competition,
  standings: Standings,
  contestants: ReadonlyMap<string, Contestant> | readonly Contestant[],
): AwardResult[] {
  const byId: ReadonlyMap<string, Contestant> = isList(contestants)
    ? new Map(contestants.map((c) => [c.id, c]))
    : contestants;
  const holders = new Map<string, Set<string>>();
  const results: AwardResult[] = [];
  for (const award of definition.awards) {
    const { rows, entrants } = candidatesOf(award, standings);
    const { from, to } = placesOf(award, entrants, rows.length);
    const excluded = new Set<string>();
    for (const other of award.exclusiveWith)
      for (const id of holders.get(other) ?? []) excluded.add(id);
    const nominations: Nomination[] = [];
    const passedOver: PassedOver[] = [];
    const eligible: Candidate[] = [];
    for (const c of rows) {
      if (excluded.has(c.competitor)) continue;
      const why = ineligibility(award, c, byId.get(c.competitor));
      if (why === null) eligible.push(c);
      else passedOver.push({ competitor: c.competitor, rank: c.rank, ...why });
    }
    if (award.moveUp) {
      // Rank among the eligible: 1 + number of eligible candidates strictly better.
      let better = 0;
      eligible.forEach((c, i) => {
        if (i > 0 && (eligible[i - 1] as Candidate).rank < c.rank) better = i;
        const eligibleRank = better + 1;
        if (eligibleRank >= from && eligibleRank <= to)
          nominations.push({ ...pick(c), rank: c.rank, eligibleRank });
      });
    } else {
      for (const c of eligible)
        if (c.rank >= from && c.rank <= to)
          nominations.push({ ...pick(c), rank: c.rank, eligibleRank: c.rank });
    }
    // Passed over: the ineligible ranked within the award's places or above its last nominee,
    // so an award that nobody could take still says why.
    const reach = nominations.reduce((m, n) => Math.max(m, n.rank), to);
    const shownPassed = passedOver.filter(
      (p) => p.rank <= reach && p.rank >= (award.moveUp ? 1 : from),
    );
    holders.set(award.id, new Set(nominations.map((n) => n.competitor)));
    results.push({
      award: award.id,
      name: award.name,
      standings: award.standings,
      nominations,
      passedOver: shownPassed,
    });
  }
  return results;
}

function pick(c: Candidate): Omit<Nomination, 'rank' | 'eligibleRank'> {
  return { competitor: c.competitor, name: c.name, delegation: c.delegation, value: c.value };
}

function isList(
  x: ReadonlyMap<string, Contestant> | readonly Contestant[],
): x is readonly Contestant[] {
  return Array.isArray(x);
}
