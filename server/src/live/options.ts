/**
 * How the live endpoint is configured. Websocket only: no long-polling fallback, so several
 * instances behind a balancer need no sticky sessions, and an idle viewer costs one socket. No
 * per-message deflate (patches are small; compression costs CPU and memory per connection).
 * The benchmark builds its Socket.IO server from these same options.
 */
import type { ServerOptions } from 'socket.io';

export const LIVE_PATH = '/socket.io/';

export const LIVE_SERVER_OPTIONS = {
  path: LIVE_PATH,
  transports: ['websocket'],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  cleanupEmptyChildNamespaces: true,
  pingInterval: 25_000,
  pingTimeout: 20_000,
  /** Client messages are small requests; a patch never travels from a client. */
  maxHttpBufferSize: 16 * 1024,
} satisfies Partial<ServerOptions>;
