/**
 * One standings table kept in step with the server (LiveTable): it subscribes with the revision
 * and hash it holds, holds patches that arrive while a subscribe is in flight, treats a patch on
 * another base as a gap, hashes the table after each change and asks for a fresh snapshot on a
 * mismatch. It lives apart from the client, which only routes socket events to it.
 */
import type { ErrorBody } from '../contract/errors.ts';
import type {
  LiveMeta,
  LivePatch,
  LiveRow,
  LiveSnapshot,
  SubscribeReply,
  SubscribeRequest,
} from '../contract/live.ts';
import { Asking } from './asking.ts';
import { RowDigests, applyPatch, tableFromSnapshot, verifyTable, type TableData } from './table.ts';
import {
  notify,
  type Host,
  type LiveStatus,
  type LiveTable,
  type LiveTableKey,
  type LiveTableState,
  type Unsubscribe,
} from './shapes.ts';
/** Mismatches in a row after which a table stops asking for snapshots (until reconnect or resync()). */
const MAX_MISMATCH_STREAK = 3;

const EMPTY_ROWS: readonly LiveRow[] = Object.freeze([]);

export class Table implements LiveTable {
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

  seed(snapshot: LiveSnapshot): boolean {
    if (this.#closed || this.#status === 'error') return false;
    const { competitionId, scope, view } = this.key;
    if (
      snapshot.competitionId !== competitionId ||
      snapshot.scope !== scope ||
      snapshot.view !== view ||
      (this.#data !== null && this.#data.rev >= snapshot.rev)
    ) {
      return false;
    }
    const table = tableFromSnapshot(snapshot);
    // Not the server's table as it says: leave it, the subscribe brings a snapshot.
    if (this.#host.verify && !verifyTable(table, this.#digests)) return false;
    this.#data = table;
    this.#host.stats.snapshots++;
    this.#dirty = true;
    this.#flush();
    return true;
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
