/**
 * What the API process and its standings thread (parent.ts, worker.ts) say to each other. Every
 * message is plain data (structured clone); an error crosses as its message and code, so the
 * API process still tells "the database is down" from a fault.
 */
import { unavailableCode } from '../errors/unavailable.ts';
import type { PublishedPatch } from '../standings/revisions.ts';

/** How the thread's publisher is set up (the API process's config, and where the database is). */
export interface ThreadSettings {
  readonly databaseUrl: string;
  readonly windowMs: number;
  readonly busyShare: number;
  readonly snapshotEveryMs: number;
}

/** A request that waits for its answer. */
export type ThreadRequest =
  | { readonly type: 'recompute'; readonly competitionId: string; readonly snapshot: boolean }
  | { readonly type: 'settle'; readonly withinMs: number | null }
  | { readonly type: 'close' };

export type ToThread =
  | { readonly type: 'touch'; readonly competitionId: string }
  | { readonly type: 'request'; readonly id: number; readonly request: ThreadRequest };

/** An error as it crosses: what a reader of the log and the API's error mapping need. */
export interface CrossingError {
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

export type FromThread =
  | { readonly type: 'revision'; readonly patch: PublishedPatch }
  | { readonly type: 'error'; readonly error: CrossingError }
  | { readonly type: 'recomputed'; readonly ms: number }
  | { readonly type: 'answer'; readonly id: number; readonly patches: readonly PublishedPatch[] }
  | { readonly type: 'failed'; readonly id: number; readonly error: CrossingError };

/** An error as plain data. */
export function crossing(error: unknown): CrossingError {
  if (!(error instanceof Error)) return { message: String(error) };
  // The database's being down may sit deep in the causes: it crosses as the code.
  const code = unavailableCode(error) ?? (error as { code?: unknown }).code;
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}

/** The error again on this side, with its code. */
export function uncrossed(e: CrossingError): Error {
  const error = new Error(e.message) as Error & { code?: string };
  if (e.code !== undefined) error.code = e.code;
  if (e.stack !== undefined) error.stack = e.stack;
  return error;
}
