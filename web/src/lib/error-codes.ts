/**
 * The server's refusal codes (server/src/contract/errors.ts) in the judge's language: a
 * message key for every code, so a refusal is never shown in the server's English. A refused
 * mark gets a few words of its own where the general message would not say what to do.
 */
import type { ErrorCode } from '@skills/server/contract';
import type { MessageKey } from './messages.ts';

/** Every code of the contract: a code added there without a message here does not compile. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, MessageKey>> = {
  invalid_input: 'error.invalidInput',
  invalid_json: 'error.invalidInput',
  unauthenticated: 'error.unauthenticated',
  bad_credentials: 'error.badCredentials',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  stale_version: 'error.staleVersion',
  stale_revision: 'error.staleRevision',
  op_id_reused: 'error.opIdReused',
  already_exists: 'error.alreadyExists',
  payload_too_large: 'error.payloadTooLarge',
  unsupported_media_type: 'error.unsupportedMediaType',
  invalid_mark: 'error.invalidMark',
  invalid_definition: 'error.invalidDefinition',
  invalid_roster: 'error.invalidRoster',
  not_assigned: 'error.notAssigned',
  sheet_locked: 'error.sheetLocked',
  wrong_state: 'error.wrongState',
  event_not_live: 'error.eventNotLive',
  not_ready: 'error.notReady',
  empty_sheet: 'error.emptySheet',
  incomplete_sheet: 'error.incompleteSheet',
  too_many_attempts: 'error.tooManyAttempts',
  unavailable: 'error.unavailable',
};

/** What a judge is told when a mark is refused, where it differs from the general message. */
const MARK_REFUSALS: Partial<Readonly<Record<ErrorCode, MessageKey>>> = {
  wrong_state: 'refusal.wrongState',
  invalid_input: 'refusal.reasonNeeded',
  not_found: 'refusal.notFound',
};

const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_MESSAGES, code);

/** The message for a refused mark; a code this tablet does not know yet gets one naming it. */
export function refusalKey(code: string): MessageKey {
  if (!isErrorCode(code)) return 'error.refusedCode';
  return MARK_REFUSALS[code] ?? ERROR_MESSAGES[code];
}
