/**
 * Competitions, their events and the marking scheme (definition) in force.
 */
import { z } from 'zod';
import { ErrorDetail } from '../errors.ts';
import { CompetitionId, EVENT_STATUS_NAMES, Revision, Text } from './fields.ts';

export const CreateCompetitionBody = z.strictObject({
  id: CompetitionId,
  name: Text(200),
  /** A scoring definition (see scoring/schema/competition.schema.json). */
  definition: z.unknown(),
});
export const DefinitionBody = z.strictObject({
  definition: z.unknown(),
  /** The version being replaced, so two organizers cannot overwrite each other. */
  expectedVersion: Revision,
  /**
   * Record a new version that reinterprets stored marks (a criterion removed, its kind, range or
   * judges changed): refused without it, listing each change. Preview it first (…/preview).
   */
  reinterpret: z.boolean().optional(),
});
/** A rank that a new definition version would change: who moves from which rank to which. */
export const RankMove = z.object({
  competitor: z.string(),
  name: z.string().nullable(),
  from: z.number().nullable(),
  to: z.number().nullable(),
});
/** POST …/definition/preview: what saving the definition would reinterpret, and the rank changes. */
export const DefinitionPreview = z.object({
  /** Each change that reinterprets stored marks (empty: it can be saved as it is). */
  changes: z.array(ErrorDetail),
  tables: z.array(z.object({ scope: z.string(), name: z.string(), moves: z.array(RankMove) })),
});
export type DefinitionPreview = z.infer<typeof DefinitionPreview>;
export const EventSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(EVENT_STATUS_NAMES),
  entrants: z.enum(['individual', 'team']),
  day: z.number().nullable(),
  publicNames: z.boolean(),
  publicVisible: z.boolean(),
  /** Published by the organizer; until then nothing of the event is public. */
  published: z.boolean(),
});
/** What the public pages need to know of the installation: the address phones reach it at. */
export const PublicConfig = z.object({ publicUrl: z.string() });
export type PublicConfig = z.infer<typeof PublicConfig>;
export const CompetitionSummary = z.object({
  id: z.string(),
  name: z.string(),
  definitionVersion: z.number(),
  events: z.array(EventSummary),
  overall: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type CompetitionSummary = z.infer<typeof CompetitionSummary>;
export const CompetitionList = z.object({ competitions: z.array(CompetitionSummary) });
export type CompetitionList = z.infer<typeof CompetitionList>;
/** The definition in force and its stored version (pass it back as `expectedVersion`). */
export const DefinitionAnswer = z.object({ version: z.number(), definition: z.unknown() });
export type DefinitionAnswer = z.infer<typeof DefinitionAnswer>;
export const EventStatusBody = z.strictObject({
  status: z.enum(EVENT_STATUS_NAMES),
  /** The status the caller saw, so a double click does not skip a step. */
  from: z.enum(EVENT_STATUS_NAMES),
  reason: Text(500).optional(),
  /** Finalizing a frozen event: keep the public at the frozen standings for a reveal. */
  reveal: z.boolean().optional(),
});
export const EventSettingsBody = z
  .strictObject({
    publicNames: z.boolean().optional(),
    publicVisible: z.boolean().optional(),
    /** Publish the event (true) or take it back from the public (false). */
    published: z.boolean().optional(),
    day: z.number().int().min(1).max(60).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give at least one setting');
