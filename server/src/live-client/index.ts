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
 * is newer; a page may seed it first with the HTTP snapshot (table.seed), fetched while its
 * scripts load, so the socket carries only what changed since. Patches that arrive while a subscribe is in flight wait for its answer. A patch
 * whose base is not the revision held is a gap: subscribe again with the revision held. After
 * each patch (and snapshot) the table is hashed as the server hashes it; a mismatch asks for a
 * fresh snapshot. On reconnect every table subscribes again with what it holds. A subscribe or
 * watch left unanswered is sent again, waiting longer each time (asking.ts); a connection that
 * answers nothing at all for several attempts is opened again.
 *
 * This file is the client: the socket's events, the re-asking policy and the handles it keeps;
 * a table's own catching up is table-subscription.ts, a competition watch competition-watch.ts,
 * and the shapes they share shapes.ts.
 */
import type { LiveCompetition, LivePatch, LiveView } from '../contract/live.ts';
import type { AskPolicy } from './asking.ts';
import { isObject, type Host } from './shapes.ts';
import type {
  LiveClientOptions,
  LiveSocket,
  LiveStats,
  LiveTable,
  LiveTableKey,
  LiveWatch,
} from './shapes.ts';
import { Table } from './table-subscription.ts';
import { Watch } from './competition-watch.ts';

/** The protocol's plain names (zod-free, so pages that import only these stay small). */
export {
  UNAVAILABLE,
  overallIdOf,
  overallScope,
  publicSnapshotPath,
} from '../contract/live-names.ts';

export {
  RowDigests,
  applyPatch,
  hashTable,
  tableFromSnapshot,
  verifyTable,
  type PatchOutcome,
  type TableData,
} from './table.ts';

export type {
  LiveClientOptions,
  LiveSocket,
  LiveStats,
  LiveStatus,
  LiveTable,
  LiveTableKey,
  LiveTableState,
  LiveWatch,
  LiveWatchState,
  LiveWatchStatus,
  Unsubscribe,
} from './shapes.ts';

const DEFAULT_ACK_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_ACK_TIMEOUT_MS = 30_000;
const DEFAULT_RECONNECT_AFTER = 3;
const DEFAULT_BUFFER_LIMIT = 1024;

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
