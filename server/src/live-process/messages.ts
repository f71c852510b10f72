/**
 * What the API process and its live process say to each other over the fork's IPC channel: a
 * websocket upgrade handed over (the socket travels as the message's handle, with the bytes of
 * the request the API process already read), each revision the API process stored (straight,
 * ahead of the fan-out's copy), a memory reading for the benchmark, and the live process's word
 * that it can take connections.
 */
import type { LivePatch } from '../contract/live.ts';

/** The API process to the live process. */
export type ToLive =
  | {
      readonly type: 'connection';
      /** The upgrade request as it came (request line, headers, and any bytes after), base64. */
      readonly request: string;
    }
  | { readonly type: 'revision'; readonly patch: LivePatch }
  | { readonly type: 'memory' };

/** What the live process answers about its memory (after a full GC when it can run one). */
export interface LiveMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  /** Connected Socket.IO clients. */
  readonly clients: number;
  readonly pid: number;
}

/** The live process to the API process. */
export type FromLive =
  | { readonly type: 'ready' }
  | { readonly type: 'memory'; readonly memory: LiveMemory }
  | { readonly type: 'failed'; readonly error: string };

/** The environment that tells the live process where the database and Redis are. */
export const LIVE_ENV = {
  databaseUrl: 'SKILLS_LIVE_DATABASE_URL',
  redisUrl: 'SKILLS_LIVE_REDIS_URL',
} as const;
