/**
 * Monotonicity (DESIGN.md §3 property tests): raising one mark never lowers that contestant's
 * rank nor score.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompetitionInput, RoundingMode } from '../../src/index.ts';
import {
  createScoring,
  coarse,
  sheetArb,
  ok,
  parseDefinition,
  pointsSlot,
  toMark,
  checkSlot,
  judgementSlot,
  type MarkSlot,
  SLOW,
  defined,
  rowOf,
  type ModuleInput,
  type CriterionInput,
} from './arbitraries.ts';

interface CriterionKindSpec {
  readonly def: (id: string) => CriterionInput;
  readonly slot: (id: string) => MarkSlot;
  /** Raising it raises the score (a deduction does the opposite and is never raised). */
  readonly raisable: boolean;
}

const JUDGES = (n: number): string[] => Array.from({ length: n }, (_, i) => `J${i + 1}`);

const MONO_KINDS: readonly CriterionKindSpec[] = [
  {
    def: (id) => ({ id, name: id, kind: 'points', max: 10, step: 0.5, judges: 1 }),
    slot: (id) => pointsSlot('ev', id, JUDGES(1), 5, 100, 1),
    raisable: true,
  },
  {
    // 裁判组评分: 5 judges, drop the highest and the lowest (domain-rules.md §2.2)
    def: (id) => ({
      id,
      name: id,
      kind: 'points',
      max: 10,
      step: 0.1,
      judges: 5,
      aggregation: { method: 'trimmedMean', drop: 1 },
    }),
    slot: (id) => pointsSlot('ev', id, JUDGES(5), 1, 100, 1),
    raisable: true,
  },
  {
    // diving: 7 judges, drop 2 + 2, sum the middle 3 (domain-rules.md §4.1)
    def: (id) => ({
      id,
      name: id,
      kind: 'points',
      max: 10,
      step: 0.5,
      judges: 7,
      aggregation: { method: 'trimmedSum', drop: 2 },
    }),
    slot: (id) => pointsSlot('ev', id, JUDGES(7), 5, 100, 1),
    raisable: true,
  },
  {
    def: (id) => ({
      id,
      name: id,
      kind: 'points',
      max: 10,
      judges: 4,
      aggregation: { method: 'median' },
    }),
    slot: (id) => pointsSlot('ev', id, JUDGES(4), 1, 10, 0),
    raisable: true,
  },
  {
    def: (id) => ({
      id,
      name: id,
      kind: 'points',
      max: 5,
      judges: 3,
      aggregation: { method: 'sum' },
    }),
    slot: (id) => pointsSlot('ev', id, JUDGES(3), 1, 5, 0),
    raisable: true,
  },
  {
    def: (id) => ({
      id,
      name: id,
      kind: 'judgement',
      max: 5,
      judges: 3,
      scale: { max: 3, step: 0.5 },
    }),
    slot: (id) => judgementSlot('ev', id, JUDGES(3), 3, 2),
    raisable: true,
  },
  {
    def: (id) => ({ id, name: id, kind: 'check', max: 2, judges: 1 }),
    slot: (id) => checkSlot('ev', id, JUDGES(1)),
    raisable: true,
  },
  {
    def: (id) => ({ id, name: id, kind: 'deduction', max: 2, step: 0.5, judges: 1 }),
    slot: (id) => pointsSlot('ev', id, JUDGES(1), 5, 20, 1),
    raisable: false,
  },
];

const roundingArb = fc.option(
  fc.record({
    places: fc.integer({ min: 0, max: 2 }),
    mode: fc.constantFrom<RoundingMode>('halfUp', 'truncate', 'halfEven'),
  }),
  { nil: undefined },
);

interface MonoScenario {
  readonly def: CompetitionInput;
  readonly slots: readonly MarkSlot[];
  readonly raisable: readonly boolean[];
}

/** 1-3 modules (weighted or not) of 1-3 criteria of the kinds above, roundings and tie-breaks. */
const monoDefinitionArb: fc.Arbitrary<MonoScenario> = fc
  .record({
    modules: fc.array(
      fc.array(fc.record({ kind: fc.nat(MONO_KINDS.length - 1), rounding: roundingArb }), {
        minLength: 1,
        maxLength: 3,
      }),
      { minLength: 1, maxLength: 3 },
    ),
    weighted: fc.boolean(),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 2, maxLength: 2 }),
    moduleRounding: roundingArb,
    eventRounding: roundingArb,
    tieBreaks: fc.array(fc.nat(100), { maxLength: 3 }),
  })
  .map((g) => {
    const slots: MarkSlot[] = [];
    const raisable: boolean[] = [];
    const cuts = [...g.cuts].sort((a, b) => a - b).slice(0, g.modules.length - 1);
    const bounds = [0, ...cuts, 100];
    const modules: ModuleInput[] = g.modules.map((criteria, mi) => ({
      id: `m${mi}`,
      name: `M${mi}`,
      ...(g.weighted ? { weight: defined(bounds[mi + 1]) - defined(bounds[mi]) } : {}),
      criteria: criteria.map((c, ci) => {
        const id = `c${mi}${ci}`;
        const kind = defined(MONO_KINDS[c.kind]);
        slots.push(kind.slot(id));
        raisable.push(kind.raisable);
        return { ...kind.def(id), ...(c.rounding ? { rounding: c.rounding } : {}) };
      }),
    }));
    // Only tie-breaks that a raised mark moves in the better direction (desc) or leaves alone.
    const candidates = [
      ...modules.map((m) => ({ by: 'module' as const, module: m.id })),
      ...slots.map((s, i) =>
        raisable[i]
          ? { by: 'criterion' as const, criterion: s.criterion }
          : { by: 'deductions' as const },
      ),
    ];
    const tieBreaks = g.tieBreaks.map((k) => defined(candidates[k % candidates.length]));
    const def: CompetitionInput = {
      schemaVersion: 1,
      id: 'mono',
      name: 'Mono',
      events: [
        {
          id: 'ev',
          name: 'Event',
          modules,
          tieBreaks,
          rounding: {
            ...(g.moduleRounding ? { module: g.moduleRounding } : {}),
            ...(g.eventRounding ? { event: g.eventRounding } : {}),
          },
        },
      ],
    };
    return { def, slots, raisable };
  });

describe('monotonicity (DESIGN.md §3 property tests)', { timeout: SLOW }, () => {
  it('raising one mark never lowers that contestant’s rank nor score (points, judgement, check; weighted modules; trimmed panels; roundings; desc tie-breaks)', () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: monoDefinitionArb, n: fc.integer({ min: 2, max: 10 }), few: fc.boolean() })
          .chain(({ m: scenario, n, few }) => {
            // With only three values per criterion totals tie often, and tie-breaks decide.
            const m = few ? { ...scenario, slots: coarse(scenario.slots) } : scenario;
            return fc.record({
              m: fc.constant(m),
              n: fc.constant(n),
              picks: sheetArb(m.slots, n),
              target: fc.nat(),
              raise: fc.nat(),
            });
          }),
        ({ m, n, picks, target, raise }) => {
          const candidates = picks.filter(
            (p) => m.raisable[p.slot] === true && p.level < defined(m.slots[p.slot]).levels - 1,
          );
          const chosen = candidates[target % Math.max(1, candidates.length)];
          if (!chosen) return;
          const def = parseDefinition(m.def);
          const ids = Array.from({ length: n }, (_, i) => `C${i + 1}`);
          const scoring = createScoring(def, {
            contestants: ids.map((id) => ({ id })),
            marks: picks.map((p) => toMark(m.slots, ids, p)),
          });
          const who = defined(ids[chosen.who]);
          const before = rowOf(scoring.standings(), 'ev', who);
          const top = defined(m.slots[chosen.slot]).levels - 1;
          const level = chosen.level + 1 + (raise % (top - chosen.level));
          const after = rowOf(
            ok(scoring.applyMark(toMark(m.slots, ids, chosen, level))),
            'ev',
            who,
          );
          expect(before.status).toBe('ok');
          expect(after.status).toBe('ok');
          expect(defined(after.score).cmp(defined(before.score))).toBeGreaterThanOrEqual(0);
          expect(defined(after.rank)).toBeLessThanOrEqual(defined(before.rank));
        },
      ),
      { numRuns: 200 },
    );
  });
});
