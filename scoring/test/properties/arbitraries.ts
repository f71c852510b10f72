/**
 * Shared fast-check arbitraries and helpers for the engine's property tests
 * (scoring/test/properties/*.test.ts, DESIGN.md §3 "The engine has property tests").
 *
 * Marks are generated as picks {slot, who, judge, level}: a slot is one criterion of one event
 * with its panel of judges and a list of valid values (level 0 the lowest; times unordered), so
 * the same generator serves every property, and "raise a mark" is "pick a higher level".
 */
import fc from 'fast-check';
import {
  formatPath,
  parseCompetition,
  Scoring,
  type Competition,
  type CompetitionInput,
  type EventRow,
  type EventStandings,
  type MarkInput,
  type Problem,
  type RankPoints,
  type Result,
  type ScoringInputFile,
  type Standings,
  type Status,
} from '../../src/index.ts';

// ---------------------------------------------------------------------------------------------
// Plumbing

export function problemsText(problems: readonly Problem[]): string {
  return problems.map((p) => `${formatPath(p.path)}: ${p.code}: ${p.message}`).join('; ');
}

export function parseDefinition(input: CompetitionInput): Competition {
  const r = parseCompetition(input);
  if (!r.success) throw new Error(`definition refused: ${problemsText(r.problems)}`);
  return r.data;
}

export function createScoring(def: Competition, input: ScoringInputFile): Scoring {
  const r = Scoring.create(def, input);
  if (!r.success) throw new Error(`input refused: ${problemsText(r.problems)}`);
  return r.data;
}

export function ok<T>(r: Result<T>): T {
  if (!r.success) throw new Error(`refused: ${problemsText(r.problems)}`);
  return r.data;
}

/** The standings as the plain JSON a client receives (rows' lazy explanations included). */
export function json(s: Standings): string {
  return JSON.stringify(s);
}

/** xs[i], which must exist. */
export function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`no element ${i}`);
  return x;
}

/** 735 units at 2 places → "7.35"; exact, no float arithmetic. */
export function unitsToDecimal(units: number, places: number): string {
  if (places === 0) return String(units);
  const digits = String(Math.abs(units)).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return `${units < 0 ? '-' : ''}${whole}.${frac}`;
}

/** Alternates JSON numbers and strings so both readings of a decimal are exercised. */
export function decimalValue(units: number, places: number, asString: boolean): number | string {
  const text = unitsToDecimal(units, places);
  return asString ? text : Number(text);
}

// ---------------------------------------------------------------------------------------------
// Marks

export interface MarkSlot {
  readonly event: string;
  readonly criterion: string;
  readonly judges: readonly string[];
  /** Number of distinct values; valueAt(0) < valueAt(1) < … in the criterion's own order. */
  readonly levels: number;
  readonly valueAt: (level: number) => MarkInput['value'];
}

export interface MarkPick {
  readonly slot: number;
  readonly who: number;
  readonly judge: number;
  readonly level: number;
}

/** A pick of a slot, competitor, judge of that slot's panel and one of its values. */
export function markPickArb(
  slots: readonly MarkSlot[],
  competitors: number,
): fc.Arbitrary<MarkPick> {
  return fc
    .record({
      slot: fc.nat(slots.length - 1),
      who: fc.nat(competitors - 1),
      judge: fc.nat(49),
      level: fc.nat(9999),
    })
    .map((p) => {
      const s = at(slots, p.slot);
      return { ...p, judge: p.judge % s.judges.length, level: p.level % s.levels };
    });
}

/**
 * A marking sheet in random entry order: per competitor (absent one time in ten), per criterion
 * (skipped one time in five) and per judge of its panel (missing one time in nine), a value.
 * At most one mark per (criterion, competitor, judge), as a bulk load requires.
 */
export function sheetArb(
  slots: readonly MarkSlot[],
  competitors: number,
): fc.Arbitrary<MarkPick[]> {
  const cell = (s: MarkSlot): fc.Arbitrary<(number | null)[]> =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(s.judges.map(() => null)) },
      {
        weight: 4,
        arbitrary: fc.array(fc.option(fc.nat(s.levels - 1), { freq: 8, nil: null }), {
          minLength: s.judges.length,
          maxLength: s.judges.length,
        }),
      },
    );
  const person = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 9, arbitrary: fc.tuple(...slots.map(cell)) },
  );
  return fc
    .array(person, { minLength: competitors, maxLength: competitors })
    .map((people) => {
      const picks: MarkPick[] = [];
      people.forEach((sheet, who) => {
        sheet?.forEach((levels, slot) => {
          levels.forEach((level, judge) => {
            if (level !== null) picks.push({ slot, who, judge, level });
          });
        });
      });
      return picks;
    })
    .chain((picks) =>
      fc.shuffledSubarray(picks, { minLength: picks.length, maxLength: picks.length }),
    );
}

export function toMark(
  slots: readonly MarkSlot[],
  ids: readonly string[],
  p: MarkPick,
  level: number = p.level,
): MarkInput {
  const s = at(slots, p.slot);
  return {
    event: s.event,
    criterion: s.criterion,
    competitor: at(ids, p.who),
    judge: at(s.judges, p.judge),
    value: s.valueAt(level),
  };
}

export const STATUSES: readonly Status[] = ['DNF', 'DNS', 'DQ'];

export const statusOrderArb: fc.Arbitrary<Status[]> = fc.shuffledSubarray([...STATUSES], {
  minLength: 3,
  maxLength: 3,
});

/** A status as applyStatus takes it (no reason). */
export interface StatusEntry {
  readonly event: string;
  readonly competitor: string;
  readonly status: Status;
}

export function statusEntryArb(
  events: readonly string[],
  ids: readonly string[],
): fc.Arbitrary<StatusEntry> {
  return fc.record({
    event: fc.constantFrom(...events),
    competitor: fc.constantFrom(...ids),
    status: fc.constantFrom(...STATUSES),
  });
}

/** Points 0..max in steps: level k is k steps. */
export function pointsSlot(
  event: string,
  criterion: string,
  judges: readonly string[],
  stepUnits: number,
  maxUnits: number,
  places: number,
): MarkSlot {
  return {
    event,
    criterion,
    judges,
    levels: maxUnits / stepUnits + 1,
    valueAt: (k) => decimalValue(k * stepUnits, places, k % 2 === 1),
  };
}

export function checkSlot(event: string, criterion: string, judges: readonly string[]): MarkSlot {
  return { event, criterion, judges, levels: 2, valueAt: (k) => k === 1 };
}

/** A judgement scale min..max in steps of 1 / perUnit. */
export function judgementSlot(
  event: string,
  criterion: string,
  judges: readonly string[],
  scaleMax: number,
  perUnit: 1 | 2,
): MarkSlot {
  const places = perUnit === 1 ? 0 : 1;
  const stepUnits = perUnit === 1 ? 1 : 5;
  return {
    event,
    criterion,
    judges,
    levels: scaleMax * perUnit + 1,
    valueAt: (k) => decimalValue(k * stepUnits, places, k % 2 === 0),
  };
}

/**
 * Times: a narrow range of seconds so that ties are common (levels are *not* better here; times
 * are never raised), written as seconds, as a string, or as m:ss.cc; with `statuses`, the top
 * three levels are DNF, DNS and DQ entered on the time.
 */
export function timeSlot(
  event: string,
  criterion: string,
  judges: readonly string[],
  statuses: boolean,
): MarkSlot {
  const times = 24;
  return {
    event,
    criterion,
    judges,
    levels: times + (statuses ? 3 : 0),
    valueAt: (k) => {
      if (k >= times) return at(STATUSES, k - times);
      const hundredths = 5950 + k * 25; // 59.50 s .. 65.25 s
      if (k % 3 === 0) return Number(unitsToDecimal(hundredths, 2));
      if (k % 3 === 1) return unitsToDecimal(hundredths, 2);
      const secs = hundredths - 6000;
      return secs < 0
        ? unitsToDecimal(hundredths, 2)
        : `1:${unitsToDecimal(secs, 2).padStart(5, '0')}`;
    },
  };
}

export function countSlot(
  event: string,
  criterion: string,
  judges: readonly string[],
  maxItems: number,
): MarkSlot {
  return { event, criterion, judges, levels: maxItems + 1, valueAt: (k) => k };
}

/** Gates are mostly clean: level 0..4 none, 5 a violation. */
export function gateSlot(event: string, criterion: string, judges: readonly string[]): MarkSlot {
  return { event, criterion, judges, levels: 6, valueAt: (k) => (k === 5 ? 1 : 0) };
}

// ---------------------------------------------------------------------------------------------
// Rosters

export interface Roster {
  readonly ids: readonly string[];
  readonly input: {
    readonly contestants: NonNullable<ScoringInputFile['contestants']>;
    readonly teams: NonNullable<ScoringInputFile['teams']>;
  };
}

export const TEAMS = ['T1', 'T2', 'T3'] as const;

/** 2..12 contestants C01…, each maybe in a team (T1..T3) and a delegation (D1, D2). */
export function rosterArb(min = 2, max = 12): fc.Arbitrary<Roster> {
  return fc
    .integer({ min, max })
    .chain((n) =>
      fc.array(
        fc.record({
          team: fc.constantFrom<string | null>(null, ...TEAMS),
          delegation: fc.constantFrom<string | null>(null, 'D1', 'D2'),
        }),
        { minLength: n, maxLength: n },
      ),
    )
    .map((people) => {
      const ids = people.map((_, i) => `C${String(i + 1).padStart(2, '0')}`);
      const contestants = people.map((p, i) => ({
        id: at(ids, i),
        ...(p.team === null ? {} : { team: p.team }),
        ...(p.delegation === null ? {} : { delegation: p.delegation }),
      }));
      const teams = TEAMS.map((id, i) => ({ id, delegation: i === 2 ? 'D2' : 'D1' }));
      return { ids, input: { contestants, teams } };
    });
}

// ---------------------------------------------------------------------------------------------
// "cup": one definition with every moving part the incremental path has to keep in step

export interface CupParams {
  /** Theory weight in half percent (1..199): 0.5 % .. 99.5 %. */
  readonly theoryHalfPercent: number;
  readonly statusOrder: readonly Status[];
  readonly roundRace: boolean;
  readonly rankPoints: RankPoints;
}

export const cupParamsArb: fc.Arbitrary<CupParams> = fc.record({
  theoryHalfPercent: fc.integer({ min: 1, max: 199 }),
  statusOrder: statusOrderArb,
  roundRace: fc.boolean(),
  rankPoints: fc.constantFrom<RankPoints>(
    { kind: 'table', values: [10, 8, 6, 5, 4, 3, 2, 1] },
    { kind: 'rank' },
    { kind: 'reverseRank' },
  ),
});

const J1 = ['J1'];
const J3 = ['J1', 'J2', 'J3'];
const J5 = ['J1', 'J2', 'J3', 'J4', 'J5'];

export const CUP_EVENTS = ['skill', 'race', 'sprint'] as const;

/**
 * skill: score-ranked, weighted theory/practical, a 5-judge trimmed mean, judgement, check,
 * deduction and a zero-module gate, a tie-break chain, and team standings best 2 of M.
 * race: score-ranked with a proportional and a rank time conversion (field-dependent points).
 * sprint: ranked by time with penalty seconds, a disqualifying gate and slowest-member teams.
 * Overall: weighted sum, rank points, delegation best 2, team reverse rank.
 */
export function cupDefinition(p: CupParams): Competition {
  const theory = unitsToDecimal(p.theoryHalfPercent * 5, 1);
  const practical = unitsToDecimal(1000 - p.theoryHalfPercent * 5, 1);
  return parseDefinition({
    schemaVersion: 1,
    id: 'cup',
    name: 'Cup',
    events: [
      {
        id: 'skill',
        name: 'Skill',
        statusOrder: [...p.statusOrder],
        modules: [
          {
            id: 'theory',
            name: 'Theory',
            weight: theory,
            criteria: [{ id: 'th', name: 'Theory', kind: 'points', max: 100, step: 10, judges: 1 }],
          },
          {
            id: 'practical',
            name: 'Practical',
            weight: practical,
            criteria: [
              {
                id: 'p5',
                name: 'Panel of 5',
                kind: 'points',
                max: 10,
                step: 0.5,
                judges: 5,
                aggregation: { method: 'trimmedMean', drop: 1 },
                spreadTolerance: 2,
              },
              {
                id: 'jd',
                name: 'Judgement',
                kind: 'judgement',
                max: 6,
                judges: 3,
                scale: { max: 3, step: 0.5 },
              },
              { id: 'ck', name: 'Check', kind: 'check', max: 2, judges: 1 },
              { id: 'dd', name: 'Deduction', kind: 'deduction', max: 3, step: 0.5, judges: 1 },
              { id: 'gz', name: 'Gate', kind: 'gate', effect: 'zeroModule', judges: 1 },
            ],
          },
        ],
        tieBreaks: [
          { by: 'module', module: 'practical' },
          { by: 'deductions' },
          { by: 'criterion', criterion: 'th' },
        ],
        team: { method: 'best', count: 2, tieBreaks: [{ by: 'bestMember' }] },
      },
      {
        id: 'race',
        name: 'Race',
        statusOrder: [...p.statusOrder].reverse(),
        modules: [
          {
            id: 'm',
            name: 'Race',
            criteria: [
              {
                id: 't',
                name: 'Time',
                kind: 'time',
                judges: 1,
                conversion: { method: 'proportional', max: 50 },
                ...(p.roundRace ? { rounding: { places: 2, mode: 'halfUp' as const } } : {}),
              },
              {
                id: 'tr',
                name: 'Time by rank',
                kind: 'time',
                judges: 1,
                conversion: { method: 'rank', max: 20 },
              },
              {
                id: 'fm',
                name: 'Form',
                kind: 'points',
                max: 10,
                judges: 3,
                aggregation: { method: 'median' },
              },
            ],
          },
        ],
        tieBreaks: [{ by: 'time', criterion: 't' }],
        team: { method: 'sum' },
      },
      {
        id: 'sprint',
        name: 'Sprint',
        rankBy: { by: 'time', criterion: 'rt' },
        statusOrder: [...p.statusOrder],
        modules: [
          {
            id: 'm',
            name: 'Sprint',
            criteria: [
              { id: 'rt', name: 'Run', kind: 'time', judges: 1 },
              {
                id: 'pen',
                name: 'Dropped items',
                kind: 'penalty',
                time: 'rt',
                secondsPerItem: 2,
                maxItems: 4,
                judges: 1,
              },
              { id: 'gq', name: 'Safety', kind: 'gate', effect: 'disqualify', judges: 1 },
            ],
          },
        ],
        tieBreaks: [{ by: 'criterion', criterion: 'pen', order: 'asc' }],
        team: { method: 'slowest' },
      },
    ],
    overall: [
      {
        id: 'ow',
        name: 'Weighted',
        scope: 'individual',
        method: {
          kind: 'weightedSum',
          events: [
            { event: 'skill', weight: 1 },
            { event: 'race', weight: 0.5 },
          ],
        },
        tieBreaks: [{ by: 'event', event: 'skill' }],
      },
      {
        id: 'orp',
        name: 'Rank points',
        scope: 'individual',
        method: { kind: 'rankPoints', events: ['skill', 'race', 'sprint'], points: p.rankPoints },
      },
      {
        id: 'odel',
        name: 'Delegations',
        scope: 'delegation',
        method: { kind: 'weightedSum', events: [{ event: 'skill' }, { event: 'race' }] },
        delegation: { method: 'best', count: 2 },
      },
      {
        id: 'oteam',
        name: 'Teams',
        scope: 'team',
        method: {
          kind: 'rankPoints',
          events: ['skill', 'sprint'],
          points: { kind: 'reverseRank' },
        },
      },
    ],
  });
}

export const CUP_SLOTS: readonly MarkSlot[] = [
  pointsSlot('skill', 'th', J1, 10, 100, 0),
  pointsSlot('skill', 'p5', J5, 5, 100, 1),
  judgementSlot('skill', 'jd', J3, 3, 2),
  checkSlot('skill', 'ck', J1),
  pointsSlot('skill', 'dd', J1, 5, 30, 1),
  gateSlot('skill', 'gz', J1),
  timeSlot('race', 't', J1, true),
  timeSlot('race', 'tr', J1, true),
  pointsSlot('race', 'fm', J3, 1, 10, 0),
  timeSlot('sprint', 'rt', J1, true),
  countSlot('sprint', 'pen', J1, 4),
  gateSlot('sprint', 'gq', J1),
];

// ---------------------------------------------------------------------------------------------
// Marks orderings

/**
 * A permutation of the marks that keeps, for every (event, criterion, competitor), the judges'
 * relative order: the engine lists a criterion's marks (and which one a trim counted among
 * equal values) in the order judges first marked, so only that order is part of the standings.
 */
export function shuffleKeepingJudgeOrder<T extends MarkInput>(
  marks: readonly T[],
  permutation: readonly number[],
): T[] {
  const group = (m: T): string => `${m.event}\u0000${m.criterion}\u0000${m.competitor}`;
  const shuffled = permutation.map((i) => at(marks, i));
  const queues = new Map<string, T[]>();
  for (const m of marks) {
    const q = queues.get(group(m));
    if (q) q.push(m);
    else queues.set(group(m), [m]);
  }
  return shuffled.map((m) => {
    const next = queues.get(group(m))?.shift();
    if (next === undefined) throw new Error('unreachable: every group has its marks queued');
    return next;
  });
}

/** A permutation of 0..n-1. */
export function permutationArb(n: number): fc.Arbitrary<number[]> {
  const indices = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(indices, { minLength: n, maxLength: n });
}

/**
 * The same slots with only their three lowest values (no statuses on times, no gate violations):
 * totals tie often, so tie-break chains and shared ranks are exercised.
 */
export function coarse(slots: readonly MarkSlot[]): MarkSlot[] {
  return slots.map((s) => ({ ...s, levels: Math.min(s.levels, 3) }));
}

export const COARSE_CUP_SLOTS: readonly MarkSlot[] = coarse(CUP_SLOTS);

// ---------------------------------------------------------------------------------------------
// Scenarios and reading standings, shared by the property families

/**
 * Each property runs well under a second here (each file in a few seconds); the limit leaves
 * room for slow CI machines and for FC_SEED=random runs with more cases (scoring/test/setup.ts).
 */
export const SLOW = 30_000;

export type EventInput = CompetitionInput['events'][number];
export type ModuleInput = EventInput['modules'][number];
export type CriterionInput = ModuleInput['criteria'][number];

export function defined<T>(v: T | null | undefined, what = 'value'): T {
  if (v === null || v === undefined) throw new Error(`expected a ${what}`);
  return v;
}

export function eventOf(s: Standings, id: string): EventStandings {
  return defined(
    s.events.find((e) => e.event === id),
    `event ${id}`,
  );
}

export function rowOf(s: Standings, event: string, competitor: string): EventRow {
  return defined(
    eventOf(s, event).rows.find((r) => r.competitor === competitor),
    `row ${competitor}`,
  );
}

/** The cup with a roster, marks (fine or coarse: see COARSE_CUP_SLOTS) and a few statuses. */
export const cupScenarioArb = fc
  .record({ roster: rosterArb(2, 12), coarse: fc.boolean() })
  .chain(({ roster, coarse }) => {
    const slots = coarse ? COARSE_CUP_SLOTS : CUP_SLOTS;
    return fc.record({
      roster: fc.constant(roster),
      slots: fc.constant(slots),
      params: cupParamsArb,
      picks: sheetArb(slots, roster.ids.length),
      statuses: fc.array(statusEntryArb(CUP_EVENTS, roster.ids), { maxLength: 3 }),
    });
  });
