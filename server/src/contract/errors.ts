/**
 * Error bodies the API answers with, and the codes a client can act on. Every 4xx, and the 503
 * of a database that cannot be reached, has this shape; `details` names each bad field.
 */
import { z } from 'zod';

export const ErrorDetail = z.object({
  /** "body.marks[3].value", "params.eventId" */
  path: z.string(),
  code: z.string(),
  message: z.string(),
  /** What a client needs to word the problem itself (a count, a judge, a criterion …). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(ErrorDetail),
  /** For a stale write: the value it would have replaced, who set it and when. */
  current: z.unknown().optional(),
  /** For a 429: seconds until it may be tried again (the retry-after header says the same). */
  retryAfter: z.number().int().positive().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Stable codes, one per reason a request is refused. */
export const ERROR_CODES = {
  invalid_input: 400,
  invalid_json: 400,
  unauthenticated: 401,
  bad_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  stale_revision: 409,
  op_id_reused: 409,
  already_exists: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_mark: 422,
  invalid_definition: 422,
  invalid_roster: 422,
  not_assigned: 403,
  sheet_locked: 423,
  wrong_state: 409,
  event_not_live: 409,
  not_ready: 409,
  /** A sheet with no mark at all cannot be signed. */
  empty_sheet: 409,
  /** A batch signature takes only sheets with every criterion of the judge's assignment marked. */
  incomplete_sheet: 409,
  too_many_attempts: 429,
  /** The database cannot be reached right now: send the same request again after retry-after. */
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;
