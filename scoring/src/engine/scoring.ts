/**
 * The engine's public door: definition + roster + marks → standings for every event, team
 * standings and overall standings. Pure: no clock, randomness, I/O or logging. Marks are checked
 * against the definition first and every problem is returned, not the first.
 *
 * @example
 * const r = Scoring.create(definition, { contestants, marks });
 * if (!r.success) return r.problems;
 * const standings = r.data.standings();
 * const next = r.data.applyMark({ event: 'ev', criterion: 'c1', competitor: 'A01', judge: 'J2', value: 8 });
 */
import type { Competition } from '../definition/schema.ts';
import { fromZodIssues, problem, type PathSegment, type Problem, type Result } from '../problem.ts';
import {
  Mark,
  MarkKey,
  StatusEntry,
  type MarkInput,
  type MarkKeyInput,
  type ScoringInputFile,
  type StatusEntryInput,
} from '../input/schema.ts';
import { compileCompetition, type CompiledCompetition, type CompiledEvent } from './compile.ts';
import { EventScorer } from './event.ts';
import { readScoringInput } from '../input/read-input.ts';
import { readMarkValue } from './mark-value.ts';
import { overallStandings } from './overall.ts';
import { buildRoster, inferRoster, type Roster } from './roster.ts';
import type { EventStandings, OverallStandings, Standings } from './rows.ts';
import { teamStandings } from './team.ts';

const NONE: ReadonlySet<string> = new Set();

/** One change for Scoring.update: a mark set (new or replacing the judge's), or removed. */
export type MarkChange = { readonly set: MarkInput } | { readonly remove: MarkKeyInput };

export class Scoring {
  readonly definition: Competition;
  private readonly compiled: CompiledCompetition;
  private readonly roster: Roster;
  private readonly scorers: Map<string, EventScorer>;
  private readonly eventCache = new Map<string, EventStandings>();
  private overallCache: OverallStandings[] | null = null;

  private constructor(
    def: Competition,
    compiled: CompiledCompetition,
    roster: Roster,
    scorers: Map<string, EventScorer>,
  ) {
    this.definition = def;
    this.compiled = compiled;
    this.roster = roster;
    this.scorers = scorers;
  }

  /**
   * Checks the input against a parsed definition and computes everything. `definition` must have
   * passed parseCompetition.
   */
  static create(definition: Competition, input: ScoringInputFile): Result<Scoring> {
    const problems: Problem[] = [];
    const read = readScoringInput(input, problems);
    const data = inferRoster(definition, {
      contestants: read.contestants,
      teams: read.teams,
      marks: read.marks.map((m) => m.value),
      statuses: read.statuses.map((s) => s.value),
    });
    const compiled = compileCompetition(definition);
    const roster = buildRoster(definition, data, problems);
    const scorers = new Map<string, EventScorer>();
    for (const ev of compiled.events) {
      scorers.set(ev.id, new EventScorer(ev, roster.entrants.get(ev.id) ?? []));
    }
    const scoring = new Scoring(definition, compiled, roster, scorers);

    for (const { value: m, index } of read.marks) {
      scoring.storeMark(m, ['marks', index], problems, true, read.rejected);
    }
    for (const { value: s, index } of read.statuses) {
      scoring.storeStatus(s, ['statuses', index], problems, read.rejected);
    }
    if (problems.length > 0) return { success: false, problems };
    for (const scorer of scorers.values()) scorer.recomputeAll();
    return { success: true, data: scoring };
  }

  /** The scorer of an event whose entrant a change names, or the problems why not. */
  private scorerFor(
    change: { event: string; competitor: string },
    at: readonly PathSegment[],
    problems: Problem[],
    rejected: ReadonlySet<string> = NONE,
  ): EventScorer | undefined {
    const scorer = this.scorers.get(change.event);
    if (!scorer) {
      problems.push(problem([...at, 'event'], 'unknown_event', `no event "${change.event}"`));
      return undefined;
    }
    if (!scorer.has(change.competitor)) {
      if (!rejected.has(change.competitor)) {
        problems.push(
          problem(
            [...at, 'competitor'],
            'not_entered',
            `"${change.competitor}" is not entered in event "${change.event}"`,
          ),
        );
      }
      return undefined;
    }
    return scorer;
  }

  private storeStatus(
    s: StatusEntry,
    at: readonly PathSegment[],
    problems: Problem[],
    rejected: ReadonlySet<string> = NONE,
  ): EventScorer | undefined {
    const scorer = this.scorerFor(s, at, problems, rejected);
    scorer?.loadStatus(s.competitor, s.status);
    return scorer;
  }

  /** Finds what is wrong with a mark, or stores it; `bulk` refuses a second mark by the same judge. */
  private storeMark(
    m: Mark,
    at: readonly PathSegment[],
    problems: Problem[],
    bulk: boolean,
    rejected: ReadonlySet<string> = NONE,
  ): CompiledEvent | undefined {
    const scorer = this.scorers.get(m.event);
    if (!scorer) {
      problems.push(problem([...at, 'event'], 'unknown_event', `no event "${m.event}"`));
      return undefined;
    }
    const ev = scorer.event;
    const c = ev.criterionById.get(m.criterion);
    const before = problems.length;
    if (!c)
      problems.push(
        problem(
          [...at, 'criterion'],
          'unknown_criterion',
          `no criterion "${m.criterion}" in event "${m.event}"`,
        ),
      );
    if (!scorer.has(m.competitor) && !rejected.has(m.competitor)) {
      problems.push(
        problem(
          [...at, 'competitor'],
          'not_entered',
          `"${m.competitor}" is not entered in event "${m.event}"`,
        ),
      );
    }
    if (!c) return undefined;
    const v = readMarkValue(c, m.value);
    if (!v.ok) problems.push(problem([...at, 'value'], v.code, `${m.criterion}: ${v.message}`));
    if (problems.length > before || !v.ok) return undefined;
    const exists = scorer.hasMark(m.competitor, c.index, m.judge);
    if (exists && bulk) {
      problems.push(
        problem(
          [...at, 'judge'],
          'duplicate_mark',
          `judge "${m.judge}" already marked ${m.competitor} on ${m.criterion}`,
        ),
      );
      return undefined;
    }
    if (!exists) {
      const count = scorer.markCount(m.competitor, c.index);
      const limit = c.aggregation.method === 'single' ? 1 : c.judges;
      if (limit !== undefined && count >= limit) {
        problems.push(
          problem(
            [...at, 'judge'],
            'too_many_judges',
            `${m.criterion} takes ${limit} mark${limit === 1 ? '' : 's'} per competitor; ${m.competitor} already has ${count}`,
          ),
        );
        return undefined;
      }
    }
    if ('status' in v) scorer.load(m.competitor, c.index, m.judge, 0, v.status, !bulk);
    else scorer.load(m.competitor, c.index, m.judge, v.units, null, !bulk);
    return ev;
  }

  /**
   * Recomputes every event from its stored marks, as if from scratch (the full path the
   * incremental one is measured and property-tested against).
   */
  recomputeAll(): Standings {
    for (const scorer of this.scorers.values()) scorer.recomputeAll();
    this.eventCache.clear();
    this.overallCache = null;
    return this.standings();
  }

  /** Standings of every event, their team standings, and the overall standings. */
  standings(): Standings {
    const events = this.compiled.events.map((ev) => this.eventStandings(ev));
    if (!this.overallCache) {
      const byId = new Map(events.map((e) => [e.event, e]));
      this.overallCache = this.definition.overall.map((o) => overallStandings(o, byId));
    }
    return {
      competition: this.definition.id,
      version: this.definition.version,
      events,
      overall: this.overallCache,
    };
  }

  private eventStandings(ev: CompiledEvent): EventStandings {
    const cached = this.eventCache.get(ev.id);
    if (cached) return cached;
    const scorer = this.scorers.get(ev.id) as EventScorer;
    const teamScoring = ev.def.team;
    const standings: EventStandings = {
      event: ev.id,
      name: ev.name,
      rankBy: ev.rankByTime !== undefined ? 'time' : 'score',
      entrants: ev.entrants,
      rows: scorer.rows(),
      teams: teamScoring
        ? teamStandings(ev, teamScoring, this.roster.teamEntries.get(ev.id) ?? [], (id) =>
            scorer.rowOf(id),
          )
        : null,
    };
    this.eventCache.set(ev.id, standings);
    return standings;
  }

  /** After one competitor's change: recompute it, and drop what depends on its event. */
  private changed(scorer: EventScorer, competitor: string): Result<Standings> {
    this.touch(scorer, competitor);
    return { success: true, data: this.standings() };
  }

  private touch(scorer: EventScorer, competitor: string): void {
    scorer.recomputeOne(competitor);
    this.eventCache.delete(scorer.event.id);
    this.overallCache = null;
  }

  /**
   * Applies many changes in order (a mark set, or removed) without building standings after
   * each: what a ledger that catches up on several new mark versions calls. Returns the
   * problems of the changes that were refused (each at its index); the others are applied.
   * standings() afterwards equals a full recompute with the accepted changes.
   */
  update(changes: readonly MarkChange[]): Problem[] {
    const problems: Problem[] = [];
    changes.forEach((change, index) => {
      if ('set' in change) {
        const shape = Mark.safeParse(change.set);
        if (!shape.success) {
          problems.push(...fromZodIssues(shape.error.issues, [index]));
          return;
        }
        const ev = this.storeMark(shape.data, [index], problems, false);
        if (ev) this.touch(this.scorers.get(ev.id) as EventScorer, shape.data.competitor);
        return;
      }
      const shape = MarkKey.safeParse(change.remove);
      if (!shape.success) {
        problems.push(...fromZodIssues(shape.error.issues, [index]));
        return;
      }
      const k = shape.data;
      const scorer = this.scorers.get(k.event);
      const c = scorer?.event.criterionById.get(k.criterion);
      if (
        scorer &&
        c &&
        scorer.has(k.competitor) &&
        scorer.unload(k.competitor, c.index, k.judge)
      ) {
        this.touch(scorer, k.competitor);
      }
    });
    return problems;
  }

  /**
   * Applies one new or changed mark (a judge's later mark on the same criterion replaces the
   * earlier one) and returns the new standings: the same as a full recompute with that mark.
   * Nothing changes when the mark is refused.
   */
  applyMark(input: MarkInput): Result<Standings> {
    const shape = Mark.safeParse(input);
    if (!shape.success) return { success: false, problems: fromZodIssues(shape.error.issues) };
    const problems: Problem[] = [];
    const ev = this.storeMark(shape.data, [], problems, false);
    if (!ev) return { success: false, problems };
    return this.changed(this.scorers.get(ev.id) as EventScorer, shape.data.competitor);
  }

  /** Removes a judge's mark (one voided in the ledger): the same as a full recompute without it. */
  removeMark(input: MarkKeyInput): Result<Standings> {
    const shape = MarkKey.safeParse(input);
    if (!shape.success) return { success: false, problems: fromZodIssues(shape.error.issues) };
    const k = shape.data;
    const problems: Problem[] = [];
    const scorer = this.scorerFor(k, [], problems);
    if (!scorer) return { success: false, problems };
    const c = scorer.event.criterionById.get(k.criterion);
    if (!c || !scorer.unload(k.competitor, c.index, k.judge)) {
      const what = c
        ? `judge "${k.judge}" has no mark for ${k.competitor}`
        : `no criterion "${k.criterion}" in event "${k.event}"`;
      return {
        success: false,
        problems: [
          problem([c ? 'judge' : 'criterion'], c ? 'no_such_mark' : 'unknown_criterion', what),
        ],
      };
    }
    return this.changed(scorer, k.competitor);
  }

  /** Records a DNS/DNF/DQ for a competitor in an event. */
  applyStatus(input: StatusEntryInput): Result<Standings> {
    const shape = StatusEntry.safeParse(input);
    if (!shape.success) return { success: false, problems: fromZodIssues(shape.error.issues) };
    const problems: Problem[] = [];
    const scorer = this.storeStatus(shape.data, [], problems);
    if (!scorer) return { success: false, problems };
    return this.changed(scorer, shape.data.competitor);
  }

  /** Withdraws a status recorded by mistake. */
  removeStatus(input: StatusEntryInput): Result<Standings> {
    const shape = StatusEntry.safeParse(input);
    if (!shape.success) return { success: false, problems: fromZodIssues(shape.error.issues) };
    const s = shape.data;
    const problems: Problem[] = [];
    const scorer = this.scorerFor(s, [], problems);
    if (!scorer) return { success: false, problems };
    if (!scorer.unloadStatus(s.competitor, s.status)) {
      return {
        success: false,
        problems: [
          problem(
            ['status'],
            'no_such_status',
            `${s.competitor} has no ${s.status} in event "${s.event}"`,
          ),
        ],
      };
    }
    return this.changed(scorer, s.competitor);
  }

  /** Contestant attributes for award eligibility. */
  contestants(): Roster['contestants'] {
    return this.roster.contestants;
  }
}

/** Full computation in one call: definition + input → standings, or every problem. */
export function score(definition: Competition, input: ScoringInputFile): Result<Standings> {
  const r = Scoring.create(definition, input);
  return r.success ? { success: true, data: r.data.standings() } : r;
}
