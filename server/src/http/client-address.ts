/**
 * The address a request came from, as the sign-in throttle counts it (auth/throttle.ts): the
 * socket's remote address; "local" for a request made in-process (tests, app.request).
 *
 * Behind reverse proxies (nginx, a cloud balancer) every request comes from the proxy, so one
 * judge's wrong PINs would throttle the whole venue. With `trustedProxies` = n (TRUST_PROXY), the
 * address is read from X-Forwarded-For instead: the n-th entry from the right, the one the
 * outermost trusted proxy saw. Entries further left are the client's own word and are not
 * believed (a client could name a new address with every guess). Without trusted proxies the
 * header is ignored.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

export function address(c: Context, trustedProxies: number): string {
  const socket = socketAddress(c);
  if (trustedProxies <= 0) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (forwarded.length === 0) return socket;
  // Fewer entries than trusted proxies: the leftmost is still one a trusted proxy wrote.
  return forwarded[Math.max(0, forwarded.length - trustedProxies)] ?? socket;
}
