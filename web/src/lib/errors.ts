/**
 * Refusals in the judge's language: known codes get their own message; a refused field gets
 * its message next to the field.
 */
import { ApiError, NetworkError } from './api.ts';
import { t } from './i18n.svelte.ts';
import type { MessageKey } from './messages.ts';

/** Codes of refusals and of refused fields said in the user's language. */
const KNOWN: Readonly<Record<string, MessageKey>> = {
  locked: 'error.locked',
  bad_credentials: 'error.badCredentials',
  too_many_attempts: 'error.tooManyAttempts',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  stale_revision: 'error.staleRevision',
  stale_version: 'error.staleVersion',
  wrong_state: 'error.wrongState',
  sheet_locked: 'error.sheetLocked',
  event_not_live: 'error.eventNotLive',
  not_ready: 'error.notReady',
  not_assigned: 'error.notAssigned',
};

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
