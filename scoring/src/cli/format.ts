/**
 * Readable text for the CLI: per event standings (with per-module scores, flags and why each row
 * stands where it does), team standings, overall standings and award nominations with the
 * contestants passed over and why. Numbers are shown with the event's (or overall's) rounding
 * places when the definition sets them, else exactly when the decimal terminates, else to 4
 * places with a trailing "…" (the JSON output always carries the exact value).
 */
import {
  Rational,
  type AwardResult,
  type Competition,
  type EventRow,
  type EventStandings,
  type Flag,
  type OverallStandings,
  type RoundingMode,
  type Standings,
  type TeamRow,
  type TieBreak,
  type TieInfo,
} from '../index.ts';
import { renderTable, type Align, type Column } from './text-table.ts';

/** How numbers in one table are shown: fixed places (the definition's rounding) or exact. */
export interface Places {
  readonly places: number;
  readonly mode: RoundingMode;
}

/** A Rational for people: fixed places when given, else exact if it terminates, else 4 places + "…". */
export function formatRational(r: Rational, places?: Places): string {
  if (places) return r.toFixed(places.places, places.mode);
  const exact = r.toString();
  if (!exact.includes('/')) return exact;
  return `${r.toFixed(4)}…`;
}

/** A time in seconds with at least the criterion's precision ("61.00"), never rounded. */
export function formatSeconds(r: Rational, precision: number): string {
  const exact = formatRational(r);
  if (exact.endsWith('…')) return exact;
  const [whole, frac = ''] = exact.split('.');
  const digits = frac.padEnd(precision, '0');
  return digits === '' ? (whole ?? exact) : `${whole ?? ''}.${digits}`;
}

/** Reads a value as the engine shows it in tie information ("66.4", "200/3"). */
function parseShown(text: string): Rational | undefined {
  const m = /^(-?\d+)\/(\d+)$/.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) return Rational.of(BigInt(m[1]), BigInt(m[2]));
  return Rational.parse(text);
}

function shown(text: string | null, places: Places | undefined): string {
  if (text === null) return 'none';
  const r = parseShown(text);
  return r ? formatRational(r, places) : text;
}

function describeRule(rule: TieBreak): string {
  switch (rule.by) {
    case 'module':
      return `module ${rule.module}`;
    case 'criterion':
      return `criterion ${rule.criterion}`;
    case 'time':
      return `time ${rule.criterion}`;
    case 'deductions':
      return 'deductions';
    case 'bestMember':
      return 'best member';
    case 'event':
      return `event ${rule.event}`;
    case 'placeCounts':
      return `places 1–${rule.places} won`;
  }
}

/** The short "why" of a row: "= B" when it shares B's rank, or the tie-break that separated it. */
export function describeTie(tie: TieInfo, places?: Places): string {
  switch (tie.kind) {
    case 'first':
    case 'unranked':
    case 'score':
    case 'status':
      return '';
    case 'shared':
      return `= ${tie.with}`;
    case 'tieBreak': {
      const [above, mine] = tie.values;
      // Count-back values are place counts ("2/0/0": firsts/seconds/thirds), not numbers; the
      // row above won that link.
      if (tie.rule.by === 'placeCounts') {
        return `tie-break ${tie.index + 1}: ${describeRule(tie.rule)} ${above ?? 'none'} > ${mine ?? 'none'}`;
      }
      const a = above === null ? undefined : parseShown(above);
      const b = mine === null ? undefined : parseShown(mine);
      const c = a && b ? a.cmp(b) : 0;
      const op = c > 0 ? '>' : c < 0 ? '<' : 'vs';
      return `tie-break ${tie.index + 1}: ${describeRule(tie.rule)} ${shown(above, places)} ${op} ${shown(mine, places)}`;
    }
  }
}

function describeFlags(flags: readonly Flag[]): string {
  return flags
    .filter((f) => f.code !== 'status')
    .map((f) => (f.criterion !== undefined ? `${f.code} ${f.criterion}` : f.code))
    .join(', ');
}

interface Col extends Column {
  /** Dropped when every cell is empty (no names, no flags …). */
  readonly optional?: boolean;
}

function table(columns: readonly Col[], rows: readonly (readonly string[])[]): string {
  const keep = columns.map((c, i) => !c.optional || rows.some((r) => (r[i] ?? '') !== ''));
  return renderTable(
    columns.filter((_, i) => keep[i]),
    rows.map((r) => r.filter((_, i) => keep[i])),
  );
}

function placesOf(r: { places: number; mode: RoundingMode } | undefined): Places | undefined {
  return r ? { places: r.places, mode: r.mode } : undefined;
}

function rankCell(rank: number | null): string {
  return rank === null ? '-' : String(rank);
}

/** How an event's results are shown: its rounding places, or the ranked time's precision. */
interface EventDisplay {
  readonly byTime: boolean;
  readonly places: Places | undefined;
  readonly precision: number;
}

function eventDisplay(def: Competition, eventId: string): EventDisplay {
  const ev = def.events.find((e) => e.id === eventId);
  const rankBy = ev?.rankBy;
  let precision = 0;
  if (rankBy?.by === 'time') {
    for (const m of ev?.modules ?? [])
      for (const c of m.criteria)
        if (c.id === rankBy.criterion && c.kind === 'time') precision = c.precision;
  }
  return { byTime: rankBy?.by === 'time', places: placesOf(ev?.rounding.event), precision };
}

/** A score, or a time when the event is ranked by time. */
function resultValue(v: Rational, d: EventDisplay): string {
  return d.byTime ? formatSeconds(v, d.precision) : formatRational(v, d.places);
}

/** Score (or time) of a row, or its status (DNF, DNS, DQ, pending). */
function resultCell(
  row: { status: string; score: Rational | null; time: Rational | null },
  d: EventDisplay,
): string {
  if (row.status !== 'ok') return row.status;
  const v = d.byTime ? row.time : row.score;
  return v === null ? '' : resultValue(v, d);
}

function eventTable(def: Competition, ev: EventStandings): string {
  const evDef = def.events.find((e) => e.id === ev.event);
  const d = eventDisplay(def, ev.event);
  const { places } = d;
  const modules = evDef?.modules ?? [];
  const right: Align = 'right';
  const columns: Col[] = [
    { header: 'Rank', align: right },
    { header: ev.entrants === 'team' ? 'Team' : 'Competitor' },
    { header: 'Name', optional: true },
    { header: 'Delegation', optional: true },
    { header: d.byTime ? 'Time (s)' : 'Score', align: right },
    ...modules.map((m): Col => ({
      header: m.weight !== undefined ? `${m.id} ${String(m.weight)}%` : m.id,
      align: right,
    })),
    { header: 'Flags', optional: true },
    { header: 'Why', optional: true },
  ];
  const rows = ev.rows.map((r: EventRow) => [
    rankCell(r.rank),
    r.competitor,
    r.name ?? '',
    r.delegation ?? '',
    resultCell(r, d),
    ...modules.map((m) => {
      const mr = r.modules.find((x) => x.module === m.id);
      // A row without a result (pending, or a status with nothing marked) shows no module score.
      const marked = mr?.criteria.some((c) => c.marks.length > 0) ?? false;
      if (!mr || (r.status !== 'ok' && !marked)) return '';
      return formatRational(mr.score, places);
    }),
    describeFlags(r.flags),
    r.rank === null ? '' : describeTie(r.tie, places),
  ]);
  const title = `${ev.name} (${ev.event}) · ranked by ${ev.rankBy} · ${ev.rows.length} ${ev.entrants === 'team' ? 'teams' : 'entrants'}`;
  return `${title}\n\n${table(columns, rows)}`;
}

function teamTable(def: Competition, ev: EventStandings, teams: readonly TeamRow[]): string {
  const d = eventDisplay(def, ev.event);
  const method = def.events.find((e) => e.id === ev.event)?.team?.method;
  const columns: Col[] = [
    { header: 'Rank', align: 'right' },
    { header: 'Team' },
    { header: 'Name', optional: true },
    { header: 'Delegation', optional: true },
    { header: d.byTime ? 'Time (s)' : 'Score', align: 'right' },
    { header: 'Members (not counted)' },
    { header: 'Flags', optional: true },
    { header: 'Why', optional: true },
  ];
  const rows = teams.map((t) => [
    rankCell(t.rank),
    t.competitor,
    t.name ?? '',
    t.delegation ?? '',
    resultCell(t, d),
    t.members.map((m) => (m.counted ? m.competitor : `(${m.competitor})`)).join(' '),
    describeFlags(t.flags),
    t.rank === null ? '' : describeTie(t.tie, d.places),
  ]);
  const title = `${ev.name} (${ev.event}) · teams${method !== undefined ? ` · ${method} of members` : ''}`;
  return `${title}\n\n${table(columns, rows)}`;
}

function overallTable(def: Competition, o: OverallStandings): string {
  const places = placesOf(def.overall.find((x) => x.id === o.overall)?.rounding);
  const eventIds = o.rows[0]?.parts.map((p) => p.event) ?? [];
  const columns: Col[] = [
    { header: 'Rank', align: 'right' },
    {
      header: o.scope === 'delegation' ? 'Delegation' : o.scope === 'team' ? 'Team' : 'Competitor',
    },
    { header: 'Name', optional: true },
    { header: 'Delegation', optional: true },
    { header: o.lowerIsBetter ? 'Total (lower wins)' : 'Total', align: 'right' },
    ...eventIds.map((id): Col => ({ header: id, align: 'right' })),
    { header: 'Why', optional: true },
  ];
  const rows = o.rows.map((r) => [
    rankCell(r.rank),
    r.competitor,
    o.scope === 'delegation' ? '' : (r.name ?? ''),
    o.scope === 'delegation' ? '' : (r.delegation ?? ''),
    r.status === 'ok' ? formatRational(r.total, places) : r.status,
    ...eventIds.map((id) => {
      const p = r.parts.find((x) => x.event === id);
      if (!p) return '';
      const v = formatRational(p.value, places);
      return p.rank !== null ? `${v} (#${p.rank})` : v;
    }),
    r.rank === null ? '' : describeTie(r.tie, places),
  ]);
  return `${o.name} (${o.overall}) · overall, ${o.scope}\n\n${table(columns, rows)}`;
}

function awardSource(
  def: Competition,
  a: AwardResult,
): { label: string; show: (v: Rational) => string } {
  const s = a.standings;
  if (s.of === 'overall') {
    const places = placesOf(def.overall.find((o) => o.id === s.overall)?.rounding);
    return { label: `overall ${s.overall}`, show: (v) => formatRational(v, places) };
  }
  const d = eventDisplay(def, s.event);
  return {
    label: `event ${s.event}${s.of === 'eventTeams' ? ' teams' : ''}`,
    show: (v) => resultValue(v, d),
  };
}

function awardBlock(def: Competition, a: AwardResult): string {
  const { label, show } = awardSource(def, a);
  const lines = [`${a.name} (${a.award}) · from ${label}`, ''];
  if (a.nominations.length === 0) lines.push('(no one nominated)');
  else {
    const columns: Col[] = [
      { header: 'Place', align: 'right' },
      { header: 'Rank', align: 'right' },
      { header: 'Competitor' },
      { header: 'Name', optional: true },
      { header: 'Delegation', optional: true },
      { header: 'Result', align: 'right' },
    ];
    lines.push(
      table(
        columns,
        a.nominations.map((n) => [
          String(n.eligibleRank),
          String(n.rank),
          n.competitor,
          n.name ?? '',
          n.delegation ?? '',
          n.value ? show(n.value) : '',
        ]),
      ),
    );
  }
  for (const p of a.passedOver)
    lines.push(`passed over: ${p.competitor} (rank ${p.rank}): ${p.reason}`);
  return lines.join('\n');
}

/**
 * The whole text report: every event (and its team standings), every overall standings, then
 * the nominations.
 */
export function formatReport(
  def: Competition,
  standings: Standings,
  awards: readonly AwardResult[],
): string {
  const blocks: string[] = [`${def.name} (${def.id}, rules version ${def.version})`];
  for (const ev of standings.events) {
    blocks.push(eventTable(def, ev));
    if (ev.teams) blocks.push(teamTable(def, ev, ev.teams));
  }
  for (const o of standings.overall) blocks.push(overallTable(def, o));
  if (awards.length > 0) {
    blocks.push('Nominations');
    for (const a of awards) blocks.push(awardBlock(def, a));
  }
  return `${blocks.join('\n\n')}\n`;
}
