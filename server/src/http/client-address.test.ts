import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { address } from './client-address.ts';

/** The address the throttle would count for one request through `proxies` trusted proxies. */
async function seen(proxies: number, socket: string, forwardedFor?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(address(c, proxies)));
  const r = await app.request(
    '/',
    { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } },
    { incoming: { socket: { remoteAddress: socket } } },
  );
  return r.text();
}

describe('the client address behind reverse proxies', () => {
  it('is the socket address when no proxy is trusted, whatever the header says', async () => {
    expect(await seen(0, '10.0.0.7', '203.0.113.9')).toBe('10.0.0.7');
  });

  it('is the entry the outermost trusted proxy wrote', async () => {
    expect(await seen(1, '10.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(await seen(1, '10.0.0.1', 'forged, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seen(2, '10.0.0.1', 'forged, 203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
  });

  it('takes the leftmost entry when there are fewer entries than proxies', async () => {
    expect(await seen(3, '10.0.0.1', '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
  });

  it('falls back to the socket without the header or with an empty one', async () => {
    expect(await seen(1, '10.0.0.1')).toBe('10.0.0.1');
    expect(await seen(1, '10.0.0.1', ' , ')).toBe('10.0.0.1');
  });
});
