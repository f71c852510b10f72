/**
 * The shape of a demo competition: plain data that the seeder writes through the same services
 * an organizer uses. Everything is deterministic (seeded), so two fresh starts hold the same data.
 */
import type { CompetitionInput } from '@skills/scoring';

export type EventStatus = 'setup' | 'live' | 'frozen' | 'final';

export interface DemoContestant {
  /** Stable id used by the engine (e.g. "E01", "T03-07"). */
  readonly id: string;
  /** 参赛号 */
  readonly bib: string;
  readonly name: string;
  readonly gender: 'M' | 'F';
  /** 单位 */
  readonly unit: string;
  /** 代表队 */
  readonly delegation: string;
  /** 工位号 */
  readonly station?: string;
  /** Team id, for team competitions. */
  readonly team?: string;
  /** Events entered; absent = every individual event. */
  readonly events?: readonly string[];
  /** Award eligibility attributes (employee: boolean, category: string, age: number …). */
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}

export interface DemoTeam {
  readonly id: string;
  readonly name: string;
  readonly delegation: string;
  readonly members: readonly string[];
}

export interface DemoJudge {
  /** Judge code used to log in on the tablet, unique within the competition: "J01". */
  readonly code: string;
  readonly name: string;
  /** Six-digit PIN printed in the demo logins. */
  readonly pin: string;
}

export interface DemoChief {
  readonly username: string;
  readonly name: string;
  readonly password: string;
}

export interface DemoAssignment {
  readonly judge: string;
  readonly event: string;
  /** Criteria ids this judge marks; absent = every criterion of the event. */
  readonly criteria?: readonly string[];
  /** Competitor ids (contestants, or teams in a team event); absent = every entrant. */
  readonly entrants?: readonly string[];
}

export interface DemoEvent {
  readonly event: string;
  readonly status: EventStatus;
  /** Whether the public leaderboard shows names (otherwise bibs only). */
  readonly publicNames: boolean;
  /** Competition day, 1-based, for the schedule. */
  readonly day: number;
}

/** One judge's mark as it is entered; the sheet is judge × competitor × event. */
export interface DemoMark {
  readonly event: string;
  readonly judge: string;
  readonly competitor: string;
  readonly criterion: string;
  readonly value: string;
}

export type DemoSheetState = 'submitted' | 'verified';

export interface DemoSheetProgress {
  readonly event: string;
  readonly judge: string;
  readonly competitor: string;
  readonly state: DemoSheetState;
}

export interface DemoCompetition {
  /** URL slug, e.g. "xm29-ev-battery". */
  readonly id: string;
  readonly definition: CompetitionInput;
  readonly contestants: readonly DemoContestant[];
  readonly teams: readonly DemoTeam[];
  readonly judges: readonly DemoJudge[];
  readonly chief: DemoChief;
  readonly assignments: readonly DemoAssignment[];
  readonly events: readonly DemoEvent[];
  /** Seed of each event's anonymised-code draw. */
  readonly drawSeed: string;
  readonly marks: readonly DemoMark[];
  /** Sheets beyond draft: every mark of a listed sheet is entered first. */
  readonly sheets: readonly DemoSheetProgress[];
}
