/**
 * Refusals in the judge's language: known codes get their own message; a refused field gets
 * its message next to the field.
 */
import { ApiError, NetworkError } from './api.ts';
import { ERROR_MESSAGES } from './error-codes.ts';
import { t } from './i18n.svelte.ts';
import type { MessageKey } from './messages.ts';

/**
 * Codes of refusals and of refused fields said in the user's language: every code of the
 * contract (error-codes.ts), and the field code of a sign-in lockout.
 */
const KNOWN: Readonly<Record<string, MessageKey>> = { ...ERROR_MESSAGES, locked: 'error.locked' };

/** Refusals of what was typed: the fields named in their details say what is wrong. */
const INPUT_CODES: ReadonlySet<string> = new Set([
  'invalid_input',
  'invalid_json',
  'invalid_mark',
  'invalid_definition',
  'invalid_roster',
]);

/** How long to wait, as a sign-in lockout says it (retry-after, in seconds). */
function waitText(seconds: number): string {
  return seconds < 60
    ? t('error.tooManyAttemptsSeconds', { seconds })
    : t('error.tooManyAttemptsMinutes', { minutes: Math.ceil(seconds / 60) });
}

export function errorText(error: unknown): string {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof ApiError) {
    const wait = error.body.retryAfter;
    if (error.code === 'too_many_attempts' && typeof wait === 'number') return waitText(wait);
    // A refusal that marks fields says so; the fields carry their own messages.
    if (INPUT_CODES.has(error.code) && error.body.details.length > 0) return t('error.invalid');
    const key = KNOWN[error.code];
    if (key !== undefined) return t(key);
    if (error.body.details.length > 0) return t('error.invalid');
    return t('error.refused', { message: error.message });
  }
  return t('error.unexpected', { message: error instanceof Error ? error.message : String(error) });
}

/**
 * Field path ("body.pin") → message, for errors the server named a field for: in the user's
 * language when the detail's code is one of the known refusals, else the server's sentence.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const d of error.body.details) {
    const key = KNOWN[d.code];
    out[d.path] = key === undefined ? d.message : t(key);
  }
  return out;
}
