/**
 * A database that cannot be reached is not a bug: while Postgres restarts (or the network to it
 * is down) every request that needs it fails the same way, and the right answer is 503 with a
 * retry-after, so clients send the same request again (a mark under the same operation id, which
 * the ledger answers once). This recognises those failures, however the driver and drizzle wrap
 * them: socket errors, postgres-js's own connection codes, and the SQLSTATEs of a connection
 * refused, lost or shut down.
 */
import { ServiceError, detail } from './service-error.ts';

/** Seconds a client waits before sending the request again. */
export const RETRY_AFTER_S = 2;

/** Node socket errors and postgres-js connection errors. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs (postgresql.org/docs/current/errcodes-appendix.html): class 08 connection exception,
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting
 * down), 57P05 idle_session_timeout, 53300 too_many_connections.
 */
function isUnavailableState(code: string): boolean {
  return (
    /^08[0-9A-Z]{3}$/.test(code) ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '57P05' ||
    code === '53300'
  );
}

/** The code that says the database is unreachable, found anywhere in the error's causes; else null. */
export function unavailableCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || isUnavailableState(code))) {
      return code;
    }
    queue.push((e as { cause?: unknown }).cause);
    // A connection attempt to several addresses fails with all of their errors.
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return null;
}

/** The 503 a request gets while the database cannot be reached. */
export function unavailable(code: string): ServiceError {
  return new ServiceError(
    'unavailable',
    'the database cannot be reached right now: send the same request again in a moment',
    {
      details: [detail('database', 'unavailable', `connection failed (${code})`)],
      headers: { 'retry-after': String(RETRY_AFTER_S) },
    },
  );
}
