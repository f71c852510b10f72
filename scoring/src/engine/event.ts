/**
 * One event's standings, kept per competitor so that one new or changed mark recomputes one
 * competitor and moves one row, instead of recomputing the table (DESIGN.md §8: one mark at least
 * 50× faster than a full recompute). A full recompute is the same code run for everyone.
 */
import { ExactSum } from '../exact/exact-sum.ts';
import { Rational } from '../exact/rational.ts';
import type { Status, TieBreak } from '../definition/schema.ts';
import { aggregateDenominator, aggregateNumerator } from './aggregate.ts';
import { MarkTable } from './mark-table.ts';
import {
  applyRounding,
  type CompiledCriterion,
  type CompiledEvent,
  type CompiledTieBreak,
} from './compile.ts';
import {
  groupOf,
  sortByKey,
  worse,
  GROUP_FINISHED,
  insertionIndexBy,
  placeAfter,
  type Placement,
  SortKey,
  type TieInfo,
} from './rank.ts';
import type { Flag, RowStatus } from './rows.ts';
import {
  aggregateOf,
  EventRowView,
  missingOf,
  pointsOf,
  spreadOf,
  type Computed,
  type TimeValue,
} from './event-row.ts';

export interface Entrant {
  readonly id: string;
  readonly name: string | null;
  readonly delegation: string | null;
  readonly team: string | null;
}

/** Per-criterion values that do not depend on other competitors. */
interface Base {
  /** Per criterion i: aggregate numerator at 2i (NaN where none), denominator at 2i + 1. */
  readonly agg: number[];
  readonly markStatus: (Status | null)[] | null;
  readonly times: (TimeValue | null)[] | null;
  /** Event-level status from entries, a DQ gate, or a status on the ranked time. */
  readonly status: Status | null;
  /** Criteria whose judges are further apart than the tolerance. */
  readonly spreadAt: readonly number[] | null;
}

interface CompetitorState {
  readonly entrant: Entrant;
  /** Every criterion's marks, in judge order of first entry; replaced, never changed, once shown. */
  marks: MarkTable;
  readonly statuses: Set<Status>;
  base: Base;
  row: EventRowView;
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

const NO_TIES: readonly (Rational | null)[] = [];
const NO_FLAGS: readonly Flag[] = [];
const FIRST: TieInfo = { kind: 'first' };

export class EventScorer {
  readonly event: CompiledEvent;
  private readonly states = new Map<string, CompetitorState>();
  private sorted: CompetitorState[] = [];
  private fields = new Map<number, Field>();
  /** Placements and rows as last handed out, aligned with `sorted` as it was then. */
  private placed: Placement[] = [];
  private out: readonly EventRowView[] = [];
  /** What changed since: nothing, everything, or a window of positions. */
  private dirty: null | 'all' | { lo: number; hi: number } = 'all';
  /** Accumulators reused by every computeRow (the engine is synchronous). */
  private readonly moduleSum = new ExactSum();
  private readonly eventSum = new ExactSum();

  constructor(event: CompiledEvent, entrants: readonly Entrant[]) {
    this.event = event;
    // Room for a full panel on each criterion (a table grows when a criterion needs more).
    const capacity = event.criteria.map((c) =>
      c.aggregation.method === 'single' ? 1 : Math.max(1, c.judges ?? 3),
    );
    for (const e of entrants) {
      this.states.set(e.id, {
        entrant: e,
        marks: MarkTable.empty(capacity),
        statuses: new Set(),
        base: undefined as unknown as Base,
        row: undefined as unknown as EventRowView,
        key: undefined as unknown as SortKey,
      });
    }
  }

  has(competitor: string): boolean {
    return this.states.has(competitor);
  }

  /**
   * Stores a mark (a judge's later mark on a criterion replaces the earlier one). With `copy` the
   * table is replaced rather than changed (copy on write), so rows already handed out keep the
   * marks they were computed from; a bulk load before the first computation changes it in place.
   */
  load(
    competitor: string,
    criterion: number,
    judge: string,
    units: number,
    status: Status | null,
    copy = false,
  ): boolean {
    const state = this.states.get(competitor);
    if (!state) return false;
    state.marks = state.marks.set(criterion, judge, units, status, copy);
    return true;
  }

  /** Removes a judge's mark, copy on write; false when there was none. */
  unload(competitor: string, criterion: number, judge: string): boolean {
    const state = this.states.get(competitor);
    const table = state?.marks.remove(criterion, judge);
    if (!state || !table) return false;
    state.marks = table;
    return true;
  }

  loadStatus(competitor: string, status: Status): void {
    this.states.get(competitor)?.statuses.add(status);
  }

  /** Withdraws a status; false when it was not recorded. */
  unloadStatus(competitor: string, status: Status): boolean {
    return this.states.get(competitor)?.statuses.delete(status) ?? false;
  }

  hasMark(competitor: string, criterion: number, judge: string): boolean {
    return (this.states.get(competitor)?.marks.find(criterion, judge) ?? -1) >= 0;
  }

  markCount(competitor: string, criterion: number): number {
    return this.states.get(competitor)?.marks.count[criterion] ?? 0;
  }

  /** Full recompute: every competitor, then the field, then the ranking. */
  recomputeAll(): void {
    if (this.event.fieldCriteria.length === 0) {
      // Nothing depends on the field: one pass, each competitor's data still in cache.
      for (const s of this.states.values()) {
        this.computeBase(s);
        this.computeRow(s);
      }
    } else {
      for (const s of this.states.values()) this.computeBase(s);
      this.computeFields();
      for (const s of this.states.values()) this.computeRow(s);
    }
    this.sorted = sortByKey([...this.states.values()], (s) => s.key);
    this.dirty = 'all';
  }

  /**
   * One competitor's marks or statuses changed (already stored): recompute it, the field when
   * its time can move the field, and its place. Rows whose rank or tie changes are settled
   * lazily by rows(), over the window between its old and new place.
   */
  recomputeOne(competitor: string): void {
    const state = this.states.get(competitor);
    if (!state) return;
    this.computeBase(state);
    if (this.event.fieldCriteria.length > 0) {
      const old = this.fields;
      this.computeFields();
      if (!sameFields(old, this.fields)) {
        // Every converted time may have moved (a new best time, or new ranks): recompute all rows.
        for (const s of this.states.values()) this.computeRow(s);
        sortByKey(this.sorted, (s) => s.key);
        this.dirty = 'all';
        return;
      }
    }
    const at = (i: number): SortKey => (this.sorted[i] as CompetitorState).key;
    let from = insertionIndexBy(this.sorted.length, at, state.key);
    if (this.sorted[from] !== state) from = this.sorted.indexOf(state);
    this.computeRow(state);
    this.sorted.splice(from, 1);
    const to = insertionIndexBy(this.sorted.length, at, state.key);
    this.sorted.splice(to, 0, state);
    const lo = Math.min(from, to);
    const hi = Math.max(from, to) + 1;
    if (this.dirty === null) this.dirty = { lo, hi };
    else if (this.dirty !== 'all')
      this.dirty = { lo: Math.min(lo, this.dirty.lo), hi: Math.max(hi, this.dirty.hi) };
  }

  /** Rows in rank order with ranks and tie information. */
  rows(): readonly EventRowView[] {
    const dirty = this.dirty;
    if (dirty === null) return this.out;
    const rules = this.event.tieBreaks;
    const n = this.sorted.length;
    if (dirty === 'all' || this.placed.length !== n) {
      const placed = new Array<Placement>(n);
      const out = new Array<EventRowView>(n);
      let previous: Placement | undefined;
      for (let i = 0; i < n; i++) {
        const s = this.sorted[i] as CompetitorState;
        previous = placeAfter(this.sorted[i - 1]?.key, previous, s.key, i, rules, displayTie);
        placed[i] = previous;
        out[i] = this.place(s, previous);
      }
      this.placed = placed;
      this.out = out;
    } else {
      // Rows before the window keep their places. Inside it, and after it while rows tie with
      // the row above (their shared rank may have moved), placements are recomputed.
      const placed = this.placed.slice();
      const out = this.out.slice();
      for (let i = dirty.lo; i < n; i++) {
        const s = this.sorted[i] as CompetitorState;
        const p = placeAfter(this.sorted[i - 1]?.key, placed[i - 1], s.key, i, rules, displayTie);
        if (
          i > dirty.hi &&
          p.tie.kind !== 'shared' &&
          samePlacement(placed[i], p) &&
          out[i] === s.row
        )
          break;
        placed[i] = p;
        out[i] = this.place(s, p);
      }
      this.placed = placed;
      this.out = out;
    }
    this.dirty = null;
    return this.out;
  }

  /** The state's row with this placement: the same object when nothing changed. */
  private place(s: CompetitorState, p: Placement): EventRowView {
    if (s.row.rank !== p.rank || !sameTie(s.row.tie, p.tie)) s.row = s.row.placed(p.rank, p.tie);
    return s.row;
  }

  rowOf(competitor: string): EventRowView | undefined {
    return this.states.get(competitor)?.row;
  }

  private computeBase(s: CompetitorState): void {
    const ev = this.event;
    const order = ev.statusOrder;
    const n = ev.criteria.length;
    const agg = new Array<number>(2 * n);
    for (let i = 0; i < n; i++) {
      agg[2 * i] = NaN;
      agg[2 * i + 1] = 1;
    }
    let markStatus: (Status | null)[] | null = null;
    let spreadAt: number[] | null = null;
    let status: Status | null = null;
    if (s.statuses.size > 0) for (const st of s.statuses) status = worse(status, st, order);
    const table = s.marks;
    const units = table.units;
    for (const c of ev.criteria) {
      const count = table.count[c.index] ?? 0;
      if (count === 0) continue;
      const start = table.offset[c.index] ?? 0;
      // One pass: statuses, and the lowest and highest mark (spread, gates).
      let markSt: Status | null = null;
      let lo = Infinity;
      let hi = -Infinity;
      for (let slot = start; slot < start + count; slot++) {
        const st = table.status ? table.statusAt(slot) : null;
        if (st !== null) markSt = worse(markSt, st, order);
        else {
          const u = units[slot] as number;
          if (u < lo) lo = u;
          if (u > hi) hi = u;
        }
      }
      if (markSt !== null) {
        markStatus ??= new Array<Status | null>(n).fill(null);
        markStatus[c.index] = markSt;
        if (c.index === ev.rankByTime || markSt === 'DQ') status = worse(status, markSt, order);
        continue;
      }
      if (c.spreadUnits !== undefined && hi - lo > c.spreadUnits) (spreadAt ??= []).push(c.index);
      if (c.kind === 'gate') {
        const violated = hi === 1;
        agg[2 * c.index] = violated ? 1 : 0;
        if (violated && c.def.kind === 'gate' && c.def.effect === 'disqualify') {
          status = worse(status, 'DQ', order);
        }
        continue;
      }
      agg[2 * c.index] = aggregateNumerator(units, start, count, c.aggregation);
      agg[2 * c.index + 1] = aggregateDenominator(count, c.aggregation);
    }
    let times: (TimeValue | null)[] | null = null;
    for (const ti of ev.timeCriteria) {
      const c = ev.criteria[ti] as CompiledCriterion;
      const num = agg[2 * ti] as number;
      if (Number.isNaN(num)) continue;
      const raw = Rational.of(num, (agg[2 * ti + 1] as number) * c.unitScale);
      let penalty = Rational.ZERO;
      for (const pi of c.penalties) {
        const pc = ev.criteria[pi] as CompiledCriterion;
        const pn = agg[2 * pi] as number;
        if (!Number.isNaN(pn)) {
          penalty = penalty.add(
            Rational.of(pn, (agg[2 * pi + 1] as number) * pc.unitScale).mul(pc.secondsPerItem),
          );
        }
      }
      times ??= new Array<TimeValue | null>(n).fill(null);
      times[ti] = { raw, penalty, final: raw.add(penalty) };
    }
    s.base = { agg, markStatus, times, status, spreadAt };
  }

  private computeFields(): void {
    const fields = new Map<number, Field>();
    for (const ci of this.event.fieldCriteria) {
      const times: Rational[] = [];
      for (const s of this.states.values()) {
        const t = s.base.times?.[ci];
        if (t && s.base.status === null) times.push(t.final);
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
    const base = s.base;
    const n = ev.criteria.length;
    let flags: Flag[] | null = null;
    let slowPoints: (Rational | null)[] | null = null;
    let violatedAt: boolean[] | null = null;
    let droppedAt: boolean[] | null = null;
    const moduleScores = new Array<Rational>(ev.modules.length);
    let moduleZeroedBy: (string | null)[] | null = null;
    let anyMark = false;
    let missingMarks = false;
    let deductions = Rational.ZERO;
    let eventZeroedBy: string | null = null;
    const eventSum = this.eventSum.reset();

    for (const m of ev.modules) {
      // Linear criteria add as integer fractions; the rest as Rationals (ExactSum).
      const moduleSum = this.moduleSum.reset();
      // best N: the scoring criteria compete, the best N count (skateboarding: best of 3 runs).
      const candidates: { index: number; pts: Rational }[] | null =
        m.best === undefined ? null : [];
      let zeroedBy: string | null = null;
      for (const c of m.criteria) {
        const count = s.marks.count[c.index] ?? 0;
        const markSt = base.markStatus?.[c.index] ?? null;
        if (count > 0) anyMark = true;
        const num = base.agg[2 * c.index] as number;
        const den = base.agg[2 * c.index + 1] as number;
        const linear = c.linear;
        if (linear !== undefined && candidates === null) {
          if (!Number.isNaN(num)) moduleSum.addProduct(num, linear.mul, den, linear.div);
        } else if (linear !== undefined) {
          if (!Number.isNaN(num)) {
            const pts = Rational.of(num, den).mul(Rational.of(linear.mul, linear.div));
            candidates?.push({ index: c.index, pts });
          }
        } else {
          const agg = Number.isNaN(num) ? null : Rational.of(num, den * c.unitScale);
          let pts: Rational | null = null;
          if (agg !== null) {
            switch (c.kind) {
              case 'points':
                pts = agg;
                break;
              case 'check':
                pts = c.max.mul(agg);
                break;
              case 'judgement':
                pts = c.max.mul(agg).divInt(c.scaleMax);
                break;
              case 'time': {
                const t = base.times?.[c.index];
                if (c.conversion) {
                  pts = t && base.status === null ? this.converted(c, t.final) : Rational.ZERO;
                }
                break;
              }
              case 'deduction': {
                const amount = (c.perItem ? agg.mul(c.perItem) : agg).min(c.max);
                pts = amount.neg();
                deductions = deductions.add(amount);
                break;
              }
              case 'penalty':
                break;
              case 'gate':
                if (!agg.isZero() && c.def.kind === 'gate') {
                  violatedAt ??= new Array<boolean>(n).fill(false);
                  violatedAt[c.index] = true;
                  (flags ??= []).push({
                    code: 'gate',
                    criterion: c.id,
                    message: `safety gate ${c.id} violated (${c.def.effect})`,
                  });
                  if (c.def.effect === 'zeroModule') zeroedBy ??= c.id;
                  if (c.def.effect === 'zeroEvent') eventZeroedBy ??= c.id;
                }
                break;
            }
          } else if (markSt !== null && c.conversion) {
            pts = Rational.ZERO;
          }
          if (pts !== null && c.kind !== 'deduction') pts = applyRounding(pts, c.rounding);
          if (pts !== null) {
            slowPoints ??= new Array<Rational | null>(n).fill(null);
            slowPoints[c.index] = pts;
            if (candidates && c.scores) candidates.push({ index: c.index, pts });
            else moduleSum.add(pts);
          }
        }
        if (base.spreadAt?.includes(c.index)) {
          const spread = spreadOf(c, s.marks.records(c.index));
          if (spread) {
            (flags ??= []).push({
              code: 'spread',
              criterion: c.id,
              message: `judges' marks on ${c.id} range ${spread.min.toString()}..${spread.max.toString()}, more than ${spread.tolerance.toString()} apart`,
            });
          }
        }
        if (!missingMarks && missingOf(c, count, markSt) > 0) missingMarks = true;
      }
      if (candidates && m.best !== undefined) {
        candidates.sort((a, b) => b.pts.cmp(a.pts) || a.index - b.index);
        candidates.forEach((x, k) => {
          if (k < (m.best ?? 0)) moduleSum.add(x.pts);
          else (droppedAt ??= new Array<boolean>(n).fill(false))[x.index] = true;
        });
      }
      let sum = zeroedBy !== null ? Rational.ZERO : moduleSum.value();
      if (!m.allowNegative && sum.sign() < 0) sum = Rational.ZERO;
      sum = applyRounding(sum, ev.moduleRounding);
      moduleScores[m.index] = sum;
      if (zeroedBy !== null) {
        moduleZeroedBy ??= new Array<string | null>(ev.modules.length).fill(null);
        moduleZeroedBy[m.index] = zeroedBy;
      }
      if (m.weight) {
        if (m.weightFactor) eventSum.addRational(sum, m.weightFactor);
      } else {
        eventSum.addRational(sum);
      }
    }
    let total = eventSum.value();
    if (eventZeroedBy !== null) total = Rational.ZERO;
    total = applyRounding(total, ev.eventRounding);

    const rankedTime =
      ev.rankByTime !== undefined ? (base.times?.[ev.rankByTime]?.final ?? null) : null;
    let status: RowStatus;
    if (base.status !== null) status = base.status;
    else if (!anyMark || (ev.rankByTime !== undefined && rankedTime === null)) status = 'pending';
    else status = 'ok';
    if (base.status !== null) (flags ??= []).push({ code: 'status', message: base.status });
    if (missingMarks && anyMark && base.status === null) {
      (flags ??= []).push({ code: 'incomplete', message: 'some marks are not entered yet' });
    }

    const computed: Computed = {
      event: ev,
      marks: s.marks,
      agg: base.agg,
      slowPoints,
      markStatus: base.markStatus,
      times: base.times,
      moduleScores,
      moduleZeroedBy,
      violated: violatedAt,
      dropped: droppedAt,
    };
    // Before the first full pass a state has no row yet.
    const previous = s.row as EventRowView | undefined;
    s.row = new EventRowView(
      s.entrant,
      status,
      status === 'ok' ? total : null,
      status === 'ok' && ev.rankByTime !== undefined ? rankedTime : null,
      deductions,
      flags ?? NO_FLAGS,
      computed,
      previous?.rank ?? null,
      previous?.tie ?? FIRST,
    );
    s.key = this.keyOf(s.row);
  }

  private keyOf(row: EventRowView): SortKey {
    const ev = this.event;
    const group = groupOf(row.status, ev.statusOrder);
    let primary: Rational | null = null;
    if (group === GROUP_FINISHED)
      primary = ev.rankByTime !== undefined ? row.time : (row.score?.neg() ?? null);
    const ties = ev.ties;
    if (group !== GROUP_FINISHED || ties.length === 0) {
      return new SortKey(group, primary, row.competitor, NO_TIES, 0);
    }
    return new SortKey(
      group,
      primary,
      row.competitor,
      () => ties.map((t) => tieValue(row, t)),
      ties.length,
      ev.tieSigns,
    );
  }
}

/** The value a tie-break compares for an event row (its sign says which way it runs). */
export function tieValue(row: EventRowView, t: CompiledTieBreak): Rational | null {
  const v = row.computed;
  switch (t.rule.by) {
    case 'module':
      return v.moduleScores[t.index] ?? null;
    case 'criterion': {
      const c = v.event.criteria[t.index];
      if (!c) return null;
      // Points, else the amount deducted, the time, or the raw aggregate (each only if needed).
      const points = pointsOf(v, c);
      if (c.kind === 'deduction') return points ? points.neg() : null;
      return points ?? v.times?.[c.index]?.final ?? aggregateOf(v, c);
    }
    case 'time':
      return v.times?.[t.index]?.final ?? null;
    case 'deductions':
      return row.deductions;
    case 'bestMember':
    case 'event':
    case 'placeCounts':
      return null;
  }
}

/** Shows a compared tie-break value as a person compares it. */
export function displayTie(_rule: TieBreak, v: Rational | null): string | null {
  return v === null ? null : v.toString();
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

function samePlacement(a: Placement | undefined, b: Placement): boolean {
  return a !== undefined && a.rank === b.rank && a.position === b.position && sameTie(a.tie, b.tie);
}

function sameTie(a: TieInfo, b: TieInfo): boolean {
  switch (a.kind) {
    case 'first':
    case 'unranked':
      return b.kind === a.kind;
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
