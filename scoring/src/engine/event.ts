/**
 * One event's standings, kept per competitor so that one new or changed mark recomputes one
 * competitor and moves one row, instead of recomputing the table (DESIGN.md §8: one mark at least
 * 50× faster than a full recompute). A full recompute is the same code run for everyone.
 */
import { Rational } from '../exact/rational.ts';
import type { Status, TieBreak } from '../definition/schema.ts';
import { aggregate } from './aggregate.ts';
import { applyRounding, type CompiledCriterion, type CompiledEvent } from './compile.ts';
import {
  compareKeys,
  GROUP_FINISHED,
  GROUP_PENDING,
  insertionIndex,
  placements,
  type SortKey,
  type TieInfo,
} from './rank.ts';
import type {
  CriterionResult,
  EventRow,
  Flag,
  JudgeMark,
  ModuleResult,
  RowStatus,
} from './rows.ts';

const HUNDRED = Rational.int(100);

/**
 * A stored mark: integer units of its criterion, or a status sentinel on a time. It is also the
 * JudgeMark a row shows; its text is made only when read, so a full recompute of a million marks
 * formats none of them.
 */
export class StoredMark implements JudgeMark {
  readonly judge: string;
  readonly units: number;
  readonly status: Status | null;
  private readonly places: number;

  constructor(judge: string, units: number, status: Status | null, places: number) {
    this.judge = judge;
    this.units = units;
    this.status = status;
    this.places = places;
  }

  get value(): string {
    return this.status ?? formatUnits(this.units, this.places);
  }

  toJSON(): JudgeMark {
    return { judge: this.judge, value: this.value };
  }
}

/** 750 units at 2 places → "7.5" (no float arithmetic, trailing zeros dropped). */
export function formatUnits(units: number, places: number): string {
  if (places === 0) return String(units);
  const digits = String(Math.abs(units)).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${units < 0 ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}

export interface Entrant {
  readonly id: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly team: string | null;
}

/** Per-criterion values that do not depend on other competitors. */
interface Partial {
  readonly aggregate: Rational | null;
  readonly counted: readonly boolean[];
  /** Final time (raw + penalties) for time criteria with a time. */
  readonly time: { raw: Rational; penalty: Rational; final: Rational } | null;
  readonly status: Status | null;
}

interface CompetitorState {
  readonly entrant: Entrant;
  /** marks[criterionIndex] = that criterion's marks in judge order of first entry. */
  readonly marks: (StoredMark[] | undefined)[];
  readonly statuses: Set<Status>;
  partials: Partial[];
  /** Event-level status from entries, a DQ gate, or a status on the ranked time. */
  status: Status | null;
  row: EventRow;
  key: SortKey;
}

/** For proportional and rank time conversions: the field's best time and ranks. */
interface Field {
  /** Proportional conversion reads only the best time; rank conversion reads them all. */
  readonly byRank: boolean;
  readonly best: Rational | null;
  /** Final times of finishers, ascending, for rank conversion. */
  readonly times: readonly Rational[];
}

function worst(statuses: Iterable<Status>, order: readonly Status[]): Status | null {
  let out: Status | null = null;
  for (const s of statuses) if (out === null || order.indexOf(s) > order.indexOf(out)) out = s;
  return out;
}

function unitsToValue(c: CompiledCriterion, units: Rational): Rational {
  return c.places === 0 ? units : units.div(Rational.int(10 ** c.places));
}

export class EventScorer {
  readonly event: CompiledEvent;
  private readonly states = new Map<string, CompetitorState>();
  private sorted: CompetitorState[] = [];
  private fields = new Map<number, Field>();
  private rowsCache: EventRow[] | null = null;

  constructor(event: CompiledEvent, entrants: readonly Entrant[]) {
    this.event = event;
    for (const e of entrants) {
      this.states.set(e.id, {
        entrant: e,
        marks: new Array<StoredMark[] | undefined>(event.criteria.length),
        statuses: new Set(),
        partials: [],
        status: null,
        row: undefined as unknown as EventRow,
        key: undefined as unknown as SortKey,
      });
    }
  }

  has(competitor: string): boolean {
    return this.states.has(competitor);
  }

  /**
   * Stores a mark (a judge's later mark on a criterion replaces the earlier one). With `copy`, the
   * criterion's mark list is replaced rather than changed in place, so rows already handed out
   * keep the marks they were computed from.
   */
  load(competitor: string, criterion: number, mark: StoredMark, copy = false): boolean {
    const state = this.states.get(competitor);
    if (!state) return false;
    const current = state.marks[criterion];
    const list = current === undefined ? [] : copy ? [...current] : current;
    const at = list.findIndex((m) => m.judge === mark.judge);
    if (at >= 0) list[at] = mark;
    else list.push(mark);
    state.marks[criterion] = list;
    return true;
  }

  loadStatus(competitor: string, status: Status): void {
    this.states.get(competitor)?.statuses.add(status);
  }

  hasMark(competitor: string, criterion: number, judge: string): boolean {
    return this.states.get(competitor)?.marks[criterion]?.some((m) => m.judge === judge) ?? false;
  }

  markCount(competitor: string, criterion: number): number {
    return this.states.get(competitor)?.marks[criterion]?.length ?? 0;
  }

  /** Full recompute: every competitor, then the field, then the ranking. */
  recomputeAll(): void {
    for (const s of this.states.values()) this.computePartials(s);
    this.computeFields();
    for (const s of this.states.values()) this.computeRow(s);
    this.sorted = [...this.states.values()].sort((a, b) => compareKeys(a.key, b.key));
    this.rowsCache = null;
  }

  /**
   * One competitor's mark changed (already stored with load): recompute it, the field if its
   * time could move the field, and its place. Returns the ids whose rows changed.
   */
  recomputeOne(competitor: string): void {
    const state = this.states.get(competitor);
    if (!state) return;
    this.computePartials(state);
    if (this.event.fieldCriteria.length > 0) {
      const old = this.fields;
      this.computeFields();
      if (!sameFields(old, this.fields)) {
        // Every converted time may have moved (a new best time, or new ranks): recompute all rows.
        for (const s of this.states.values()) this.computeRow(s);
        this.sorted.sort((a, b) => compareKeys(a.key, b.key));
        this.rowsCache = null;
        return;
      }
    }
    const oldIndex = this.indexOf(state);
    this.computeRow(state);
    this.sorted.splice(oldIndex, 1);
    const keys = this.sorted.map((s) => s.key);
    this.sorted.splice(insertionIndex(keys, state.key), 0, state);
    this.rowsCache = null;
  }

  private indexOf(state: CompetitorState): number {
    const keys = this.sorted.map((s) => s.key);
    const i = insertionIndex(keys, state.key);
    if (this.sorted[i] === state) return i;
    return this.sorted.indexOf(state);
  }

  /** Rows in rank order with ranks and tie information. */
  rows(): EventRow[] {
    if (this.rowsCache) return this.rowsCache;
    const keys = this.sorted.map((s) => s.key);
    const places = placements(keys, this.event.tieBreaks, (rule, v) => displayTie(rule, v));
    const out = new Array<EventRow>(this.sorted.length);
    for (let i = 0; i < this.sorted.length; i++) {
      const s = this.sorted[i] as CompetitorState;
      const p = places[i];
      if (!p) continue;
      if (s.row.rank !== p.rank || !sameTie(s.row.tie, p.tie))
        s.row = { ...s.row, rank: p.rank, tie: p.tie };
      out[i] = s.row;
    }
    this.rowsCache = out;
    return out;
  }

  rowOf(competitor: string): EventRow | undefined {
    return this.states.get(competitor)?.row;
  }

  private computePartials(s: CompetitorState): void {
    const ev = this.event;
    const partials = new Array<Partial>(ev.criteria.length);
    // Aggregates first: penalties feed times.
    for (const c of ev.criteria) {
      const marks = s.marks[c.index];
      if (!marks || marks.length === 0) {
        partials[c.index] = { aggregate: null, counted: [], time: null, status: null };
        continue;
      }
      const statusMarks = marks.filter((m) => m.status !== null);
      if (statusMarks.length > 0) {
        partials[c.index] = {
          aggregate: null,
          counted: marks.map((m) => m.status !== null),
          time: null,
          status: worst(
            statusMarks.map((m) => m.status as Status),
            ev.statusOrder,
          ),
        };
        continue;
      }
      if (c.kind === 'gate') {
        const violated = marks.some((m) => m.units === 1);
        partials[c.index] = {
          aggregate: Rational.int(violated ? 1 : 0),
          counted: marks.map(() => true),
          time: null,
          status: null,
        };
        continue;
      }
      const agg = aggregate(
        marks.map((m) => m.units),
        c.aggregation,
      );
      partials[c.index] = {
        aggregate: unitsToValue(c, agg.value),
        counted: agg.counted,
        time: null,
        status: null,
      };
    }
    for (const c of ev.criteria) {
      if (c.kind !== 'time') continue;
      const p = partials[c.index];
      if (!p || p.aggregate === null) continue;
      let penalty = Rational.ZERO;
      for (const pi of c.penalties) {
        const pp = partials[pi];
        const pc = ev.criteria[pi];
        if (pp?.aggregate && pc) penalty = penalty.add(pp.aggregate.mul(pc.secondsPerItem));
      }
      partials[c.index] = {
        ...p,
        time: { raw: p.aggregate, penalty, final: p.aggregate.add(penalty) },
      };
    }
    s.partials = partials;

    const statuses = new Set(s.statuses);
    for (const c of ev.criteria) {
      const p = partials[c.index];
      if (!p) continue;
      if (p.status !== null && (c.index === ev.rankByTime || p.status === 'DQ'))
        statuses.add(p.status);
      if (c.def.kind === 'gate' && c.def.effect === 'disqualify' && p.aggregate?.isZero() === false)
        statuses.add('DQ');
    }
    s.status = worst(statuses, ev.statusOrder);
  }

  private computeFields(): void {
    const fields = new Map<number, Field>();
    for (const ci of this.event.fieldCriteria) {
      const times: Rational[] = [];
      for (const s of this.states.values()) {
        const t = s.partials[ci]?.time;
        if (t && s.status === null) times.push(t.final);
      }
      times.sort((a, b) => a.cmp(b));
      fields.set(ci, {
        byRank: this.event.criteria[ci]?.conversion?.method === 'rank',
        best: times[0] ?? null,
        times,
      });
    }
    this.fields = fields;
  }

  private converted(c: CompiledCriterion, final: Rational): Rational {
    const conv = c.conversion;
    if (!conv) return Rational.ZERO;
    switch (conv.method) {
      case 'linear':
        if (final.cmp(conv.target) <= 0) return conv.max;
        if (final.cmp(conv.cutoff) >= 0) return Rational.ZERO;
        return conv.max.mul(conv.cutoff.sub(final)).div(conv.cutoff.sub(conv.target));
      case 'proportional': {
        const best = this.fields.get(c.index)?.best;
        if (!best || final.isZero()) return conv.max;
        return conv.max.mul(best).div(final);
      }
      case 'rank': {
        const times = this.fields.get(c.index)?.times ?? [];
        const n = times.length;
        if (n === 0) return Rational.ZERO;
        // rank = 1 + number strictly faster
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((times[mid] as Rational).cmp(final) < 0) lo = mid + 1;
          else hi = mid;
        }
        const rank = lo + 1;
        return conv.max.mulInt(n - rank + 1).divInt(n);
      }
    }
  }

  private computeRow(s: CompetitorState): void {
    const ev = this.event;
    const flags: Flag[] = [];
    let anyMark = false;
    let deductions = Rational.ZERO;
    let eventZeroedBy: string | null = null;
    const modules: ModuleResult[] = [];
    let total = Rational.ZERO;

    for (const m of ev.modules) {
      let sum = Rational.ZERO;
      let zeroedBy: string | null = null;
      const criteria: CriterionResult[] = [];
      for (const c of m.criteria) {
        const marks = s.marks[c.index] ?? [];
        const p = s.partials[c.index] as Partial;
        if (marks.length > 0) anyMark = true;
        let points: Rational | null = null;
        let violated = false;
        if (p.aggregate !== null) {
          switch (c.kind) {
            case 'points':
              points = p.aggregate;
              break;
            case 'check':
              points = c.max.mul(p.aggregate);
              break;
            case 'judgement':
              points = c.max.mul(p.aggregate).divInt(c.scaleMax);
              break;
            case 'time':
              points =
                c.conversion && p.time && s.status === null
                  ? this.converted(c, p.time.final)
                  : c.conversion
                    ? Rational.ZERO
                    : null;
              break;
            case 'deduction': {
              const amount = (c.perItem ? p.aggregate.mul(c.perItem) : p.aggregate).min(c.max);
              points = amount.neg();
              deductions = deductions.add(amount);
              break;
            }
            case 'penalty':
              points = null;
              break;
            case 'gate':
              violated = !p.aggregate.isZero();
              break;
          }
        } else if (p.status !== null && c.conversion) {
          points = Rational.ZERO;
        }
        if (points !== null && c.kind !== 'deduction') points = applyRounding(points, c.rounding);
        if (points !== null) sum = sum.add(points);
        if (violated && c.def.kind === 'gate') {
          flags.push({
            code: 'gate',
            criterion: c.id,
            message: `safety gate ${c.id} violated (${c.def.effect})`,
          });
          if (c.def.effect === 'zeroModule') zeroedBy ??= c.id;
          if (c.def.effect === 'zeroEvent') eventZeroedBy ??= c.id;
        }
        let spread: CriterionResult['spread'] = null;
        if (c.spreadTolerance && marks.length > 1 && p.status === null) {
          let lo = Infinity;
          let hi = -Infinity;
          for (const mk of marks) {
            if (mk.units < lo) lo = mk.units;
            if (mk.units > hi) hi = mk.units;
          }
          const min = Rational.fromUnits(lo, c.places);
          const max = Rational.fromUnits(hi, c.places);
          if (max.sub(min).gt(c.spreadTolerance)) {
            spread = { min, max, tolerance: c.spreadTolerance };
            flags.push({
              code: 'spread',
              criterion: c.id,
              message: `judges' marks on ${c.id} range ${min.toString()}..${max.toString()}, more than ${c.spreadTolerance.toString()} apart`,
            });
          }
        }
        // Gates, deductions and penalties default to "nothing recorded"; other kinds need a mark.
        const optional = c.kind === 'gate' || c.kind === 'deduction' || c.kind === 'penalty';
        const expected =
          marks.length === 0 ? (optional ? 0 : (c.judges ?? 1)) : (c.judges ?? marks.length);
        const missing = p.status !== null ? 0 : Math.max(0, expected - marks.length);
        criteria.push({
          criterion: c.id,
          kind: c.kind,
          marks,
          counted: p.counted,
          aggregate: p.aggregate,
          points,
          time: p.time,
          spread,
          missing,
          violated,
          status: p.status,
        });
      }
      if (zeroedBy !== null) sum = Rational.ZERO;
      if (!m.allowNegative && sum.sign() < 0) sum = Rational.ZERO;
      sum = applyRounding(sum, ev.moduleRounding);
      let weighted: Rational | null = null;
      if (m.weight) {
        weighted = m.max.isZero()
          ? Rational.ZERO
          : m.weight.div(HUNDRED).mul(ev.max).mul(sum).div(m.max);
        total = total.add(weighted);
      } else {
        total = total.add(sum);
      }
      modules.push({ module: m.id, score: sum, max: m.max, weighted, zeroedBy, criteria });
    }
    if (eventZeroedBy !== null) total = Rational.ZERO;
    total = applyRounding(total, ev.eventRounding);

    const missingMarks = modules.some((m) => m.criteria.some((c) => c.missing > 0));
    const rankedTime =
      ev.rankByTime !== undefined ? (s.partials[ev.rankByTime]?.time?.final ?? null) : null;
    let status: RowStatus;
    if (s.status !== null) status = s.status;
    else if (!anyMark || (ev.rankByTime !== undefined && rankedTime === null)) status = 'pending';
    else status = 'ok';
    if (s.status !== null) flags.push({ code: 'status', message: s.status });
    if (missingMarks && anyMark && s.status === null)
      flags.push({ code: 'incomplete', message: 'some marks are not entered yet' });

    const score = status === 'pending' ? null : total;
    const time = ev.rankByTime !== undefined ? rankedTime : null;

    // Before the first full pass a state has no row yet.
    const previous = s.row as EventRow | undefined;
    s.row = {
      competitor: s.entrant.id,
      name: s.entrant.name,
      delegation: s.entrant.delegation,
      team: s.entrant.team,
      rank: previous?.rank ?? null,
      tie: previous?.tie ?? { kind: 'first' },
      status,
      score,
      time,
      deductions,
      modules,
      flags,
    };
    s.key = this.keyOf(s.row);
  }

  private keyOf(row: EventRow): SortKey {
    const ev = this.event;
    let group: number;
    if (row.status === 'ok') group = GROUP_FINISHED;
    else if (row.status === 'pending') group = GROUP_PENDING;
    else group = 1 + ev.statusOrder.indexOf(row.status);
    let primary: Rational | null = null;
    if (group === GROUP_FINISHED)
      primary = ev.rankByTime !== undefined ? row.time : (row.score?.neg() ?? null);
    const tie = group === GROUP_FINISHED ? ev.tieBreaks.map((tb) => tieValue(ev, row, tb)) : [];
    return { group, primary, tie, id: row.competitor };
  }
}

/** The value a tie-break compares for an event row, oriented so that lower is better. */
export function tieValue(ev: CompiledEvent, row: EventRow, tb: TieBreak): Rational | null {
  switch (tb.by) {
    case 'module': {
      const m = row.modules.find((x) => x.module === tb.module);
      if (!m) return null;
      return tb.order === 'desc' ? m.score.neg() : m.score;
    }
    case 'criterion': {
      const c = ev.criterionById.get(tb.criterion);
      const r = c
        ? row.modules[c.moduleIndex]?.criteria.find((x) => x.criterion === tb.criterion)
        : undefined;
      const v = r ? criterionValue(r) : null;
      if (v === null) return null;
      return tb.order === 'desc' ? v.neg() : v;
    }
    case 'time': {
      const c = ev.criterionById.get(tb.criterion);
      const r = c
        ? row.modules[c.moduleIndex]?.criteria.find((x) => x.criterion === tb.criterion)
        : undefined;
      return r?.time?.final ?? null;
    }
    case 'deductions':
      return row.deductions;
    case 'bestMember':
    case 'event':
      return null;
  }
}

/** What a criterion tie-break compares: points, else the amount deducted, count or raw aggregate. */
export function criterionValue(r: CriterionResult): Rational | null {
  if (r.kind === 'deduction') return r.points ? r.points.neg() : null;
  return r.points ?? r.time?.final ?? r.aggregate;
}

/** Shows a tie value as compared by a person (maximised values were stored negated). */
export function displayTie(rule: TieBreak, v: Rational | null): string | null {
  if (v === null) return null;
  const negated = (rule.by === 'module' || rule.by === 'criterion') && rule.order === 'desc';
  return (negated ? v.neg() : v).toString();
}

function sameFields(a: ReadonlyMap<number, Field>, b: ReadonlyMap<number, Field>): boolean {
  for (const [k, fa] of a) {
    const fb = b.get(k);
    if (!fb) return false;
    if ((fa.best === null) !== (fb.best === null)) return false;
    if (fa.best && fb.best && !fa.best.equals(fb.best)) return false;
    if (!fa.byRank) continue;
    if (fa.times.length !== fb.times.length) return false;
    for (let i = 0; i < fa.times.length; i++)
      if (!(fa.times[i] as Rational).equals(fb.times[i] as Rational)) return false;
  }
  return true;
}

function sameTie(a: TieInfo, b: TieInfo): boolean {
  switch (a.kind) {
    case 'first':
      return b.kind === 'first';
    case 'shared':
      return b.kind === 'shared' && a.with === b.with;
    case 'score':
    case 'status':
      return b.kind === a.kind && a.above === b.above;
    case 'tieBreak':
      return (
        b.kind === 'tieBreak' &&
        a.above === b.above &&
        a.index === b.index &&
        a.values[0] === b.values[0] &&
        a.values[1] === b.values[1]
      );
  }
}
