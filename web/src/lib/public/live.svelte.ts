/**
 * The public pages' live data: one socket per page, and each public table kept in step by the
 * typed live client, read into typed rows with rank-change arrows that fade after a while.
 */
import {
  LiveClient,
  type LiveTable,
  type LiveTableState,
  type LiveWatch,
  type LiveWatchState,
} from '@skills/server/live-client';
import type { LiveRow, LiveSnapshot } from '@skills/server/contract';
import { io } from 'socket.io-client';
import { RankTracker, type RankChange } from './rank-change.ts';
import { readRows, type PublicRow } from './rows.ts';

/** A live client on its own socket (websocket only); `close({ disconnect: true })` ends both. */
export function connect(): LiveClient {
  return new LiveClient(io({ transports: ['websocket'] }));
}

/**
 * A live client whose socket opens only when `open()` is called (once the first rows, from the
 * HTTP snapshot, are on screen: the socket's handshake does not compete with them).
 */
export function connectLater(): { client: LiveClient; open: () => void } {
  const socket = io({ transports: ['websocket'], autoConnect: false });
  let opened = false;
  return {
    client: new LiveClient(socket),
    open: () => {
      if (opened) return;
      opened = true;
      socket.connect();
    },
  };
}

const NO_CHANGES: ReadonlyMap<string, RankChange> = new Map();

/** Rows and their arrows, for one side of a table (the rows, or the team rows). */
class Side {
  rows = $state.raw<readonly PublicRow[]>([]);
  changes = $state.raw<ReadonlyMap<string, RankChange>>(NO_CHANGES);
  #tracker: RankTracker;
  #source: readonly LiveRow[] | null = null;

  constructor(holdMs: number | undefined) {
    this.#tracker = new RankTracker(holdMs);
  }

  take(source: readonly LiveRow[] | null, now: number): void {
    if (source === this.#source) return;
    this.#source = source;
    this.rows = source === null ? [] : readRows(source);
    this.changes = this.#tracker.update(this.rows, now);
  }

  tick(now: number): void {
    if (this.changes.size === 0) return;
    const active = this.#tracker.active(now);
    if (active.size !== this.changes.size) this.changes = active;
  }

  reset(): void {
    this.#tracker.reset();
    this.#source = null;
  }
}

/** One public table, live. */
export class Standings {
  state = $state.raw<LiveTableState | null>(null);
  readonly main: Side;
  readonly teams: Side;
  hasTeams = $state(false);
  #table: LiveTable;
  #stop: () => void;
  #timer: ReturnType<typeof setInterval>;
  #names: boolean | null = null;

  constructor(client: LiveClient, competitionId: string, scope: string, holdMs?: number) {
    this.main = new Side(holdMs);
    this.teams = new Side(holdMs);
    this.#table = client.subscribe({ competitionId, scope, view: 'public' });
    this.#apply(this.#table.state);
    this.#stop = this.#table.onChange((s) => {
      this.#apply(s);
    });
    this.#timer = setInterval(() => {
      const now = Date.now();
      this.main.tick(now);
      this.teams.tick(now);
    }, 1000);
  }

  #apply(s: LiveTableState): void {
    this.state = s;
    const names = s.meta?.names ?? null;
    if (names !== this.#names) {
      // Names shown or hidden: every competitor key changed, so nothing moved.
      this.#names = names;
      this.main.reset();
      this.teams.reset();
    }
    const now = Date.now();
    this.main.take(s.rows, now);
    this.teams.take(s.teams, now);
    this.hasTeams = s.teams !== null;
  }

  /** Shows a snapshot fetched over HTTP until the socket brings what is newer. */
  seed(snapshot: LiveSnapshot): void {
    this.#table.seed(snapshot);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#stop();
    this.#table.unsubscribe();
  }
}

/** The competition at a glance (each table's phase), live. */
export class Watched {
  state = $state.raw<LiveWatchState | null>(null);
  #watch: LiveWatch;
  #stop: () => void;

  constructor(client: LiveClient, competitionId: string) {
    this.#watch = client.watch(competitionId);
    this.state = this.#watch.state;
    this.#stop = this.#watch.onChange((s) => {
      this.state = s;
    });
  }

  stop(): void {
    this.#stop();
    this.#watch.unwatch();
  }
}
