/**
 * Path parameters shared by the routes.
 */
import { z } from 'zod';
import { CompetitionId, EventId, Uuid } from './fields.ts';

export const CompetitionParams = z.strictObject({ competitionId: CompetitionId });
export const EventParams = CompetitionParams.extend({ eventId: EventId });
export const OverallParams = CompetitionParams.extend({ overallId: EventId });
export const SheetParams = z.strictObject({ sheetId: Uuid });
export const JudgeParams = CompetitionParams.extend({ judgeId: Uuid });
/** A chief judge in a competition's path. */
export const ChiefParams = CompetitionParams.extend({ chiefId: Uuid });
