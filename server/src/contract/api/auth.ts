/**
 * Signing in: organizer and chief passwords, judge code + PIN, login links; who is signed in.
 */
import { z } from 'zod';
import { CompetitionId, JudgeCode, Pin, ROLE_NAMES, Text, Uuid } from './fields.ts';

export const LoginBody = z.strictObject({
  username: Text(64),
  password: z.string().min(1).max(200),
  /** Chief judges belong to a competition; organizers leave it out. */
  competitionId: CompetitionId.optional(),
  /** Answer with a bearer token for scripts instead of setting a cookie. */
  bearer: z.boolean().optional(),
});
export const JudgeLoginBody = z.strictObject({
  competitionId: CompetitionId,
  code: JudgeCode,
  pin: Pin,
  bearer: z.boolean().optional(),
});
export const LinkLoginBody = z.strictObject({
  token: z.string().min(20).max(100),
  bearer: z.boolean().optional(),
});
export const Me = z.object({
  id: Uuid,
  role: z.enum(ROLE_NAMES),
  competitionId: z.string().nullable(),
  login: z.string(),
  name: z.string(),
});
export type Me = z.infer<typeof Me>;
export const LoginAnswer = z.object({ user: Me, token: z.string().optional() });
export type LoginAnswer = z.infer<typeof LoginAnswer>;
export const LoginLink = z.object({
  url: z.string(),
  token: z.string(),
  qrSvg: z.string(),
  expiresAt: z.string(),
});
export type LoginLink = z.infer<typeof LoginLink>;
