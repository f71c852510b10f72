/**
 * A competition's standings kept in memory between recomputes. The first build reads the roster
 * and the latest version of every mark; after that only mark versions newer than the last one
 * seen are read and applied to the engine incrementally (applyMark / removeMark). Mark ids grow
 * in commit order (the writer takes the audit lock before inserting), so "newer than the last id
 * seen" misses nothing. A new definition or roster version rebuilds from scratch.
 */
import { and, eq, gt, lte, max, type SQL } from 'drizzle-orm';
import {
  Scoring,
  type Competition,
  type MarkChange,
  type MarkInput,
  type MarkKeyInput,
  type Problem,
  type Standings,
} from '@skills/scoring';
import { competitions, marks, sheets, users, type Tx } from '@skills/db';
import type { Catalog } from '../domain/catalog.ts';
import { loadRoster } from '../domain/entrants.ts';
import { currentMarks } from '../ledger/current-marks.ts';
import { overallScope } from '../contract/live.ts';
import { engineRoster } from './engine-roster.ts';
import { precisionOf, type Precision } from './precision.ts';
import { EMPTY_ROSTER, publicRosterOf, type PublicRoster } from './public-view.ts';
import { table, type TableText } from './tables.ts';

/** Mark versions applied to the engine between two turns of the event loop. */
const CATCH_UP_SLICE = 64;

/** Lets the event loop run what is waiting (answers to judges) before going on. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
  });
}

interface MarkVersion {
  readonly id: number;
  readonly event: string;
  readonly competitor: string;
  readonly judge: string;
  readonly criterion: string;
  readonly value: string | null;
}

function markKey(r: MarkVersion): MarkKeyInput {
  return { event: r.event, competitor: r.competitor, judge: r.judge, criterion: r.criterion };
}

/**
 * Mark versions as the engine names them: every version in id order, or the current one of each
 * (ledger/current-marks.ts).
 */
function markVersions(
  tx: Tx,
  where: SQL | undefined,
  which: 'all' | 'latest',
): Promise<MarkVersion[]> {
  if (which === 'latest') return currentMarks(tx, where);
  return tx
    .select({
      id: marks.id,
      event: sheets.eventId,
      competitor: sheets.entrantId,
      judge: users.login,
      criterion: marks.criterionId,
      value: marks.value,
    })
    .from(marks)
    .innerJoin(sheets, eq(sheets.id, marks.sheetId))
    .innerJoin(users, eq(users.id, sheets.judgeId))
    .where(where)
    .orderBy(marks.id);
}

export class CompetitionState {
  readonly competitionId: string;
  readonly definitionVersion: number;
  readonly rosterVersion: number;
  private scoring: Scoring;
  private lastMarkId: number;
  /** Marks the definition refuses (left out of the standings). */
  readonly problems: Problem[] = [];
  /** Bibs and team members, for the public view. */
  publicRoster: PublicRoster = EMPTY_ROSTER;
  /** How each table writes its numbers (by scope). */
  private readonly precisions = new Map<string, Precision>();
  private readonly definition: Competition;

  private constructor(
    competitionId: string,
    definitionVersion: number,
    rosterVersion: number,
    scoring: Scoring,
    lastMarkId: number,
    definition: Competition,
  ) {
    this.competitionId = competitionId;
    this.definitionVersion = definitionVersion;
    this.rosterVersion = rosterVersion;
    this.scoring = scoring;
    this.lastMarkId = lastMarkId;
    this.definition = definition;
  }

  private precision(scope: string): Precision {
    let p = this.precisions.get(scope);
    if (p === undefined) {
      p = precisionOf(this.definition, scope);
      this.precisions.set(scope, p);
    }
    return p;
  }

  /** The versions of the competition, to tell whether a kept state is still valid. */
  static async versions(
    tx: Tx,
    competitionId: string,
  ): Promise<{ definition: number; roster: number } | null> {
    const [row] = await tx
      .select({ definition: competitions.definitionVersion, roster: competitions.rosterVersion })
      .from(competitions)
      .where(eq(competitions.id, competitionId));
    return row ?? null;
  }

  static async build(
    tx: Tx,
    catalog: Catalog,
    competitionId: string,
    versions: { definition: number; roster: number },
    /** Score with this definition instead of the stored one (a preview of a new version). */
    instead?: Competition,
  ): Promise<CompetitionState> {
    const definition =
      instead ?? (await catalog.at(competitionId, versions.definition, tx)).definition;
    const [top] = await tx
      .select({ id: max(marks.id) })
      .from(marks)
      .innerJoin(sheets, eq(sheets.id, marks.sheetId))
      .where(eq(sheets.competitionId, competitionId));
    const lastMarkId = top?.id ?? 0;
    const rosterRows = await loadRoster(tx, competitionId);
    const roster = engineRoster(rosterRows);
    const rows = await markVersions(
      tx,
      and(eq(sheets.competitionId, competitionId), lte(marks.id, lastMarkId)),
      'latest',
    );
    let kept: MarkInput[] = rows.flatMap((r) =>
      r.value === null ? [] : [{ ...markKey(r), value: r.value }],
    );
    const problems: Problem[] = [];
    let result = Scoring.create(definition, { ...roster, marks: kept });
    for (let attempt = 0; !result.success && attempt < 3; attempt++) {
      const bad = new Set<number>();
      for (const p of result.problems) {
        if (p.path[0] === 'marks' && typeof p.path[1] === 'number') bad.add(p.path[1]);
        problems.push(p);
      }
      if (bad.size === 0) break;
      kept = kept.filter((_, i) => !bad.has(i));
      result = Scoring.create(definition, { ...roster, marks: kept });
    }
    if (!result.success) {
      // The roster itself does not fit the definition: score it without marks.
      problems.push(...result.problems);
      result = Scoring.create(definition, { contestants: [], teams: [], marks: [] });
      if (!result.success) throw new Error('an empty competition does not score');
    }
    const state = new CompetitionState(
      competitionId,
      versions.definition,
      versions.roster,
      result.data,
      lastMarkId,
      definition,
    );
    state.problems.push(...problems);
    state.publicRoster = publicRosterOf(rosterRows);
    return state;
  }

  /** Applies every mark version committed since the last one seen; returns how many. */
  async catchUp(tx: Tx): Promise<number> {
    const rows = await markVersions(
      tx,
      and(eq(sheets.competitionId, this.competitionId), gt(marks.id, this.lastMarkId)),
      'all',
    );
    if (rows.length === 0) return 0;
    const changes: MarkChange[] = rows.map((r) =>
      r.value === null ? { remove: markKey(r) } : { set: { ...markKey(r), value: r.value } },
    );
    // Marks were checked against this definition when written; a refusal here means the rules
    // changed in between, and is reported like the full build reports it. In slices, with the
    // event loop let through between them: a recompute that takes in a second of marks must not
    // hold the acknowledgements of the next ones behind it.
    for (let i = 0; i < changes.length; i += CATCH_UP_SLICE) {
      if (i > 0) await yieldToLoop();
      this.problems.push(...this.scoring.update(changes.slice(i, i + CATCH_UP_SLICE)));
    }
    this.lastMarkId = rows[rows.length - 1]?.id ?? this.lastMarkId;
    return rows.length;
  }

  /** The engine's standings (rows with flags and explanations). */
  standings(): Standings {
    return this.scoring.standings();
  }

  /** Every table of the competition as text (cached per unchanged row). */
  tables(): TableText[] {
    const s = this.scoring.standings();
    return [
      ...s.events.map((ev) =>
        table(ev.event, ev.name, ev.rows, ev.teams, this.precision(ev.event)),
      ),
      ...s.overall.map((o) => {
        const scope = overallScope(o.overall);
        return table(scope, o.name, o.rows, null, this.precision(scope));
      }),
    ];
  }
}
