/**
 * Overall standings across events (DESIGN.md §3 "Overall"): a weighted sum of event scores, or
 * points by rank (a points table; the rank itself, lower wins, as Science Olympiad team scores;
 * or N − rank + 1), per contestant, per team, or per delegation (代表队) combining its entries.
 * Sources: domain-rules.md §3.1 (四川 2024 individual all-round by points over three subjects),
 * §3.4 (Science Olympiad: sum of event ranks, no-show = N + 1).
 */
import { Rational } from '../exact/rational.ts';
import type { Overall, TieBreak } from '../definition/schema.ts';
import { applyRounding } from './compile.ts';
import { compareKeys, GROUP_FINISHED, GROUP_PENDING, placements, SortKey } from './rank.ts';
import type {
  EventStandings,
  OverallPart,
  OverallRow,
  OverallStandings,
  RowStatus,
} from './rows.ts';

interface Entry {
  readonly competitor: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly rank: number | null;
  readonly ok: boolean;
  readonly status: RowStatus;
  readonly score: Rational | null;
}

function entriesOf(scope: Overall['scope'], ev: EventStandings): Entry[] {
  const teamRows = ev.entrants === 'team' ? ev.rows : ev.teams;
  const rows = scope === 'team' ? (teamRows ?? []) : ev.rows;
  return rows.map((r) => ({
    competitor: r.competitor,
    name: r.name,
    delegation: r.delegation,
    rank: r.rank,
    ok: r.status === 'ok',
    status: r.status,
    score: r.score,
  }));
}

function rankPoints(o: Overall, rank: number | null, ranked: number): Rational {
  if (o.method.kind !== 'rankPoints') return Rational.ZERO;
  const p = o.method.points;
  switch (p.kind) {
    case 'table': {
      if (rank === null) return Rational.ZERO;
      const v = p.values[rank - 1];
      return v === undefined ? Rational.ZERO : Rational.from(v);
    }
    case 'rank':
      return Rational.int(rank ?? ranked + 1);
    case 'reverseRank':
      return rank === null ? Rational.ZERO : Rational.int(Math.max(0, ranked - rank + 1));
  }
}

/** One event's contribution for one entry (higher is better unless lowerIsBetter). */
function partValue(o: Overall, e: Entry | undefined, weight: Rational, ranked: number): Rational {
  if (o.method.kind === 'weightedSum')
    return e?.ok && e.score ? e.score.mul(weight) : Rational.ZERO;
  // A DNF/DNS/DQ row has a place after the finishers in its event's table, but it earned no
  // placing: it scores as unranked (table and reverse-rank points 0; as a rank, N + 1, the
  // Science Olympiad no-show), and a disqualification as N + 2 (virginiaso.org/scoring.php,
  // domain-rules.md §3.4). Golden cases: overall-rank-points.json, delegation-medal-table.json.
  if (e !== undefined && !e.ok) {
    if (e.status === 'DQ' && o.method.points.kind === 'rank') return Rational.int(ranked + 2);
    return rankPoints(o, null, ranked);
  }
  return rankPoints(o, e?.rank ?? null, ranked);
}

export function overallStandings(
  o: Overall,
  events: ReadonlyMap<string, EventStandings>,
): OverallStandings {
  const lowerIsBetter = o.method.kind === 'rankPoints' && o.method.points.kind === 'rank';
  const parts =
    o.method.kind === 'weightedSum'
      ? o.method.events.map((x) => ({ event: x.event, weight: Rational.from(x.weight) }))
      : o.method.events.map((event) => ({ event, weight: Rational.ONE }));

  // competitor → identity, and per event the entry
  const who = new Map<string, { name: string | null; delegation: string | null }>();
  const perEvent = parts.map((part) => {
    const ev = events.get(part.event);
    const entries = ev ? entriesOf(o.scope, ev) : [];
    const ranked = entries.filter((e) => e.rank !== null).length;
    const byId = new Map<string, Entry>();
    for (const e of entries) {
      byId.set(e.competitor, e);
      if (o.scope !== 'delegation') {
        if (!who.has(e.competitor))
          who.set(e.competitor, { name: e.name, delegation: e.delegation });
      } else if (e.delegation !== null && !who.has(e.delegation)) {
        who.set(e.delegation, { name: e.delegation, delegation: e.delegation });
      }
    }
    return { ...part, entries, byId, ranked };
  });

  // Count-back (placeCounts): the counts of 1st, 2nd … places as the digits of one integer in a
  // base larger than any count, so one exact comparison orders them.
  const base = BigInt(perEvent.reduce((n, pe) => n + pe.entries.length, 0) + 1);
  const countBack = (places: readonly number[], k: number): Rational => {
    let v = 0n;
    for (let place = 1; place <= k; place++) {
      v = v * base + BigInt(places.filter((p) => p === place).length);
    }
    return Rational.of(v);
  };
  const showCountBack = (v: Rational, k: number): string => {
    const counts: bigint[] = [];
    let rest = v.floor();
    for (let place = 0; place < k; place++) {
      counts.unshift(rest % base);
      rest /= base;
    }
    return counts.join('/');
  };

  const built: { row: OverallRow; key: SortKey }[] = [];
  for (const [id, info] of who) {
    const rowParts: OverallPart[] = [];
    /** Places this row's entries finished in, for count-back. */
    const places: number[] = [];
    let total = Rational.ZERO;
    let any = false;
    for (const pe of perEvent) {
      let value: Rational;
      let rank: number | null = null;
      if (o.scope === 'delegation') {
        const mine = pe.entries.filter((e) => e.delegation === id);
        if (mine.some((e) => e.rank !== null)) any = true;
        for (const e of mine) if (e.ok && e.rank !== null) places.push(e.rank);
        let values = mine.map((e) => partValue(o, e, pe.weight, pe.ranked));
        if (o.delegation.method === 'best') {
          values = [...values]
            .sort((a, b) => (lowerIsBetter ? a.cmp(b) : b.cmp(a)))
            .slice(0, o.delegation.count ?? 1);
        }
        value =
          values.length === 0
            ? partValue(o, undefined, pe.weight, pe.ranked)
            : values.reduce((s, v) => s.add(v), Rational.ZERO);
      } else {
        const e = pe.byId.get(id);
        if (e?.rank !== null && e?.rank !== undefined) any = true;
        rank = e?.rank ?? null;
        if (e?.ok && rank !== null) places.push(rank);
        value = partValue(o, e, pe.weight, pe.ranked);
      }
      total = total.add(value);
      rowParts.push({ event: pe.event, value, rank });
    }
    total = applyRounding(
      total,
      o.rounding ? { places: o.rounding.places, mode: o.rounding.mode } : undefined,
    );
    const group = any ? GROUP_FINISHED : GROUP_PENDING;
    const orient = (v: Rational): Rational => (lowerIsBetter ? v : v.neg());
    const tie = any
      ? o.tieBreaks.map((tb) => {
          // More places won is better whichever way the total runs.
          if (tb.by === 'placeCounts') return countBack(places, tb.places).neg();
          if (tb.by !== 'event') return null;
          const part = rowParts.find((p) => p.event === tb.event);
          return part ? orient(part.value) : null;
        })
      : [];
    const row: OverallRow = {
      competitor: id,
      name: info.name,
      delegation: info.delegation,
      rank: null,
      tie: { kind: 'first' },
      status: any ? 'ok' : 'pending',
      total,
      parts: rowParts,
    };
    built.push({ row, key: new SortKey(group, any ? orient(total) : null, id, tie, tie.length) });
  }
  built.sort((a, b) => compareKeys(a.key, b.key));
  const places = placements(
    built.map((b) => b.key),
    o.tieBreaks,
    (rule: TieBreak, v) => {
      if (v === null) return null;
      if (rule.by === 'placeCounts') return showCountBack(v.neg(), rule.places);
      return (lowerIsBetter ? v : v.neg()).toString();
    },
  );
  return {
    overall: o.id,
    name: o.name,
    scope: o.scope,
    lowerIsBetter,
    rows: built.map((b, i) => {
      const p = places[i];
      return p ? { ...b.row, rank: p.rank, tie: p.tie } : b.row;
    }),
  };
}
