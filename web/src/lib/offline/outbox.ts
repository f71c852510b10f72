/**
 * The tablet's outbox, without the browser: every mark change is stored on the device with its
 * operation id before anything is sent, then sent in the background whenever the server can be
 * reached, and kept until the server has answered it. Its storage and its way to the server are
 * given to it (ports.ts), so the unit tests drive it on in-memory fakes; outbox.svelte.ts gives
 * it IndexedDB and fetch and makes its state reactive.
 *
 * - A change to a mark whose previous change has not been sent yet replaces that change (same
 *   operation, new value); once an operation may have reached the server, it never changes, and
 *   a further change becomes a new operation that expects the version after it.
 * - Each round sends at most one operation per mark, oldest first, so a chain of changes to one
 *   mark arrives in order.
 * - The server refusing an operation because the mark changed meanwhile (stale_version) is a
 *   conflict: the judge sees both values with who and when and keeps one. Nothing is
 *   overwritten silently, and later changes to that mark wait for the decision.
 * - Any other refusal (the sheet was submitted, the value is out of range …) is kept and shown
 *   until the judge dismisses it.
 * - No answer (offline, server down) keeps everything pending and tries again with backoff.
 */
import type { CurrentMark, ErrorBody, MarkAnswer, MarkValue, Sheet } from '@skills/server/contract';
import { ApiError, NetworkError } from '../api.ts';
import { newId } from '../ids.ts';
import { keyOf, textOf, type PendingOp } from './pending-op.ts';
import type { BatchAnswer, OutboxStore, StartTimer, Transport } from './ports.ts';

export interface OutboxDeps {
  readonly store: OutboxStore;
  readonly transport: Transport;
  /** setTimeout unless a test drives the clock. */
  readonly startTimer?: StartTimer;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** Milliseconds to wait after a change before sending, so a burst of taps travels as one. */
const SETTLE_MS = 300;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Operations per request. */
const ROUND_MAX = 200;

const browserTimer: StartTimer = (fn, ms) => {
  const id = setTimeout(fn, ms);
  return () => {
    clearTimeout(id);
  };
};

export class Outbox {
  userId: string | null = null;
  /** The signed-in judge's operations, oldest first: pending, in conflict, or refused. */
  ops: readonly PendingOp[] = [];
  /** Whether the last attempt to reach the server got an answer. */
  reachable = true;
  syncing = false;
  /** The session ended on the server: changes wait until the judge signs in again. */
  needsLogin = false;
  lastSyncedAt: string | null = null;
  /** Bumped whenever a stored sheet changes, so pages showing one reload it. */
  sheetsChanged = 0;

  private readonly deps: OutboxDeps;
  private readonly startTimer: StartTimer;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly listeners = new Set<() => void>();
  private cancelTimer: (() => void) | null = null;
  /**
   * Every change to the stored operations runs in turn: a change typed while a round is being
   * marked as sent must see it as sent (and chain after it), never overwrite it.
   */
  private turn: Promise<unknown> = Promise.resolve();
  private retryMs = RETRY_MIN_MS;
  private running: Promise<void> | null = null;
  private seq = 0;

  constructor(deps: OutboxDeps) {
    this.deps = deps;
    this.startTimer = deps.startTimer ?? browserTimer;
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? newId;
    this.seq = this.now().getTime() * 1000;
  }

  /** Calls listener after every change of the state above; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Loads the judge's stored operations and starts sending them. */
  async start(userId: string): Promise<void> {
    if (this.userId === userId) return;
    this.stop();
    this.userId = userId;
    this.needsLogin = false;
    this.ops = await this.deps.store.opsOf(userId);
    this.seq = Math.max(this.seq, ...this.ops.map((o) => o.seq + 1));
    this.changed();
    this.schedule(0);
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.userId = null;
    this.ops = [];
    this.changed();
  }

  /** The network is back: send at once. */
  reconnected(): void {
    this.retryMs = RETRY_MIN_MS;
    this.schedule(0);
  }

  /** The judge signed in again: what waited for it goes now. */
  signedIn(): void {
    this.needsLogin = false;
    this.changed();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn, fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Operations of one sheet, oldest first. */
  opsOfSheet(sheetId: string): PendingOp[] {
    return this.ops.filter((o) => o.sheetId === sheetId);
  }

  /**
   * Records a change to one mark (null clears it). Stored on the device before this returns;
   * sent when the server can be reached.
   */
  enter(
    sheet: Sheet,
    criterion: string,
    value: MarkValue | null,
    options: { readonly reason?: string | undefined } = {},
  ): Promise<void> {
    return this.exclusive(() => this.record(sheet, criterion, value, options.reason));
  }

  private async record(
    sheet: Sheet,
    criterion: string,
    value: MarkValue | null,
    reason: string | undefined,
  ): Promise<void> {
    const userId = this.userId;
    if (userId === null) throw new Error('no judge is signed in');
    // Refused changes never reached the ledger: they are not part of the chain.
    const chain = this.ops.filter(
      (o) => o.sheetId === sheet.id && o.criterion === criterion && o.state !== 'rejected',
    );
    const last = chain.at(-1);
    // The device's copy, not the page's: a change the server accepted a moment ago is in it.
    const stored = (await this.deps.store.sheetById(sheet.id)) ?? sheet;
    const server = stored.marks.find((m) => m.criterion === criterion);
    const serverText = server?.value ?? null;
    const text = textOf(value);
    const createdAt = this.now().toISOString();
    if (last && (last.state === 'conflict' || (last.state === 'pending' && !last.attempted))) {
      // Not sent yet, or waiting for the judge's decision: the change replaces it.
      if (last.state === 'pending' && chain.length === 1 && text === serverText) {
        await this.write([], [last.opId]); // back to what the server has
        return;
      }
      await this.write([{ ...last, value, reason, createdAt }], []);
    } else {
      if (!last && text === serverText) return;
      await this.write(
        [
          {
            opId: this.newId(),
            seq: this.seq++,
            userId,
            sheetId: sheet.id,
            criterion,
            value,
            expectedVersion: last ? last.expectedVersion + 1 : (server?.version ?? 0),
            reason,
            createdAt,
            attempted: false,
            state: 'pending',
          },
        ],
        [],
      );
    }
    this.schedule(SETTLE_MS);
  }

  /**
   * Settles a conflict: 'mine' sends the tablet's value over the server's current version;
   * 'theirs' drops the tablet's value.
   */
  resolve(opId: string, keep: 'mine' | 'theirs', reason: string): Promise<void> {
    return this.exclusive(() => this.settleConflict(opId, keep, reason));
  }

  private async settleConflict(
    opId: string,
    keep: 'mine' | 'theirs',
    reason: string,
  ): Promise<void> {
    const op = this.ops.find((o) => o.opId === opId);
    if (!op || op.state !== 'conflict') return;
    if (keep === 'theirs') {
      await this.write([], [opId]);
      return;
    }
    // The refused operation was never stored by the server; a new id keeps the ledger's
    // one-id-one-request rule plain.
    await this.write(
      [
        {
          ...op,
          opId: this.newId(),
          expectedVersion: op.conflict?.version ?? op.expectedVersion,
          reason,
          attempted: false,
          state: 'pending',
          conflict: undefined,
        },
      ],
      [opId],
    );
    this.schedule(0);
  }

  /** The judge has read a refusal: the change is dropped (the sheet shows the server's mark). */
  dismiss(opId: string): Promise<void> {
    return this.exclusive(() => this.write([], [opId]));
  }

  /** Sends what is pending now; resolves when the outbox is empty or cannot send more. */
  sync(): Promise<void> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.startTimer(() => {
      this.cancelTimer = null;
      void this.sync();
    }, ms);
  }

  /** Stores operations and removes others, then shows the result, in entry order. */
  private async write(put: readonly PendingOp[], remove: readonly string[]): Promise<void> {
    await this.deps.store.replaceOps(put, remove);
    const gone = new Set([...remove, ...put.map((o) => o.opId)]);
    this.ops = [...this.ops.filter((o) => !gone.has(o.opId)), ...put].sort((a, b) => a.seq - b.seq);
    this.changed();
  }

  private async drain(): Promise<void> {
    if (this.userId === null || this.needsLogin) return;
    this.syncing = true;
    this.changed();
    try {
      for (;;) {
        const sent = await this.exclusive(async () => {
          const round = this.nextRound().map((op) => ({ ...op, attempted: true }));
          if (round.length > 0) await this.write(round, []);
          return round;
        });
        if (sent.length === 0) break;
        const answer = await this.deps.transport.sendBatch(
          sent.map((op) => ({
            opId: op.opId,
            sheetId: op.sheetId,
            criterion: op.criterion,
            value: op.value,
            expectedVersion: op.expectedVersion,
            ...(op.reason === undefined ? {} : { reason: op.reason }),
          })),
        );
        this.reachable = true;
        this.retryMs = RETRY_MIN_MS;
        await this.exclusive(() => this.settle(sent, answer));
      }
      this.lastSyncedAt = this.now().toISOString();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.needsLogin = true;
      } else {
        // No answer, or the server failed: try again later, nothing is lost.
        if (error instanceof NetworkError) this.reachable = false;
        this.schedule(this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      }
    } finally {
      this.syncing = false;
      this.changed();
    }
  }

  /** The oldest pending operation of each mark that has nothing waiting before it. */
  private nextRound(): PendingOp[] {
    const seen = new Set<string>();
    const round: PendingOp[] = [];
    for (const op of this.ops) {
      if (op.state === 'rejected') continue;
      const key = keyOf(op);
      if (seen.has(key)) continue;
      seen.add(key);
      if (op.state === 'pending') round.push(op);
      if (round.length >= ROUND_MAX) break;
    }
    return round;
  }

  private async settle(sent: readonly PendingOp[], answer: BatchAnswer): Promise<void> {
    const byId = new Map(answer.results.map((r) => [r.opId, r]));
    let sheetsChanged = false;
    for (const op of sent) {
      const result = byId.get(op.opId);
      if (!result) continue;
      if (result.status >= 200 && result.status < 300) {
        const body = result.body as MarkAnswer;
        await this.deps.store.saveMark(op.sheetId, body.mark, body.sheetStatus);
        await this.write([], [op.opId]);
        sheetsChanged = true;
        continue;
      }
      if (result.status >= 500) continue; // tried again next time
      const body = result.body as ErrorBody;
      if (result.status === 401) {
        this.needsLogin = true;
        continue;
      }
      if (body.code === 'stale_version') {
        const current = body.current as CurrentMark | undefined;
        if (current !== undefined && typeof current.by === 'string') {
          await this.deps.store.saveMark(op.sheetId, current);
          sheetsChanged = true;
        }
        await this.conflict(op, current);
        continue;
      }
      await this.write(
        [
          {
            ...op,
            state: 'rejected',
            error: { status: result.status, code: body.code, message: body.message },
          },
        ],
        [],
      );
    }
    if (sheetsChanged) {
      this.sheetsChanged++;
      this.changed();
    }
  }

  /**
   * A conflict belongs to the mark, not to one operation: the judge's latest value for it is
   * the one put against the server's, and earlier ones are dropped.
   */
  private async conflict(op: PendingOp, current: CurrentMark | undefined): Promise<void> {
    const chain = this.ops.filter((o) => keyOf(o) === keyOf(op));
    const latest = chain.at(-1) ?? op;
    const server: CurrentMark = current ?? {
      criterion: op.criterion,
      version: 0,
      value: null,
      by: '',
      at: '',
      reason: null,
    };
    await this.write(
      [{ ...latest, state: 'conflict', conflict: server }],
      chain.filter((o) => o.opId !== latest.opId).map((o) => o.opId),
    );
  }
}
