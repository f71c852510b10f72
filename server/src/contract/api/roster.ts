/**
 * Contestants and teams as the organizer enters or imports them.
 */
import { z } from 'zod';
import { Id } from '@skills/scoring';
import { Text } from './fields.ts';

export const ContestantInput = z.strictObject({
  id: Id,
  bib: Text(32),
  name: Text(100),
  gender: z.enum(['M', 'F']).optional(),
  unit: Text(200).optional(),
  delegation: Text(200).optional(),
  station: Text(32).optional(),
  team: Id.optional(),
  events: z.array(Id).max(100).optional(),
  attributes: z
    .record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean()]))
    .default({}),
});
export type ContestantInput = z.input<typeof ContestantInput>;
export const TeamInput = z.strictObject({
  id: Id,
  name: Text(200),
  delegation: Text(200).optional(),
  members: z.array(Id).max(100).default([]),
  events: z.array(Id).max(100).optional(),
});
export type TeamInput = z.input<typeof TeamInput>;
export const RosterBody = z.strictObject({
  contestants: z.array(ContestantInput).max(20_000).default([]),
  teams: z.array(TeamInput).max(5_000).default([]),
});
export const RosterAnswer = z.object({ contestants: z.number(), teams: z.number() });
export type RosterAnswer = z.infer<typeof RosterAnswer>;
export const ContestantRow = ContestantInput.extend({
  attributes: z.record(z.string(), z.unknown()),
});
export type ContestantRow = z.infer<typeof ContestantRow>;
export const ContestantList = z.object({ contestants: z.array(ContestantRow) });
export type ContestantList = z.infer<typeof ContestantList>;
