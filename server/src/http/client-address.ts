/**
 * The address a request came from, as the sign-in throttle counts it (auth/throttle.ts): the
 * socket's remote address; "local" for a request made in-process (tests, app.request).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function address(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}
