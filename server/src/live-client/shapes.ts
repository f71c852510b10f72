/**
 * What the live client hands out and takes: its options, the states and handles of a table and
 * a competition watch, its counters, and the Host each handle reaches the client through. It
 * lives apart so the client, the table subscription and the watch can share these shapes
 * without importing one another in a circle.
 */
import type { Socket } from 'socket.io-client';
import type { ErrorBody } from '../contract/errors.ts';
import type {
  ClientToServerEvents,
  LiveCompetition,
  LiveMeta,
  LiveRow,
  LiveSnapshot,
  LiveView,
  ServerToClientEvents,
} from '../contract/live.ts';
import { type Line } from './asking.ts';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveClientOptions {
  /** Check the table's hash after every snapshot and patch (default true). */
  readonly verify?: boolean;
  /**
   * How long a subscribe or watch waits for its answer before it is sent again (default 5 000
   * ms); each further attempt waits twice as long as the one before, up to `maxAckTimeoutMs`.
   * An answer to an earlier attempt still counts.
   */
  readonly ackTimeoutMs?: number;
  /** The longest an attempt waits (default 30 000 ms). */
  readonly maxAckTimeoutMs?: number;
  /**
   * Attempts in a row left unanswered, with nothing at all heard from the server meanwhile,
   * after which the connection is dropped and opened again (default 3; 0: never).
   */
  readonly reconnectAfter?: number;
  /** Patches held while a table catches up; past this the oldest go, and the gap resyncs (default 1024). */
  readonly bufferLimit?: number;
}

/**
 * connecting: nothing held yet; syncing: catching up (a subscribe is in flight); live: up to
 * date; offline: the socket is disconnected (what is held may be stale); error: the server
 * refused, or the table kept hashing differently from the server's (see `error`).
 */
export type LiveStatus = 'connecting' | 'syncing' | 'live' | 'error' | 'offline';

export interface LiveTableKey {
  readonly competitionId: string;
  readonly scope: string;
  /** Default 'public'. */
  readonly view?: LiveView;
}

export interface LiveTableState {
  readonly status: LiveStatus;
  /** null until the first snapshot. */
  readonly rev: number | null;
  readonly hash: string | null;
  readonly name: string;
  readonly meta: LiveMeta | null;
  /** In position order. */
  readonly rows: readonly LiveRow[];
  /** null when the table has no team section. */
  readonly teams: readonly LiveRow[] | null;
  readonly at: string | null;
  readonly error: ErrorBody | null;
}

export type Unsubscribe = () => void;

/** One table kept in step with the server. The same handle for the same key. */
export interface LiveTable extends LiveTableState {
  readonly key: Required<LiveTableKey>;
  /** The whole state as one object (a new object after every change). */
  readonly state: LiveTableState;
  /** Called after each applied reply or patch, and each status change. */
  onChange(listener: (state: LiveTableState) => void): Unsubscribe;
  /** Ask for a fresh snapshot (also retries a table in error). */
  resync(): void;
  /**
   * Takes a snapshot fetched another way (the HTTP snapshot a page loads with its scripts): held
   * when it is this table's, hashes as it says and is newer than what the table holds, so the
   * subscribe asks only for what is newer than it. Returns whether it was taken.
   */
  seed(snapshot: LiveSnapshot): boolean;
  /** Drop one subscription; the last one unsubscribes on the server and stops the handle. */
  unsubscribe(): void;
}

export type LiveWatchStatus = 'connecting' | 'live' | 'error' | 'offline';

export interface LiveWatchState {
  readonly status: LiveWatchStatus;
  readonly competition: LiveCompetition | null;
  readonly error: ErrorBody | null;
}

/** A competition at a glance, kept current. The same handle for the same competition. */
export interface LiveWatch extends LiveWatchState {
  readonly competitionId: string;
  readonly state: LiveWatchState;
  onChange(listener: (state: LiveWatchState) => void): Unsubscribe;
  /** Drop one watch; the last one stops the handle. */
  unwatch(): void;
}

/** Counters over all tables, for tests and benchmarks. */
export interface LiveStats {
  /** Snapshots taken as the table's state. */
  snapshots: number;
  /** Patches applied. */
  patches: number;
  /** Patches whose base was not the revision held. */
  gaps: number;
  /** Tables (after a snapshot or patch) that did not hash to the server's hash, or patches that did not fit the table held. */
  hashMismatches: number;
  /** Subscribes sent for a table after its first one (gap, mismatch, reconnect, retry). */
  resyncs: number;
  /** Patches ignored because their revision was already held. */
  duplicates: number;
  /** All subscribes sent. */
  subscribes: number;
  /** Attempts of subscribes and watches that got no answer in time. */
  timeouts: number;
  /** Answers of `unavailable` (the server could not answer just then; asked again later). */
  unavailable: number;
  /** Subscribes and watches the server refused. */
  errors: number;
  /** Connections dropped and opened again because they answered nothing. */
  reconnects: number;
}
export interface Host extends Line {
  readonly socket: LiveSocket;
  readonly stats: LiveStats;
  readonly verify: boolean;
  readonly bufferLimit: number;
  forgetTable(id: string): void;
  forgetWatch(competitionId: string): void;
}

export const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null;

/** Calls each listener; one that throws does not stop the others or the client. */
export function notify<T>(listeners: ReadonlySet<(state: T) => void>, state: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(state);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
