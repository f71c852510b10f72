/**
 * @skills/scoring: the pure scoring engine. Definition + roster + marks → standings with an
 * explanation for every number; award rules → nominations. No I/O, clock, randomness or logging.
 */
export { Rational, type RoundingMode } from './exact/rational.ts';
export {
  formatPath,
  fromZodIssues,
  type Problem,
  type Result,
  type PathSegment,
} from './problem.ts';
export * from './definition/index.ts';
export * from './input/schema.ts';
export { Scoring, score, type MarkChange } from './engine/scoring.ts';
export { MarkRules, type CriterionInfo } from './engine/mark-rules.ts';
export type * from './engine/rows.ts';
export type { TieInfo } from './engine/rank.ts';
export { parseTime } from './engine/mark-value.ts';
export { aggregate, type Aggregate } from './engine/aggregate.ts';
export {
  evaluateAwards,
  type AwardResult,
  type Nomination,
  type PassedOver,
  type PassedOverCause,
} from './awards/evaluate.ts';
