/**
 * One mark checked on its own against a definition, without a roster or other marks: what a
 * server checks at the edge before a mark enters the ledger. The same rules as the engine's
 * (readMarkValue), so a mark the ledger accepts is a mark the engine scores.
 *
 * @example
 * const rules = MarkRules.of(definition);
 * rules.check('battery', 'seal', '41'); // { path: ['value'], code: 'out_of_range', … }
 */
import type { Competition, CriterionKind } from '../definition/schema.ts';
import { problem, type Problem } from '../problem.ts';
import { compileCompetition, type CompiledCompetition } from './compile.ts';
import { readMarkValue } from './mark-value.ts';

/** What a sheet shows for one criterion. */
export interface CriterionInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: CriterionKind;
  readonly module: string;
  readonly moduleName: string;
  /** Accepted range and step as decimals; max is null when open-ended (times, counts). */
  readonly min: string;
  readonly max: string | null;
  readonly step: string;
}

export class MarkRules {
  private readonly compiled: CompiledCompetition;

  private constructor(compiled: CompiledCompetition) {
    this.compiled = compiled;
  }

  /** `definition` must have passed parseCompetition. */
  static of(definition: Competition): MarkRules {
    return new MarkRules(compileCompetition(definition));
  }

  hasEvent(event: string): boolean {
    return this.compiled.eventById.has(event);
  }

  /** The event's criteria in sheet order; empty for an unknown event. */
  criteria(event: string): CriterionInfo[] {
    const ev = this.compiled.eventById.get(event);
    if (!ev) return [];
    return ev.criteria.map((c) => {
      const mod = ev.modules[c.moduleIndex];
      const unit = (n: number): string => (n / c.unitScale).toFixed(c.places);
      return {
        id: c.id,
        name: c.def.name,
        kind: c.kind,
        module: mod?.id ?? '',
        moduleName: mod?.name ?? '',
        min: unit(c.minUnits),
        max: c.maxUnits === undefined ? null : unit(c.maxUnits),
        step: unit(c.stepUnits),
      };
    });
  }

  /** null when the value is a valid mark for the criterion, else the problem (path ['value'] or ['criterion']). */
  check(event: string, criterion: string, value: number | string | boolean): Problem | null {
    const ev = this.compiled.eventById.get(event);
    if (!ev) return problem(['event'], 'unknown_event', `no event "${event}"`);
    const c = ev.criterionById.get(criterion);
    if (!c) {
      return problem(
        ['criterion'],
        'unknown_criterion',
        `no criterion "${criterion}" in event "${event}"`,
      );
    }
    const v = readMarkValue(c, value);
    return v.ok ? null : problem(['value'], v.code, `${criterion}: ${v.message}`);
  }
}
