/**
 * The shapes the engine returns: one row per competitor per event, with everything behind its
 * number (DESIGN.md §3: "an explanation for every number").
 */
import type { Rational } from '../exact/rational.ts';
import type { CriterionKind, Status } from '../definition/schema.ts';
import type { TieInfo } from './rank.ts';

/** ok: has a result; pending: nothing entered yet (unranked); or a status ranked after finishers. */
export type RowStatus = 'ok' | 'pending' | Status;

export interface Flag {
  /** spread: judges too far apart; incomplete: marks missing; gate: safety gate violated; status: DNF/DNS/DQ. */
  readonly code: 'spread' | 'incomplete' | 'gate' | 'status';
  readonly criterion?: string;
  readonly message: string;
}

export interface JudgeMark {
  readonly judge: string;
  /** The mark as entered, in the criterion's own unit ("7.5", "62.35", "DNF"). */
  readonly value: string;
}

export interface CriterionResult {
  readonly criterion: string;
  readonly kind: CriterionKind;
  readonly marks: readonly JudgeMark[];
  /** counted[i] is false when a trimmed aggregate dropped marks[i]. */
  readonly counted: readonly boolean[];
  /** The judges' aggregate in the mark's unit (points, scale steps, seconds, items); null if unmarked. */
  readonly aggregate: Rational | null;
  /** What it adds to its module (negative for a deduction); null if unmarked or a raw time. */
  readonly points: Rational | null;
  /** Time criteria: raw, penalty seconds and final time. */
  readonly time: {
    readonly raw: Rational;
    readonly penalty: Rational;
    readonly final: Rational;
  } | null;
  /** Present when the judges' marks are further apart than the tolerance. */
  readonly spread: {
    readonly min: Rational;
    readonly max: Rational;
    readonly tolerance: Rational;
  } | null;
  /** Expected marks not yet entered (0 when the panel size is unknown and some mark exists). */
  readonly missing: number;
  /** Gates: whether violated. */
  readonly violated: boolean;
  /** In a best-N module: left out because N better criteria counted. */
  readonly dropped: boolean;
  /** A status entered on a time (DNF/DNS/DQ). */
  readonly status: Status | null;
}

export interface ModuleResult {
  readonly module: string;
  readonly score: Rational;
  readonly max: Rational;
  /** Its share of the event score when modules are weighted. */
  readonly weighted: Rational | null;
  /** The gate that zeroed it, if any. */
  readonly zeroedBy: string | null;
  readonly criteria: readonly CriterionResult[];
}

/** What every row of every standings table has: who, where, and why there. */
export interface RankedRow {
  /** A contestant's, team's or delegation's id. */
  readonly competitor: string;
  readonly name: string | null;
  readonly delegation: string | null;
  /** Standard competition rank; null while nothing is entered (unranked). */
  readonly rank: number | null;
  /** Why it stands below the row above. */
  readonly tie: TieInfo;
  readonly status: RowStatus;
}

export interface EventRow extends RankedRow {
  readonly team: string | null;
  /**
   * The event score (higher is better); null while pending and for DNF/DNS/DQ, whose numbers
   * stay visible in `modules`.
   */
  readonly score: Rational | null;
  /** For events ranked by time: the final time in seconds (lower is better); null as score. */
  readonly time: Rational | null;
  /** Total deducted in this event (positive). */
  readonly deductions: Rational;
  readonly modules: readonly ModuleResult[];
  readonly flags: readonly Flag[];
}

export interface TeamMemberResult {
  readonly competitor: string;
  readonly counted: boolean;
  readonly status: RowStatus;
  readonly rank: number | null;
  readonly score: Rational | null;
  readonly time: Rational | null;
}

export interface TeamRow extends RankedRow {
  readonly score: Rational | null;
  readonly time: Rational | null;
  readonly members: readonly TeamMemberResult[];
  readonly flags: readonly Flag[];
}

export interface EventStandings {
  readonly event: string;
  readonly name: string;
  readonly rankBy: 'score' | 'time';
  readonly entrants: 'individual' | 'team';
  readonly rows: readonly EventRow[];
  /** Team standings derived from members (individual events with team scoring); else null. */
  readonly teams: readonly TeamRow[] | null;
}

export interface OverallPart {
  readonly event: string;
  /** The event score, rank points, or (delegations) the combined value of its entries. */
  readonly value: Rational;
  readonly rank: number | null;
}

export interface OverallRow extends RankedRow {
  readonly total: Rational;
  readonly parts: readonly OverallPart[];
}

export interface OverallStandings {
  readonly overall: string;
  readonly name: string;
  readonly scope: 'individual' | 'team' | 'delegation';
  /** True when lower totals win (sum of ranks). */
  readonly lowerIsBetter: boolean;
  readonly rows: readonly OverallRow[];
}

export interface Standings {
  readonly competition: string;
  readonly version: number;
  readonly events: readonly EventStandings[];
  readonly overall: readonly OverallStandings[];
}
