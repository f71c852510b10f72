/**
 * A TCP proxy in front of the shared Postgres or Redis, so a test can do to its own connections
 * what a network or a restart does (the shared servers themselves are never touched): open each
 * connection late, cut every connection, or freeze them (nothing passes, nothing closes, as when
 * a peer vanishes without a word).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** The target URL with this proxy's host and port. */
  readonly url: string;
  /** Ends every connection open now; new ones pass, or after `refuseMs` are ended at once. */
  cut(options?: { refuseMs?: number }): void;
  /** Stops every connection open now from passing anything, without closing it. */
  freeze(): void;
  close(): Promise<void>;
}

export async function tcpProxy(
  target: string,
  options: { delayMs?: number } = {},
): Promise<TcpProxy> {
  const url = new URL(target);
  /** Connections that pass; every connection (frozen ones too, until they close). */
  const open = new Set<[Socket, Socket]>();
  const all = new Set<[Socket, Socket]>();
  let refusingUntil = 0;
  const server: Server = createServer((client) => {
    client.pause();
    client.on('error', () => undefined);
    if (Date.now() < refusingUntil) {
      client.destroy();
      return;
    }
    setTimeout(() => {
      if (client.destroyed) return;
      const upstream = connect(Number(url.port), url.hostname);
      const pair: [Socket, Socket] = [client, upstream];
      open.add(pair);
      all.add(pair);
      const end = (): void => {
        open.delete(pair);
        all.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end);
      upstream.on('close', end);
      client.on('close', end);
      client.pipe(upstream).pipe(client);
      client.resume();
    }, options.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    cut({ refuseMs = 0 } = {}) {
      refusingUntil = Date.now() + refuseMs;
      for (const [client, upstream] of open) {
        client.destroy();
        upstream.destroy();
      }
      open.clear();
    },
    freeze() {
      for (const [client, upstream] of open) {
        client.unpipe();
        upstream.unpipe();
        client.pause();
        upstream.pause();
      }
      open.clear();
    },
    close() {
      for (const [client, upstream] of all) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
