/**
 * What the engine scores: the roster (contestants, teams) and the marks. Separate from the
 * definition, which holds only rules. The CLI reads these from a marks JSON file, or a marks CSV
 * plus an optional roster.
 */
import { z } from 'zod';
import { Id, Status } from '../definition/schema.ts';

export const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);
export type AttributeValue = z.infer<typeof AttributeValue>;

export const Contestant = z.strictObject({
  id: Id,
  name: z.string().max(200).optional(),
  team: Id.optional(),
  /** 代表队 / 单位: what delegation standings group by. */
  delegation: z.string().max(200).optional(),
  /** Events entered; when absent, every individual event. */
  events: z.array(Id).optional(),
  /** Award eligibility attributes: gender, employee status, category … */
  attributes: z.record(z.string(), AttributeValue).default({}),
});
export type Contestant = z.infer<typeof Contestant>;

export const Team = z.strictObject({
  id: Id,
  name: z.string().max(200).optional(),
  delegation: z.string().max(200).optional(),
  /** Members' contestant ids; a contestant's own `team` adds it too. */
  members: z.array(Id).default([]),
  /** Team events entered; when absent, every team event. */
  events: z.array(Id).optional(),
});
export type Team = z.infer<typeof Team>;

/**
 * One judge's mark on one criterion of one competitor (a contestant, or a team in a team event).
 * Values: a decimal for points, judgement, deduction; a count for penalty and per-item
 * deduction; pass/fail (true/false, 1/0) for check and gate; seconds or "m:ss.t" for time, or
 * DNF / DNS / DQ on a time criterion.
 */
export const Mark = z.strictObject({
  event: Id,
  criterion: Id,
  competitor: Id,
  judge: z.string().min(1).max(64).default('-'),
  value: z.union([z.number(), z.string().min(1).max(32), z.boolean()]),
});
export type Mark = z.infer<typeof Mark>;
export type MarkInput = z.input<typeof Mark>;

/** Which mark: a judge's on one criterion of one competitor. */
export const MarkKey = Mark.omit({ value: true });
export type MarkKey = z.infer<typeof MarkKey>;
export type MarkKeyInput = z.input<typeof MarkKey>;

export const StatusEntry = z.strictObject({
  event: Id,
  competitor: Id,
  status: Status,
  reason: z.string().max(500).optional(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;
export type StatusEntryInput = z.input<typeof StatusEntry>;

export const ScoringInput = z.strictObject({
  contestants: z.array(Contestant).default([]),
  teams: z.array(Team).default([]),
  marks: z.array(Mark).default([]),
  statuses: z.array(StatusEntry).default([]),
});
export type ScoringInput = z.infer<typeof ScoringInput>;
export type ScoringInputFile = z.input<typeof ScoringInput>;
