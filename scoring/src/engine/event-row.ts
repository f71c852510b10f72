/**
 * An event row as the engine hands it out. Ranking needs only a competitor's totals and tie-break
 * values; the full explanation (every module, criterion and judge mark behind the number) is
 * built from the same computed values the first time it is read, then kept. A full recompute of
 * 200,000 criterion results therefore allocates no explanation nobody reads, and JSON output
 * (toJSON) carries everything.
 */
import { Rational } from '../exact/rational.ts';
import type { Status } from '../definition/schema.ts';
import { aggregateUnits } from './aggregate.ts';
import type { MarkRecord, MarkTable } from './mark-table.ts';
import type { CompiledCriterion, CompiledEvent } from './compile.ts';
import type { TieInfo } from './rank.ts';
import type {
  CriterionResult,
  EventRow,
  Flag,
  JudgeMark,
  ModuleResult,
  RowStatus,
} from './rows.ts';

export interface TimeValue {
  readonly raw: Rational;
  readonly penalty: Rational;
  readonly final: Rational;
}

/** What one computation of a competitor produced; rows and explanations read it, never change it. */
export interface Computed {
  readonly event: CompiledEvent;
  /** The marks as they were when computed (a table is never changed once shown). */
  readonly marks: MarkTable;
  /**
   * Judges' aggregate per criterion i as integers: the numerator in mark units at 2i (NaN where
   * unmarked or a status) and its denominator (marks averaged …) at 2i + 1; the aggregate is
   * numerator ÷ (denominator × unit scale).
   */
  readonly agg: readonly number[];
  /** Points of criteria outside the linear fast path (times, deductions, rounded criteria). */
  readonly slowPoints: readonly (Rational | null)[] | null;
  /** Status entered on a criterion (time sentinels). */
  readonly markStatus: readonly (Status | null)[] | null;
  /** Times with penalties, per time criterion index. */
  readonly times: readonly (TimeValue | null)[] | null;
  readonly moduleScores: readonly Rational[];
  /** The gate that zeroed each module; null when no gate did. */
  readonly moduleZeroedBy: readonly (string | null)[] | null;
  readonly violated: readonly boolean[] | null;
  /** Criteria a best-N module left out; null when none was. */
  readonly dropped: readonly boolean[] | null;
}

/** A criterion's judges' aggregate, in the mark's unit; null where unmarked. */
export function aggregateOf(v: Computed, c: CompiledCriterion): Rational | null {
  const num = v.agg[2 * c.index];
  if (num === undefined || Number.isNaN(num)) return null;
  return Rational.of(num, (v.agg[2 * c.index + 1] ?? 1) * c.unitScale);
}

/** What a criterion adds to its module; the same value the module summed. */
export function pointsOf(v: Computed, c: CompiledCriterion): Rational | null {
  if (c.linear) {
    const num = v.agg[2 * c.index];
    if (num === undefined || Number.isNaN(num)) return null;
    const den = v.agg[2 * c.index + 1] ?? 1;
    const a = num * c.linear.mul;
    const b = den * c.linear.div;
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return Rational.of(a, b);
    return Rational.of(num, den).mul(Rational.of(c.linear.mul, c.linear.div));
  }
  return v.slowPoints?.[c.index] ?? null;
}

/** Marks still expected: gates, deductions and penalties default to "nothing recorded". */
export function missingOf(c: CompiledCriterion, marks: number, status: Status | null): number {
  if (status !== null) return 0;
  const optional = c.kind === 'gate' || c.kind === 'deduction' || c.kind === 'penalty';
  const expected = marks === 0 ? (optional ? 0 : (c.judges ?? 1)) : (c.judges ?? marks);
  return Math.max(0, expected - marks);
}

/** Which marks the aggregate counted (trimmed marks were not). */
function countedOf(c: CompiledCriterion, marks: readonly MarkRecord[]): boolean[] {
  if (marks.length === 0) return [];
  if (marks.some((m) => m.status !== null)) return marks.map((m) => m.status !== null);
  if (c.kind === 'gate') return marks.map(() => true);
  return aggregateUnits(marks.length, (k) => (marks[k] as MarkRecord).units, c.aggregation).counted;
}

export interface RowIdentity {
  readonly id: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly team: string | null;
}

function byJudge(a: MarkRecord, b: MarkRecord): number {
  return a.judge < b.judge ? -1 : a.judge > b.judge ? 1 : 0;
}

function judgeMarks(c: CompiledCriterion, marks: readonly MarkRecord[]): JudgeMark[] {
  return marks.map((m) => ({
    judge: m.judge,
    value: m.status ?? Rational.fromUnits(m.units, c.places).toString(),
  }));
}

/** Spread of a criterion's marks when it exceeds the tolerance, else null. */
export function spreadOf(
  c: CompiledCriterion,
  marks: readonly MarkRecord[],
): CriterionResult['spread'] {
  if (!c.spreadTolerance || c.spreadUnits === undefined || marks.length < 2) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of marks) {
    if (m.status !== null) return null;
    if (m.units < lo) lo = m.units;
    if (m.units > hi) hi = m.units;
  }
  // Integer units: hi − lo exceeds the tolerance exactly when it exceeds its floor.
  if (hi - lo <= c.spreadUnits) return null;
  return {
    min: Rational.fromUnits(lo, c.places),
    max: Rational.fromUnits(hi, c.places),
    tolerance: c.spreadTolerance,
  };
}

function explain(v: Computed): ModuleResult[] {
  const ev = v.event;
  return ev.modules.map((m, mi) => ({
    module: m.id,
    score: v.moduleScores[mi] ?? Rational.ZERO,
    max: m.max,
    weighted: m.weight
      ? (m.weightFactor?.mul(v.moduleScores[mi] ?? Rational.ZERO) ?? Rational.ZERO)
      : null,
    zeroedBy: v.moduleZeroedBy?.[mi] ?? null,
    criteria: m.criteria.map((c): CriterionResult => {
      // Listed by judge, not by arrival: the same marks explain the same way however they came.
      const marks = [...v.marks.records(c.index)].sort(byJudge);
      const status = v.markStatus?.[c.index] ?? null;
      return {
        criterion: c.id,
        kind: c.kind,
        marks: judgeMarks(c, marks),
        counted: countedOf(c, marks),
        aggregate: aggregateOf(v, c),
        points: pointsOf(v, c),
        time: v.times?.[c.index] ?? null,
        spread: status === null ? spreadOf(c, marks) : null,
        missing: missingOf(c, marks.length, status),
        violated: v.violated?.[c.index] ?? false,
        dropped: v.dropped?.[c.index] ?? false,
        status,
      };
    }),
  }));
}

export class EventRowView implements EventRow {
  readonly competitor: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly team: string | null;
  readonly rank: number | null;
  readonly tie: TieInfo;
  readonly status: RowStatus;
  readonly score: Rational | null;
  readonly time: Rational | null;
  readonly deductions: Rational;
  readonly flags: readonly Flag[];
  /** The computed values behind this row (shared by rows that differ only in placement). */
  readonly computed: Computed;
  #modules: ModuleResult[] | undefined;

  constructor(
    who: RowIdentity,
    status: RowStatus,
    score: Rational | null,
    time: Rational | null,
    deductions: Rational,
    flags: readonly Flag[],
    computed: Computed,
    rank: number | null,
    tie: TieInfo,
  ) {
    this.competitor = who.id;
    this.name = who.name;
    this.delegation = who.delegation;
    this.team = who.team;
    this.status = status;
    this.score = score;
    this.time = time;
    this.deductions = deductions;
    this.flags = flags;
    this.computed = computed;
    this.rank = rank;
    this.tie = tie;
  }

  /** Every module and criterion behind the score, built on first read. */
  get modules(): readonly ModuleResult[] {
    this.#modules ??= explain(this.computed);
    return this.#modules;
  }

  /** The same row at another place. */
  placed(rank: number | null, tie: TieInfo): EventRowView {
    const row = new EventRowView(
      { id: this.competitor, name: this.name, delegation: this.delegation, team: this.team },
      this.status,
      this.score,
      this.time,
      this.deductions,
      this.flags,
      this.computed,
      rank,
      tie,
    );
    row.#modules = this.#modules;
    return row;
  }

  toJSON(): EventRow {
    return {
      competitor: this.competitor,
      name: this.name,
      delegation: this.delegation,
      team: this.team,
      rank: this.rank,
      tie: this.tie,
      status: this.status,
      score: this.score,
      time: this.time,
      deductions: this.deductions,
      modules: this.modules,
      flags: this.flags,
    };
  }
}
