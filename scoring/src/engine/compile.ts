/**
 * A checked definition turned into what the engine iterates over: every decimal parsed to a
 * Rational once, every criterion given an index and the integer unit its marks are counted in
 * (so aggregating judges is integer arithmetic), defaults resolved.
 */
import { Rational, type RoundingMode } from '../exact/rational.ts';
import { panelSize, scoresPoints } from '../definition/check.ts';
import { MAX_PLACES } from '../definition/schema.ts';
import type {
  Aggregation,
  Competition,
  Criterion,
  Event,
  Rounding,
  Status,
  TieBreak,
  TimeConversion,
} from '../definition/schema.ts';

export interface CompiledRounding {
  readonly places: number;
  readonly mode: RoundingMode;
}

export interface CompiledCriterion {
  readonly id: string;
  readonly index: number;
  readonly moduleIndex: number;
  readonly def: Criterion;
  readonly kind: Criterion['kind'];
  readonly judges: number | undefined;
  readonly aggregation: Aggregation;
  /** Marks are integers counting 10^-places of the mark's own unit (points, scale steps, seconds, items). */
  readonly places: number;
  /** Accepted mark range in units, inclusive. */
  readonly minUnits: number;
  readonly maxUnits: number | undefined;
  /** Marks must be minUnits + k × stepUnits. */
  readonly stepUnits: number;
  /** Highest points this criterion adds to its module (0 for deductions, penalties, gates, raw times). */
  readonly maxPoints: Rational;
  readonly spreadTolerance: Rational | undefined;
  /** The tolerance in mark units, floored: integer marks spread more when hi − lo > this. */
  readonly spreadUnits: number | undefined;
  /** 10^places: a mark's units divided by this is its value. */
  readonly unitScale: number;
  /**
   * For points, check and judgement without criterion rounding: points = aggregate numerator ×
   * mul ÷ (aggregate denominator × div), all safe integers, so a module sums them exactly
   * without allocating. Undefined for kinds that go through Rational arithmetic.
   */
  readonly linear: { readonly mul: number; readonly div: number } | undefined;
  /** Adds points to its module (points, check, judgement, converted time): what best N picks. */
  readonly scores: boolean;
  readonly rounding: CompiledRounding | undefined;
  // kind-specific, parsed once
  readonly max: Rational;
  readonly scaleMax: number;
  readonly perItem: Rational | undefined;
  readonly secondsPerItem: Rational;
  readonly penaltyTarget: number;
  readonly conversion: CompiledConversion | undefined;
  /** Indices of penalty criteria adding seconds to this time criterion. */
  readonly penalties: readonly number[];
}

export type CompiledConversion =
  | { readonly method: 'proportional'; readonly max: Rational }
  | {
      readonly method: 'linear';
      readonly max: Rational;
      readonly target: Rational;
      readonly cutoff: Rational;
    }
  | { readonly method: 'rank'; readonly max: Rational };

export interface CompiledModule {
  readonly id: string;
  readonly index: number;
  readonly name: string;
  readonly weight: Rational | undefined;
  /** weight/100 × event max ÷ module max: the module score times this is its weighted share. */
  readonly weightFactor: Rational | undefined;
  readonly allowNegative: boolean;
  /** Only the best N scoring criteria count. */
  readonly best: number | undefined;
  readonly criteria: readonly CompiledCriterion[];
  readonly max: Rational;
}

export interface CompiledEvent {
  readonly id: string;
  readonly name: string;
  readonly def: Event;
  readonly entrants: 'individual' | 'team';
  readonly max: Rational;
  readonly rankByTime: number | undefined;
  readonly modules: readonly CompiledModule[];
  readonly criteria: readonly CompiledCriterion[];
  readonly criterionById: ReadonlyMap<string, CompiledCriterion>;
  readonly moduleById: ReadonlyMap<string, CompiledModule>;
  readonly statusOrder: readonly Status[];
  readonly tieBreaks: readonly TieBreak[];
  /** The tie-break chain resolved to indices, with which way each runs. */
  readonly ties: readonly CompiledTieBreak[];
  readonly tieSigns: readonly number[];
  /** The same for team standings derived from members. */
  readonly teamTies: readonly CompiledTieBreak[];
  readonly teamTieSigns: readonly number[];
  readonly moduleRounding: CompiledRounding | undefined;
  readonly eventRounding: CompiledRounding | undefined;
  /** Indices of the time criteria. */
  readonly timeCriteria: readonly number[];
  /** Criteria whose points depend on the whole field (proportional or rank time conversion). */
  readonly fieldCriteria: readonly number[];
}

/** A tie-break resolved once: what it reads (by index) and whether lower (1) or higher (-1) wins. */
export interface CompiledTieBreak {
  readonly rule: TieBreak;
  readonly sign: 1 | -1;
  /** Module index (by module), criterion index (by criterion or time), else -1. */
  readonly index: number;
}

function compileTies(
  rules: readonly TieBreak[],
  modules: ReadonlyMap<string, { readonly index: number }>,
  criteria: ReadonlyMap<string, { readonly index: number }>,
  byTime: boolean,
): CompiledTieBreak[] {
  return rules.map((rule): CompiledTieBreak => {
    switch (rule.by) {
      case 'module':
        return {
          rule,
          sign: rule.order === 'desc' ? -1 : 1,
          index: modules.get(rule.module)?.index ?? -1,
        };
      case 'criterion':
        return {
          rule,
          sign: rule.order === 'desc' ? -1 : 1,
          index: criteria.get(rule.criterion)?.index ?? -1,
        };
      case 'time':
        return { rule, sign: 1, index: criteria.get(rule.criterion)?.index ?? -1 };
      case 'bestMember':
        // The best member's time (lower wins) or score (higher wins).
        return { rule, sign: byTime ? 1 : -1, index: -1 };
      case 'deductions':
      case 'event':
      case 'placeCounts':
        return { rule, sign: 1, index: -1 };
    }
  });
}

export interface CompiledCompetition {
  readonly def: Competition;
  readonly events: readonly CompiledEvent[];
  readonly eventById: ReadonlyMap<string, CompiledEvent>;
}

function dec(v: string | number): Rational {
  return Rational.from(v);
}

/** Decimal places needed to write a definition decimal exactly (7.25 → 2; at most 6 by schema). */
export function placesOf(r: Rational): number {
  return r.decimalPlaces() ?? MAX_PLACES;
}

function toUnits(r: Rational, places: number): number {
  return Number(r.mulInt(10 ** places).floor());
}

function rounding(r: Rounding | undefined): CompiledRounding | undefined {
  return r ? { places: r.places, mode: r.mode } : undefined;
}

function compileConversion(c: TimeConversion | undefined): CompiledConversion | undefined {
  if (!c) return undefined;
  switch (c.method) {
    case 'proportional':
      return { method: 'proportional', max: dec(c.max) };
    case 'rank':
      return { method: 'rank', max: dec(c.max) };
    case 'linear':
      return { method: 'linear', max: dec(c.max), target: dec(c.target), cutoff: dec(c.cutoff) };
  }
}

function defaultAggregation(judges: number | undefined): Aggregation {
  return judges === 1 ? { method: 'single' } : { method: 'mean' };
}

/**
 * How many judges' marks a criterion's value adds up. A sum of n judges, or the middle
 * n − 2·drop of a trimmed sum, reaches that many times one mark's max (diving: 7 judges, drop
 * 2 + 2, sum of 3 marks out of 10 → at most 30; domain-rules.md §4.1), and a weighted module
 * scales by its max: counting one mark there would give a module more than its weight
 * (golden case scoring/test/golden/diving-7-judges.json). Means and medians stay within one
 * mark's range; a sum with an unknown panel is counted as one mark, as before.
 */
function summedMarks(aggregation: Aggregation, judges: number | undefined): number {
  if (judges === undefined) return 1;
  if (aggregation.method === 'sum') return judges;
  if (aggregation.method === 'trimmedSum') return Math.max(1, judges - 2 * aggregation.drop);
  return 1;
}

function compileCriterion(
  event: Event,
  c: Criterion,
  index: number,
  moduleIndex: number,
): Omit<CompiledCriterion, 'spreadUnits' | 'unitScale' | 'linear' | 'scores'> {
  const judges = panelSize(event, c);
  const tol = c.spreadTolerance ?? event.spreadTolerance;
  const aggregation = c.aggregation ?? event.aggregation ?? defaultAggregation(judges);
  const summed = summedMarks(aggregation, judges);
  const base = {
    id: c.id,
    index,
    moduleIndex,
    def: c,
    kind: c.kind,
    judges,
    aggregation,
    spreadTolerance: tol === undefined ? undefined : dec(tol),
    rounding: rounding(c.rounding ?? event.rounding.criterion),
    scaleMax: 1,
    perItem: undefined,
    secondsPerItem: Rational.ZERO,
    penaltyTarget: -1,
    conversion: undefined,
    penalties: [] as number[],
  };
  switch (c.kind) {
    case 'points': {
      const min = dec(c.min);
      const max = dec(c.max);
      const step = dec(c.step);
      const places = Math.max(placesOf(min), placesOf(max), placesOf(step));
      return {
        ...base,
        places,
        minUnits: toUnits(min, places),
        maxUnits: toUnits(max, places),
        stepUnits: toUnits(step, places),
        maxPoints: max.mulInt(summed),
        max,
      };
    }
    case 'check':
    case 'gate': {
      // Marked 1 or 0: pass/fail, or violation/none.
      const max = c.kind === 'check' ? dec(c.max) : Rational.ZERO;
      return {
        ...base,
        places: 0,
        minUnits: 0,
        maxUnits: 1,
        stepUnits: 1,
        maxPoints: max.mulInt(summed),
        max,
      };
    }
    case 'judgement': {
      const step = dec(c.scale.step);
      const places = placesOf(step);
      return {
        ...base,
        places,
        minUnits: c.scale.min * 10 ** places,
        maxUnits: c.scale.max * 10 ** places,
        stepUnits: toUnits(step, places),
        maxPoints: dec(c.max).mulInt(summed),
        max: dec(c.max),
        scaleMax: c.scale.max,
      };
    }
    case 'time': {
      const conversion = compileConversion(c.conversion);
      return {
        ...base,
        places: c.precision,
        minUnits: 0,
        maxUnits: c.limit === undefined ? undefined : toUnits(dec(c.limit), c.precision),
        stepUnits: 1,
        maxPoints: conversion ? conversion.max : Rational.ZERO,
        max: conversion ? conversion.max : Rational.ZERO,
        conversion,
      };
    }
    case 'deduction': {
      const max = dec(c.max);
      if (c.perItem !== undefined) {
        return {
          ...base,
          places: 0,
          minUnits: 0,
          maxUnits: undefined,
          stepUnits: 1,
          maxPoints: Rational.ZERO,
          max,
          perItem: dec(c.perItem),
        };
      }
      const step = dec(c.step);
      const places = Math.max(placesOf(max), placesOf(step));
      return {
        ...base,
        places,
        minUnits: 0,
        maxUnits: toUnits(max, places),
        stepUnits: toUnits(step, places),
        maxPoints: Rational.ZERO,
        max,
      };
    }
    case 'penalty':
      return {
        ...base,
        places: 0,
        minUnits: 0,
        maxUnits: c.maxItems,
        stepUnits: 1,
        maxPoints: Rational.ZERO,
        max: Rational.ZERO,
        secondsPerItem: dec(c.secondsPerItem),
      };
  }
}

function linearPoints(
  c: Omit<CompiledCriterion, 'spreadUnits' | 'unitScale' | 'linear' | 'scores'>,
): CompiledCriterion['linear'] {
  if (c.rounding) return undefined;
  const scale = 10 ** c.places;
  const { n, d } = c.max;
  if (typeof n !== 'number' || typeof d !== 'number') return undefined;
  switch (c.kind) {
    case 'points':
      return { mul: 1, div: scale };
    case 'check':
      return { mul: n, div: d * scale };
    case 'judgement':
      return Number.isSafeInteger(d * scale * c.scaleMax)
        ? { mul: n, div: d * scale * c.scaleMax }
        : undefined;
    default:
      return undefined;
  }
}

function compileEvent(event: Event): CompiledEvent {
  const criteria: CompiledCriterion[] = [];
  const modules: CompiledModule[] = event.modules.map((m, mi) => {
    const list = m.criteria.map((c) => {
      const compiled = compileCriterion(event, c, criteria.length, mi);
      const tolerance = compiled.spreadTolerance;
      const cc: CompiledCriterion = {
        ...compiled,
        spreadUnits: tolerance
          ? Number(tolerance.mulInt(10 ** compiled.places).floor())
          : undefined,
        unitScale: 10 ** compiled.places,
        linear: linearPoints(compiled),
        scores: scoresPoints(c),
      };
      criteria.push(cc);
      return cc;
    });
    // With best N, the module's full marks are the N largest maxima.
    const maxima = list.map((c) => c.maxPoints).sort((a, b) => b.cmp(a));
    const max = (m.best === undefined ? maxima : maxima.slice(0, m.best)).reduce(
      (s, x) => s.add(x),
      Rational.ZERO,
    );
    return {
      id: m.id,
      index: mi,
      name: m.name,
      weight: m.weight === undefined ? undefined : dec(m.weight),
      weightFactor:
        m.weight === undefined || max.isZero()
          ? undefined
          : dec(m.weight).div(Rational.int(100)).mul(dec(event.max)).div(max),
      allowNegative: m.allowNegative,
      best: m.best,
      criteria: list,
      max,
    };
  });
  const criterionById = new Map(criteria.map((c) => [c.id, c]));
  // Resolve penalties onto their time criterion.
  const resolved = criteria.map((c) => {
    if (c.def.kind !== 'penalty') return c;
    const target = criterionById.get(c.def.time);
    return { ...c, penaltyTarget: target ? target.index : -1 };
  });
  const withPenalties = resolved.map((c) =>
    c.kind === 'time'
      ? { ...c, penalties: resolved.filter((p) => p.penaltyTarget === c.index).map((p) => p.index) }
      : c,
  );
  const finalModules = modules.map((m) => ({
    ...m,
    criteria: m.criteria.map((c) => withPenalties[c.index] ?? c),
  }));
  const byId = new Map(withPenalties.map((c) => [c.id, c]));
  const rankBy = event.rankBy;
  const moduleById = new Map(finalModules.map((m) => [m.id, m]));
  const byTime = rankBy.by === 'time';
  const ties = compileTies(event.tieBreaks, moduleById, byId, byTime);
  const teamTies = compileTies(event.team?.tieBreaks ?? [], moduleById, byId, byTime);
  return {
    id: event.id,
    name: event.name,
    def: event,
    entrants: event.entrants,
    max: dec(event.max),
    rankByTime: rankBy.by === 'time' ? byId.get(rankBy.criterion)?.index : undefined,
    modules: finalModules,
    criteria: withPenalties,
    criterionById: byId,
    moduleById,
    statusOrder: event.statusOrder,
    tieBreaks: event.tieBreaks,
    ties,
    tieSigns: ties.map((t) => t.sign),
    teamTies,
    teamTieSigns: teamTies.map((t) => t.sign),
    moduleRounding: rounding(event.rounding.module),
    eventRounding: rounding(event.rounding.event),
    timeCriteria: withPenalties.filter((c) => c.kind === 'time').map((c) => c.index),
    fieldCriteria: withPenalties
      .filter(
        (c) =>
          c.conversion &&
          (c.conversion.method === 'proportional' || c.conversion.method === 'rank'),
      )
      .map((c) => c.index),
  };
}

/** Compiles a definition that passed parseCompetition. */
export function compileCompetition(def: Competition): CompiledCompetition {
  const events = def.events.map(compileEvent);
  return { def, events, eventById: new Map(events.map((e) => [e.id, e])) };
}

export function applyRounding(value: Rational, r: CompiledRounding | undefined): Rational {
  return r ? value.round(r.places, r.mode) : value;
}
