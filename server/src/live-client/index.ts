/**
 * The typed live client: keeps standings tables in step with the server over Socket.IO (see
 * ../contract/live.ts). Used by the web app, tests and benchmarks, so it holds to what runs in a
 * page: no Node APIs, nothing of the DOM, only the socket the caller created.
 *
 *   const client = new LiveClient(io(url, { transports: ['websocket'] }));
 *   const table = client.subscribe({ competitionId, scope: eventId, view: 'public' });
 *   const stop = table.onChange((state) => render(state.rows));
 *
 * A table subscribes with the revision and hash it holds, so the server answers with only what
 * is newer. Patches that arrive while a subscribe is in flight wait for its answer. A patch
 * whose base is not the revision held is a gap: subscribe again with the revision held. After
 * each patch (and snapshot) the table is hashed as the server hashes it; a mismatch asks for a
 * fresh snapshot. On reconnect every table subscribes again with what it holds. A subscribe or
 * watch left unanswered is sent again, waiting longer each time (asking.ts); a connection that
 * answers nothing at all for several attempts is opened again.
 */
import type { Socket } from 'socket.io-client';
import type { ErrorBody } from '../contract/errors.ts';
import type {
  ClientToServerEvents,
  LiveCompetition,
  LiveMeta,
  LivePatch,
  LiveRow,
  LiveSnapshot,
  LiveView,
  ServerToClientEvents,
  SubscribeReply,
  SubscribeRequest,
  WatchReply,
} from '../contract/live.ts';
import { Asking, type AskPolicy, type Line } from './asking.ts';
import { RowDigests, applyPatch, tableFromSnapshot, verifyTable, type TableData } from './table.ts';

export {
  RowDigests,
  applyPatch,
  hashTable,
  tableFromSnapshot,
  verifyTable,
  type PatchOutcome,
  type TableData,
} from './table.ts';

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

/** Mismatches in a row after which a table stops asking for snapshots (until reconnect or resync()). */
const MAX_MISMATCH_STREAK = 3;
const DEFAULT_ACK_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_ACK_TIMEOUT_MS = 30_000;
const DEFAULT_RECONNECT_AFTER = 3;
const DEFAULT_BUFFER_LIMIT = 1024;

interface Host extends Line {
  readonly socket: LiveSocket;
  readonly stats: LiveStats;
  readonly verify: boolean;
  readonly bufferLimit: number;
  forgetTable(id: string): void;
  forgetWatch(competitionId: string): void;
}

const tableId = (competitionId: string, scope: string, view: LiveView): string =>
  JSON.stringify([competitionId, scope, view]);

export class LiveClient {
  readonly #socket: LiveSocket;
  readonly #host: Host;
  readonly #stats: LiveStats = {
    snapshots: 0,
    patches: 0,
    gaps: 0,
    hashMismatches: 0,
    resyncs: 0,
    duplicates: 0,
    subscribes: 0,
    timeouts: 0,
    unavailable: 0,
    errors: 0,
    reconnects: 0,
  };
  readonly #tables = new Map<string, Table>();
  readonly #watches = new Map<string, Watch>();
  #closed = false;
  #heard = 0;

  constructor(socket: LiveSocket, options: LiveClientOptions = {}) {
    this.#socket = socket;
    const timeoutMs = Math.max(1, options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
    const policy: AskPolicy = {
      timeoutMs,
      maxTimeoutMs: Math.max(timeoutMs, options.maxAckTimeoutMs ?? DEFAULT_MAX_ACK_TIMEOUT_MS),
      reconnectAfter: Math.max(0, options.reconnectAfter ?? DEFAULT_RECONNECT_AFTER),
    };
    const stats = this.#stats;
    this.#host = {
      socket,
      stats,
      policy,
      verify: options.verify ?? true,
      bufferLimit: Math.max(1, options.bufferLimit ?? DEFAULT_BUFFER_LIMIT),
      forgetTable: (id) => this.#tables.delete(id),
      forgetWatch: (competitionId) => this.#watches.delete(competitionId),
      heard: () => this.#heard,
      noteHeard: () => {
        this.#heard++;
      },
      reconnect: () => {
        if (this.#closed || !socket.connected) return;
        stats.reconnects++;
        socket.disconnect();
        socket.connect();
      },
    };
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('patch', this.#onPatch);
    socket.on('competition', this.#onCompetition);
  }

  /** A copy of the counters. */
  get stats(): LiveStats {
    return { ...this.#stats };
  }

  subscribe(key: LiveTableKey): LiveTable {
    this.#assertOpen();
    const view = key.view ?? 'public';
    const id = tableId(key.competitionId, key.scope, view);
    const held = this.#tables.get(id);
    if (held) {
      held.refs++;
      return held;
    }
    const table = new Table(this.#host, id, {
      competitionId: key.competitionId,
      scope: key.scope,
      view,
    });
    this.#tables.set(id, table);
    table.onConnect();
    return table;
  }

  watch(competitionId: string): LiveWatch {
    this.#assertOpen();
    const held = this.#watches.get(competitionId);
    if (held) {
      held.refs++;
      return held;
    }
    const watch = new Watch(this.#host, competitionId);
    this.#watches.set(competitionId, watch);
    watch.sync();
    return watch;
  }

  /**
   * Stops every table and watch and removes the client's listeners. Tables are unsubscribed on
   * the server; the socket stays open unless `disconnect` is set.
   */
  close(options: { readonly disconnect?: boolean } = {}): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.off('connect', this.#onConnect);
    this.#socket.off('disconnect', this.#onDisconnect);
    this.#socket.off('patch', this.#onPatch);
    this.#socket.off('competition', this.#onCompetition);
    for (const table of [...this.#tables.values()]) table.stop(options.disconnect !== true);
    for (const watch of [...this.#watches.values()]) watch.stop();
    if (options.disconnect === true) this.#socket.disconnect();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('LiveClient is closed');
  }

  readonly #onConnect = (): void => {
    this.#heard++;
    for (const table of [...this.#tables.values()]) table.onConnect();
    for (const watch of [...this.#watches.values()]) watch.sync();
  };

  readonly #onDisconnect = (): void => {
    for (const table of [...this.#tables.values()]) table.onDisconnect();
    for (const watch of [...this.#watches.values()]) watch.onDisconnect();
  };

  readonly #onPatch = (patch: LivePatch): void => {
    this.#heard++;
    if (!isObject(patch)) return;
    this.#tables.get(tableId(patch.competitionId, patch.scope, patch.view))?.onPatch(patch);
  };

  readonly #onCompetition = (competition: LiveCompetition): void => {
    this.#heard++;
    if (!isObject(competition)) return;
    this.#watches.get(competition.competitionId)?.onCompetition(competition);
  };
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** Calls each listener; one that throws does not stop the others or the client. */
function notify<T>(listeners: ReadonlySet<(state: T) => void>, state: T): void {
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

const EMPTY_ROWS: readonly LiveRow[] = Object.freeze([]);

class Table implements LiveTable {
  readonly key: Required<LiveTableKey>;
  refs = 1;
  readonly #host: Host;
  readonly #id: string;
  readonly #digests = new RowDigests();
  readonly #listeners = new Set<(state: LiveTableState) => void>();
  #data: TableData | null = null;
  #status: LiveStatus = 'connecting';
  #error: ErrorBody | null = null;
  #state: LiveTableState;
  #dirty = false;
  #closed = false;
  /** The subscribe asked now (an answer to an earlier one is dropped). */
  readonly #asking: Asking<SubscribeReply>;
  /** A subscribe is owed (never sent, or its answer was lost). */
  #owed = true;
  /** The next subscribe asks for a snapshot (no rev). */
  #fresh = false;
  #sent = false;
  #mismatches = 0;
  #buffer: LivePatch[] = [];

  constructor(host: Host, id: string, key: Required<LiveTableKey>) {
    this.#host = host;
    this.#id = id;
    this.key = key;
    this.#state = this.#build();
    this.#asking = new Asking<SubscribeReply>(
      host,
      (answer) => {
        this.#emit(answer);
      },
      (reply) => {
        this.#onReply(reply);
      },
    );
  }

  get state(): LiveTableState {
    return this.#state;
  }
  get status(): LiveStatus {
    return this.#state.status;
  }
  get rev(): number | null {
    return this.#state.rev;
  }
  get hash(): string | null {
    return this.#state.hash;
  }
  get name(): string {
    return this.#state.name;
  }
  get meta(): LiveMeta | null {
    return this.#state.meta;
  }
  get rows(): readonly LiveRow[] {
    return this.#state.rows;
  }
  get teams(): readonly LiveRow[] | null {
    return this.#state.teams;
  }
  get at(): string | null {
    return this.#state.at;
  }
  get error(): ErrorBody | null {
    return this.#state.error;
  }

  onChange(listener: (state: LiveTableState) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  resync(): void {
    if (this.#closed) return;
    this.#mismatches = 0;
    this.sync(true);
    this.#flush();
  }

  unsubscribe(): void {
    if (this.#closed) return;
    this.refs--;
    if (this.refs <= 0) this.stop(true);
  }

  /** Stops the handle; tells the server when asked and the socket is up. */
  stop(tellServer: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#asking.cancel();
    this.#buffer = [];
    this.#listeners.clear();
    this.#host.forgetTable(this.#id);
    const { socket, policy } = this.#host;
    if (tellServer && this.#sent && socket.connected) {
      socket.timeout(policy.timeoutMs).emit('unsubscribe', { ...this.key }, () => undefined);
    }
  }

  /** Subscribes (now if the socket is up, else on connect); `fresh` asks for a snapshot. */
  sync(fresh: boolean): void {
    if (this.#closed) return;
    if (fresh) this.#fresh = true;
    this.#owed = true;
    if (this.#host.socket.connected) this.#send();
  }

  onConnect(): void {
    if (this.#closed) return;
    this.sync(false);
    this.#flush();
  }

  onDisconnect(): void {
    if (this.#closed) return;
    this.#asking.cancel();
    this.#owed = true;
    if (this.#status !== 'error') this.#setStatus('offline');
    this.#flush();
  }

  onPatch(patch: LivePatch): void {
    if (this.#closed || this.#status === 'error') return;
    if (this.#asking.pending || this.#owed || this.#data === null) {
      this.#hold([patch]);
      // Owed while the socket stayed up: the server is talking, ask now.
      if (!this.#asking.pending && this.#host.socket.connected) this.#send();
    } else {
      this.#applyOne(patch);
    }
    this.#flush();
  }

  /** Asks for what is newer than the table held (until answered: see asking.ts). */
  #send(): void {
    this.#owed = false;
    if (this.#error !== null) {
      this.#error = null;
      this.#dirty = true;
    }
    this.#setStatus(this.#data ? 'syncing' : 'connecting');
    this.#asking.start();
  }

  /** One attempt of the subscribe asked now. */
  #emit(answer: (reply: unknown) => void): void {
    const { socket, stats } = this.#host;
    stats.subscribes++;
    if (this.#sent) stats.resyncs++;
    this.#sent = true;
    const data = this.#data;
    const request: SubscribeRequest =
      data && !this.#fresh ? { ...this.key, rev: data.rev, hash: data.hash } : { ...this.key };
    socket.emit('subscribe', request, answer);
  }

  #onReply(reply: SubscribeReply): void {
    if (this.#closed) return;
    const { stats } = this.#host;
    if (!reply.ok) {
      stats.errors++;
      this.#fail(reply.error);
      this.#flush();
      return;
    }
    this.#fresh = false;
    switch (reply.sync) {
      case 'snapshot':
        this.#adopt(reply.snapshot);
        break;
      case 'patches':
        this.#applyAll(reply.patches);
        break;
      case 'current': {
        const data = this.#data;
        if (data?.rev !== reply.rev || data.hash !== reply.hash) this.sync(true);
        break;
      }
    }
    // Patches held while the subscribe was in flight (or after a gap), in order.
    if (this.#settled() && this.#buffer.length > 0) {
      const pending = this.#buffer.sort((x, y) => x.rev - y.rev);
      this.#buffer = [];
      this.#applyAll(pending);
    }
    if (this.#settled()) this.#setStatus('live');
    this.#flush();
  }

  /** No subscribe in flight and not in error (a method: the fields change under calls). */
  #settled(): boolean {
    return !this.#asking.pending && this.#status !== 'error';
  }

  #adopt(snapshot: LiveSnapshot): void {
    const table = tableFromSnapshot(snapshot);
    if (this.#host.verify && !verifyTable(table, this.#digests)) {
      this.#host.stats.hashMismatches++;
      if (this.#mismatch()) {
        // Given up: show what the server sent, flagged as not verified.
        this.#data = table;
        this.#dirty = true;
      }
      return;
    }
    this.#mismatches = 0;
    this.#data = table;
    this.#host.stats.snapshots++;
    this.#dirty = true;
  }

  #applyAll(patches: readonly LivePatch[]): void {
    for (let i = 0; i < patches.length; i++) {
      if (this.#status === 'error') return;
      if (this.#asking.pending) {
        this.#hold(patches.slice(i));
        return;
      }
      this.#applyOne(patches[i] as LivePatch);
    }
  }

  #applyOne(patch: LivePatch): void {
    const { stats, verify } = this.#host;
    const data = this.#data;
    if (data === null) {
      this.#hold([patch]);
      this.sync(true);
      return;
    }
    const outcome = applyPatch(data, patch);
    switch (outcome.kind) {
      case 'duplicate':
        stats.duplicates++;
        return;
      case 'gap':
        stats.gaps++;
        this.#hold([patch]);
        this.sync(false);
        return;
      case 'inconsistent':
        stats.hashMismatches++;
        this.#mismatch();
        return;
      case 'applied':
        if (verify && !verifyTable(outcome.table, this.#digests)) {
          stats.hashMismatches++;
          this.#mismatch();
          return;
        }
        this.#mismatches = 0;
        this.#data = outcome.table;
        stats.patches++;
        this.#dirty = true;
    }
  }

  /** After a mismatch: ask for a snapshot, or give up after too many in a row (true). */
  #mismatch(): boolean {
    this.#mismatches++;
    this.#fresh = true;
    if (this.#mismatches >= MAX_MISMATCH_STREAK) {
      this.#fail({
        code: 'hash_mismatch',
        message: `the table did not match the server's hash ${this.#mismatches} times in a row`,
        details: [],
      });
      return true;
    }
    this.sync(true);
    return false;
  }

  #fail(error: ErrorBody): void {
    this.#error = error;
    this.#dirty = true;
    this.#buffer = [];
    this.#setStatus('error');
  }

  #hold(patches: readonly LivePatch[]): void {
    this.#buffer.push(...patches);
    const excess = this.#buffer.length - this.#host.bufferLimit;
    if (excess > 0) {
      this.#buffer.sort((a, b) => a.rev - b.rev);
      this.#buffer.splice(0, excess);
    }
  }

  #setStatus(status: LiveStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#dirty = true;
  }

  #build(): LiveTableState {
    const data = this.#data;
    return {
      status: this.#status,
      rev: data?.rev ?? null,
      hash: data?.hash ?? null,
      name: data?.name ?? '',
      meta: data?.meta ?? null,
      rows: data?.rows ?? EMPTY_ROWS,
      teams: data?.teams ?? null,
      at: data?.at ?? null,
      error: this.#error,
    };
  }

  #flush(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#state = this.#build();
    notify(this.#listeners, this.#state);
  }
}

class Watch implements LiveWatch {
  readonly competitionId: string;
  refs = 1;
  readonly #host: Host;
  readonly #listeners = new Set<(state: LiveWatchState) => void>();
  #state: LiveWatchState = { status: 'connecting', competition: null, error: null };
  readonly #asking: Asking<WatchReply>;
  #closed = false;

  constructor(host: Host, competitionId: string) {
    this.#host = host;
    this.competitionId = competitionId;
    this.#asking = new Asking<WatchReply>(
      host,
      (answer) => {
        host.socket.emit('watch', { competitionId }, answer);
      },
      (reply) => {
        this.#onReply(reply);
      },
    );
  }

  get state(): LiveWatchState {
    return this.#state;
  }
  get status(): LiveWatchStatus {
    return this.#state.status;
  }
  get competition(): LiveCompetition | null {
    return this.#state.competition;
  }
  get error(): ErrorBody | null {
    return this.#state.error;
  }

  onChange(listener: (state: LiveWatchState) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  unwatch(): void {
    if (this.#closed) return;
    this.refs--;
    if (this.refs <= 0) this.stop();
  }

  stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#asking.cancel();
    this.#listeners.clear();
    this.#host.forgetWatch(this.competitionId);
  }

  /** Asks for the competition now if the socket is up (else the next connect does). */
  sync(): void {
    if (this.#closed || !this.#host.socket.connected) return;
    this.#asking.start();
  }

  onDisconnect(): void {
    if (this.#closed) return;
    this.#asking.cancel();
    if (this.#state.status !== 'error') this.#set({ ...this.#state, status: 'offline' });
  }

  onCompetition(competition: LiveCompetition): void {
    if (this.#closed || !this.#newer(competition)) return;
    this.#set({
      status: this.#state.status === 'error' ? 'live' : this.#state.status,
      competition,
      error: null,
    });
  }

  #onReply(reply: WatchReply): void {
    if (this.#closed) return;
    const { stats } = this.#host;
    if (!reply.ok) {
      stats.errors++;
      this.#set({ ...this.#state, status: 'error', error: reply.error });
      return;
    }
    const competition = this.#newer(reply.competition)
      ? reply.competition
      : this.#state.competition;
    this.#set({ status: 'live', competition, error: null });
  }

  /** Not older than the competition held (an event can overtake the watch's answer). */
  #newer(competition: LiveCompetition): boolean {
    const held = this.#state.competition;
    if (held === null) return true;
    const then = Date.parse(held.at);
    const now = Date.parse(competition.at);
    return Number.isNaN(then) || Number.isNaN(now) || now >= then;
  }

  #set(state: LiveWatchState): void {
    this.#state = state;
    notify(this.#listeners, state);
  }
}
