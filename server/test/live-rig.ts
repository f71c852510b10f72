/**
 * The live endpoint for tests: the harness's server on a real HTTP port with Socket.IO attached,
 * and live clients connected to it the way the web app connects (websocket only).
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { io as connect } from 'socket.io-client';
import { attachLive, type LiveHub, type LiveOptions } from '../src/live/hub.ts';
import { LiveClient, type LiveSocket, type LiveTable } from '../src/live-client/index.ts';
import type { Server } from '../src/server.ts';

export interface LiveRig {
  readonly hub: LiveHub;
  readonly port: number;
  readonly url: string;
  /** A socket (not yet wrapped in a client), closed with the rig. */
  socket(token?: string): LiveSocket;
  /** A live client on a new socket. */
  client(token?: string): LiveClient;
  /** A live client and its socket (to watch the raw events, drop and reconnect it). */
  connect(token?: string): { client: LiveClient; socket: LiveSocket };
  /** Stops the endpoint; `clients: false` leaves the clients trying to reconnect (a crash). */
  close(options?: { clients?: boolean }): Promise<void>;
}

export async function startLive(
  server: Server,
  options: LiveOptions & { port?: number } = {},
): Promise<LiveRig> {
  // As the app starts: the live endpoint ready before the port opens.
  const http = createAdaptorServer({ fetch: server.app.fetch }) as HttpServer;
  const hub = await attachLive(server, http, options);
  await new Promise<void>((resolve) => {
    http.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const sockets: LiveSocket[] = [];
  const socket = (token?: string): LiveSocket => {
    const s: LiveSocket = connect(url, {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      ...(token !== undefined ? { auth: { token } } : {}),
    });
    sockets.push(s);
    return s;
  };
  return {
    hub,
    port,
    url,
    socket,
    client: (token) => new LiveClient(socket(token)),
    connect: (token) => {
      const s = socket(token);
      return { client: new LiveClient(s), socket: s };
    },
    async close({ clients = true } = {}) {
      if (clients) for (const s of sockets) s.disconnect();
      await hub.close();
    },
  };
}

/** Resolves once the table's state satisfies the test (polls its changes), or fails after a while. */
export function until(
  table: LiveTable,
  test: (t: LiveTable) => boolean,
  what = 'the table to change',
  ms = 10_000,
): Promise<void> {
  if (test(table)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what} (rev ${table.rev}, ${table.status})`));
    }, ms);
    const off = table.onChange(() => {
      if (test(table)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/** Resolves once `test()` holds (checked every 10 ms), or fails after a while. */
export async function waitFor(test: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
