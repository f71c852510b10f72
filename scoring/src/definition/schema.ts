/**
 * The competition definition format: a versioned JSON document that says how every number in the
 * standings is computed. zod schemas and their inferred types share a name; the JSON Schema in
 * scoring/schema/ is generated from them (`npm run schema:write -w scoring`).
 *
 * Hierarchy (DESIGN.md §2): Competition → Event (individual or team) → Module (weighted group)
 * → Criterion (a kind, a judge aggregation, a range). Overall standings and award rules refer to
 * events by id. Semantic checks that a shape cannot express live in check.ts.
 */
import { z } from 'zod';
import { Rational } from '../exact/rational.ts';

export const DEFINITION_SCHEMA_VERSION = 1;

/** Marks are counted in integer units of at most 10^-6 (DESIGN.md §3 "Exactness"). */
export const MAX_PLACES = 6;

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s/]+$/, 'an id has no spaces or slashes')
  .meta({ description: 'Stable identifier, referred to by marks, tie-breaks and award rules.' });
export type Id = z.infer<typeof Id>;

/** A decimal as text ("7.5") or a JSON number read by its decimal spelling (0.1 is one tenth). */
export const Decimal = z
  .union([z.number(), z.string()])
  .refine((v) => Rational.parse(v) !== undefined, 'must be a decimal number such as 7.5')
  .refine(
    (v) => (Rational.parse(v)?.decimalPlaces() ?? 0) <= MAX_PLACES,
    `has more than ${MAX_PLACES} decimal places`,
  )
  .meta({ description: 'Decimal number, as a JSON number or a string such as "7.5".' });
export type Decimal = z.infer<typeof Decimal>;

const Name = z.string().min(1).max(200);

export const RoundingMode = z.enum(['halfUp', 'truncate', 'halfEven']).meta({
  description:
    'halfUp: 四舍五入, halves away from zero. truncate: drop digits. halfEven: banker’s.',
});
export type RoundingMode = z.infer<typeof RoundingMode>;

export const Rounding = z.strictObject({
  places: z.int().min(0).max(6),
  mode: RoundingMode.default('halfUp'),
});
export type Rounding = z.infer<typeof Rounding>;

export const Aggregation = z
  .discriminatedUnion('method', [
    z.strictObject({ method: z.literal('single') }).meta({ description: 'Exactly one mark.' }),
    z.strictObject({ method: z.literal('mean') }),
    z.strictObject({ method: z.literal('median') }),
    z.strictObject({ method: z.literal('trimmedMean'), drop: z.int().min(1).max(10) }).meta({
      description:
        'Drop `drop` highest and `drop` lowest marks, mean of the rest (5 judges: drop 1).',
    }),
    z.strictObject({ method: z.literal('sum') }),
    z.strictObject({ method: z.literal('trimmedSum'), drop: z.int().min(1).max(10) }).meta({
      description:
        'Drop `drop` highest and lowest, sum the rest (diving: 7 judges drop 2+2, sum 3).',
    }),
  ])
  .meta({ description: 'How the marks of several judges on one criterion become one value.' });
export type Aggregation = z.infer<typeof Aggregation>;

const criterionCommon = {
  id: Id,
  name: Name,
  description: z.string().max(2000).optional(),
  /** Expected number of judges marking this criterion; marks beyond it are refused. */
  judges: z.int().min(1).max(50).optional(),
  aggregation: Aggregation.optional(),
  /** Max − min of the judges' raw marks above this flags the sheet for the chief judge. */
  spreadTolerance: Decimal.optional(),
  rounding: Rounding.optional(),
};

export const PointsCriterion = z.strictObject({
  ...criterionCommon,
  kind: z.literal('points'),
  min: Decimal.default(0),
  max: Decimal,
  step: Decimal.default(1),
});

export const CheckCriterion = z
  .strictObject({ ...criterionCommon, kind: z.literal('check'), max: Decimal })
  .meta({ description: 'Pass earns max, fail earns 0 (WorldSkills measurement aspect).' });

export const JudgementCriterion = z
  .strictObject({
    ...criterionCommon,
    kind: z.literal('judgement'),
    max: Decimal,
    scale: z.strictObject({
      min: z.int().min(0).default(0),
      max: z.int().min(1).max(100),
      step: Decimal.default(1),
    }),
  })
  .meta({
    description: 'Scale marks (e.g. 0-3) mapped onto max: value = max × aggregate ÷ scale.max.',
  });

export const TimeConversion = z.discriminatedUnion('method', [
  z
    .strictObject({ method: z.literal('proportional'), max: Decimal })
    .meta({ description: 'points = max × best ÷ time.' }),
  z
    .strictObject({ method: z.literal('linear'), max: Decimal, target: Decimal, cutoff: Decimal })
    .meta({
      description: 'Full marks at or under target seconds, zero at or over cutoff, linear between.',
    }),
  z
    .strictObject({ method: z.literal('rank'), max: Decimal })
    .meta({ description: 'points = max × (N − rank + 1) ÷ N over the N finishers; ties share.' }),
]);
export type TimeConversion = z.infer<typeof TimeConversion>;

export const TimeCriterion = z
  .strictObject({
    ...criterionCommon,
    kind: z.literal('time'),
    /** Decimal places of seconds kept when a time is entered (2 = hundredths). */
    precision: z.int().min(0).max(3).default(2),
    /** How an entered time with more digits is cut to `precision` (WCA truncates). */
    entryRounding: RoundingMode.default('truncate'),
    /** Longest time accepted, in seconds. */
    limit: Decimal.optional(),
    conversion: TimeConversion.optional(),
  })
  .meta({
    description:
      'A duration in seconds (lower is better). Either ranks the event directly (event.rankBy) or is converted to points.',
  });

export const DeductionCriterion = z
  .strictObject({
    ...criterionCommon,
    kind: z.literal('deduction'),
    max: Decimal,
    step: Decimal.default(1),
    perItem: Decimal.optional(),
  })
  .meta({
    description:
      'Subtracts from its module. With perItem the mark is a count of occurrences (deducted = count × perItem, capped at max).',
  });

export const PenaltyCriterion = z
  .strictObject({
    ...criterionCommon,
    kind: z.literal('penalty'),
    time: Id,
    secondsPerItem: Decimal,
    maxItems: z.int().min(1).optional(),
  })
  .meta({
    description:
      'Counted items (e.g. dropped equipment) adding seconds to a time criterion: +3 s each.',
  });

export const GateCriterion = z
  .strictObject({
    ...criterionCommon,
    kind: z.literal('gate'),
    effect: z.enum(['zeroModule', 'zeroEvent', 'disqualify']),
  })
  .meta({
    description:
      'A safety gate: a violation (mark 1 / true) zeroes the module or event, or disqualifies.',
  });

export const Criterion = z.discriminatedUnion('kind', [
  PointsCriterion,
  CheckCriterion,
  JudgementCriterion,
  TimeCriterion,
  DeductionCriterion,
  PenaltyCriterion,
  GateCriterion,
]);
export type Criterion = z.infer<typeof Criterion>;
export type CriterionKind = Criterion['kind'];

export const Module = z.strictObject({
  id: Id,
  name: Name,
  /** Percent of the event's max this module is worth; all modules of an event weigh, or none. */
  weight: Decimal.optional(),
  /** A module total never goes below zero unless this is set. */
  allowNegative: z.boolean().default(false),
  /**
   * Only the best N scoring criteria count (one criterion per run or attempt: skateboarding
   * takes the best of 3 runs); deductions and penalties still apply.
   */
  best: z.int().min(1).optional(),
  criteria: z.array(Criterion).min(1),
});
export type Module = z.infer<typeof Module>;

export const Status = z.enum(['DNF', 'DNS', 'DQ']);
export type Status = z.infer<typeof Status>;

export const TieBreak = z
  .discriminatedUnion('by', [
    z.strictObject({
      by: z.literal('module'),
      module: Id,
      order: z.enum(['desc', 'asc']).default('desc'),
    }),
    z.strictObject({
      by: z.literal('criterion'),
      criterion: Id,
      order: z.enum(['desc', 'asc']).default('desc'),
    }),
    z
      .strictObject({ by: z.literal('time'), criterion: Id })
      .meta({ description: 'Faster final time (with penalties) first.' }),
    z
      .strictObject({ by: z.literal('deductions') })
      .meta({ description: 'Fewer total deductions first.' }),
    z
      .strictObject({ by: z.literal('bestMember') })
      .meta({ description: 'Team standings: the team whose best member did better.' }),
    z
      .strictObject({ by: z.literal('event'), event: Id })
      .meta({ description: 'Overall standings: better result in this event.' }),
    z
      .strictObject({ by: z.literal('placeCounts'), places: z.int().min(1).max(10).default(3) })
      .meta({
        description:
          'Overall standings, count-back: more first places, then more second places … (Science Olympiad: more golds, then silvers, then bronzes).',
      }),
  ])
  .meta({
    description: 'One link of an ordered tie-break chain; what is still equal shares the rank.',
  });
export type TieBreak = z.infer<typeof TieBreak>;

export const TeamScoring = z
  .strictObject({
    method: z.enum(['sum', 'mean', 'best', 'slowest']),
    /** For best: how many members count (best N of M). */
    count: z.int().min(1).optional(),
    tieBreaks: z.array(TieBreak).default([]),
  })
  .meta({
    description:
      'Team standings from members’ results: sum, mean, best N of M, or slowest member (a team crosses the line when its last member does).',
  });
export type TeamScoring = z.infer<typeof TeamScoring>;

export const EventRounding = z.strictObject({
  criterion: Rounding.optional(),
  module: Rounding.optional(),
  event: Rounding.optional(),
});

export const Event = z.strictObject({
  id: Id,
  name: Name,
  /** Who is marked: a contestant, or a team scored directly as one competitor. */
  entrants: z.enum(['individual', 'team']).default('individual'),
  /** The event's full marks when modules carry weights. */
  max: Decimal.default(100),
  /** Rank by the score (higher is better), or by a time criterion (lower is better). */
  rankBy: z
    .discriminatedUnion('by', [
      z.strictObject({ by: z.literal('score') }),
      z.strictObject({ by: z.literal('time'), criterion: Id }),
    ])
    .default({ by: 'score' }),
  modules: z.array(Module).min(1),
  rounding: EventRounding.default({}),
  /** Statuses rank after every finisher, in this order. */
  statusOrder: z.array(Status).length(3).default(['DNF', 'DNS', 'DQ']),
  tieBreaks: z.array(TieBreak).default([]),
  /** For individual events: team standings derived from members. */
  team: TeamScoring.optional(),
  /** Default number of judges per criterion. */
  judges: z.int().min(1).max(50).optional(),
  aggregation: Aggregation.optional(),
  spreadTolerance: Decimal.optional(),
});
export type Event = z.infer<typeof Event>;

export const RankPoints = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('table'), values: z.array(Decimal).min(1) })
    .meta({ description: 'Points for rank 1, 2, 3 …; ranks past the table earn 0.' }),
  z.strictObject({ kind: z.literal('rank') }).meta({
    description: 'The rank itself is the points, lower wins; absent or unranked = N + 1.',
  }),
  z.strictObject({ kind: z.literal('reverseRank') }).meta({ description: 'N − rank + 1 points.' }),
]);
export type RankPoints = z.infer<typeof RankPoints>;

export const Overall = z.strictObject({
  id: Id,
  name: Name,
  /** Whose standings: contestants, teams, or delegations (代表队) summing their entries. */
  scope: z.enum(['individual', 'team', 'delegation']),
  method: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('weightedSum'),
      events: z.array(z.strictObject({ event: Id, weight: Decimal.default(1) })).min(1),
    }),
    z.strictObject({
      kind: z.literal('rankPoints'),
      events: z.array(Id).min(1),
      points: RankPoints,
    }),
  ]),
  /** Delegation scope: how its entries' values in one event combine. */
  delegation: z
    .strictObject({ method: z.enum(['sum', 'best']), count: z.int().min(1).optional() })
    .default({ method: 'sum' }),
  rounding: Rounding.optional(),
  tieBreaks: z.array(TieBreak).default([]),
});
export type Overall = z.infer<typeof Overall>;

export const Eligibility = z
  .strictObject({
    attribute: z.string().min(1).max(64),
    in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
  })
  .meta({
    description: 'The contestant’s attribute must be one of these values (e.g. gender in ["F"]).',
  });
export type Eligibility = z.infer<typeof Eligibility>;

export const AwardSelect = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rankRange'), from: z.int().min(1), to: z.int().min(1) }),
  z.strictObject({ kind: z.literal('top'), n: z.int().min(1) }),
  z
    .strictObject({
      kind: z.literal('topPercent'),
      percent: Decimal,
      rounding: z.enum(['floor', 'ceil', 'halfUp']).default('floor'),
      /** Percent of everyone entered (参赛人数, the default) or of the finishers only. */
      base: z.enum(['entrants', 'finishers']).default('entrants'),
    })
    .meta({
      description:
        'The best percent of the field: 2012 人社部 tiers 一/二/三等奖 = 10 % / 20 % / 30 % of 参赛人数 (entrants).',
    }),
  z.strictObject({ kind: z.literal('all') }),
]);
export type AwardSelect = z.infer<typeof AwardSelect>;

export const Award = z.strictObject({
  id: Id,
  name: Name,
  /** Which standings it reads: an event's, an event's team standings, or an overall one. */
  standings: z.discriminatedUnion('of', [
    z.strictObject({ of: z.literal('event'), event: Id }),
    z.strictObject({ of: z.literal('eventTeams'), event: Id }),
    z.strictObject({ of: z.literal('overall'), overall: Id }),
  ]),
  select: AwardSelect,
  minScore: Decimal.optional(),
  eligibility: z.array(Eligibility).default([]),
  /** 递补: an ineligible contestant's place passes to the next eligible one. */
  moveUp: z.boolean().default(true),
  /** Contestants already holding one of these awards (listed earlier) are passed over. */
  exclusiveWith: z.array(Id).default([]),
});
export type Award = z.infer<typeof Award>;

export const Competition = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(DEFINITION_SCHEMA_VERSION),
  id: Id,
  name: Name,
  /** The organizer's version of these rules; nominations carry it. */
  version: z.int().min(1).default(1),
  events: z.array(Event).min(1),
  overall: z.array(Overall).default([]),
  awards: z.array(Award).default([]),
});
/** A parsed definition, defaults applied. */
export type Competition = z.infer<typeof Competition>;
/** A definition as written in a file, defaults not yet applied. */
export type CompetitionInput = z.input<typeof Competition>;
