/**
 * Judge and chief accounts, who marks what (assignments), and the code draw.
 */
import { z } from 'zod';
import { Id } from '@skills/scoring';
import { JudgeCode, Password, Pin, ROLE_NAMES, Text, Uuid } from './fields.ts';

export const JudgeBody = z.strictObject({
  code: JudgeCode,
  name: Text(100),
  pin: Pin,
  /** 工作单位: a judge of a contestant's unit is flagged in the assignments (conflict). */
  unit: Text(200).optional(),
});
export const ChiefBody = z.strictObject({
  username: Text(64),
  name: Text(100),
  password: Password,
  unit: Text(200).optional(),
});
export const UserRow = z.object({
  id: Uuid,
  role: z.enum(ROLE_NAMES),
  login: z.string(),
  name: z.string(),
  unit: z.string().nullable().optional(),
  /** A disabled user cannot sign in; their sessions end. */
  disabled: z.boolean().optional(),
});
export type UserRow = z.infer<typeof UserRow>;
/** PATCH …/chiefs/:judgeId: a chief judge's name, unit, password, or disabled (all optional). */
export const ChiefPatch = z
  .strictObject({
    name: Text(100).optional(),
    unit: Text(200).nullable().optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one change');
/** PATCH …/judges/:judgeId: a judge's name, unit, or disabled. */
export const JudgePatch = z
  .strictObject({
    name: Text(100).optional(),
    unit: Text(200).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one change');
/** POST …/judges/:judgeId/pin: a new PIN for a judge (their sessions end). */
export const PinBody = z.strictObject({ pin: Pin });
/** A user in the judges list: with until when its sign-in is locked out (ISO time), or null. */
export const JudgeRow = UserRow.extend({ lockedUntil: z.string().nullable() });
export type JudgeRow = z.infer<typeof JudgeRow>;
export const JudgeList = z.object({ users: z.array(JudgeRow) });
export type JudgeList = z.infer<typeof JudgeList>;
/** POST …/judges/:judgeId/unlock: whom it unlocked, and whether they were locked out. */
export const UnlockAnswer = z.object({ id: Uuid, login: z.string(), wasLocked: z.boolean() });
export type UnlockAnswer = z.infer<typeof UnlockAnswer>;
export const AssignmentInput = z.strictObject({
  judge: JudgeCode,
  criteria: z.array(Id).min(1).max(200).optional(),
  entrants: z.array(Id).min(1).max(20_000).optional(),
});
export const AssignmentsBody = z.strictObject({
  assignments: z.array(AssignmentInput).max(200),
});
/** One cell of the assignment grid: a judge marks a criterion of the event. */
export const AssignmentCell = z.strictObject({ judge: JudgeCode, criterion: Id });
/**
 * POST …/events/:eventId/assignments/changes: a difference, never the whole list; cells already
 * so are left as they are. Removing a cell whose judge has entered marks on it is refused.
 */
export const AssignmentChanges = z
  .strictObject({
    add: z.array(AssignmentCell).max(5_000).default([]),
    remove: z.array(AssignmentCell).max(5_000).default([]),
  })
  .refine((b) => b.add.length + b.remove.length > 0, {
    message: 'give at least one change',
    path: ['add'],
  });
/** GET …/events/:eventId/assignments: who marks what, with marks entered and conflicts. */
export const AssignmentGrid = z.object({
  event: z.string(),
  criteria: z.array(z.object({ id: z.string(), name: z.string() })),
  judges: z.array(
    z.object({
      id: Uuid,
      login: z.string(),
      name: z.string(),
      unit: z.string().nullable(),
      disabled: z.boolean(),
      /** Criteria this judge marks in the event (every one when assigned without a list). */
      criteria: z.array(z.string()),
      /** Criteria this judge has entered marks on (they cannot be taken away). */
      marked: z.array(z.string()),
      /** Contestants of the event from the judge's own unit (conflict of interest). */
      conflicts: z.array(z.object({ id: z.string(), bib: z.string(), name: z.string() })),
    }),
  ),
});
export type AssignmentGrid = z.infer<typeof AssignmentGrid>;
export const AssignmentsAnswer = z.object({
  assignments: z.number(),
  sheets: z.number(),
  sheetsCreated: z.number(),
});
export type AssignmentsAnswer = z.infer<typeof AssignmentsAnswer>;
export const DrawBody = z.strictObject({
  /** Leave out for a random seed; give one to reproduce a draw. */
  seed: z.string().min(8).max(128).optional(),
});
export const DrawAnswer = z.object({
  id: Uuid,
  seed: z.string(),
  method: z.string(),
  createdAt: z.string(),
  codes: z.array(z.object({ entrant: z.string(), code: z.string() })),
  /** Whether re-running the method on the seed gives the recorded codes. */
  reproducible: z.boolean(),
});
export type DrawAnswer = z.infer<typeof DrawAnswer>;
