/**
 * The tablet's outbox: every mark change is stored on the device with its operation id before
 * anything is sent, then sent in the background whenever the server can be reached, and kept
 * until the server has answered it.
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
 * - No answer (offline, server down) keeps everything pending and tries again with backoff, at
 *   once when the browser reports the network is back.
 */
import type { CurrentMark, ErrorBody, MarkAnswer, MarkValue, Sheet } from '@skills/server/contract';
import { markText } from '@skills/server/contract';
import { ApiError, NetworkError, post } from '../api.ts';
import { newId } from '../ids.ts';
import {
  deleteOp,
  opsOf,
  putOp,
  replaceOps,
  saveMark,
  sheetById,
  type PendingOp,
} from './store.ts';

export type SyncStatus = 'synced' | 'pending' | 'offline' | 'conflict';

interface BatchAnswer {
  readonly results: readonly { opId: string; status: number; body: unknown }[];
}

const keyOf = (op: { sheetId: string; criterion: string }): string =>
  `${op.sheetId}|${op.criterion}`;

/** Milliseconds to wait after a change before sending, so a burst of taps travels as one. */
const SETTLE_MS = 300;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export class Outbox {
  userId = $state<string | null>(null);
  /** The signed-in judge's operations: pending, in conflict, or refused. */
  ops = $state<PendingOp[]>([]);
  /** Whether the last attempt to reach the server got an answer. */
  reachable = $state(true);
  browserOnline = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  syncing = $state(false);
  /** The session ended on the server: changes wait until the judge signs in again. */
  needsLogin = $state(false);
  lastSyncedAt = $state<string | null>(null);
  /** Bumped whenever a stored sheet changes, so pages showing one reload it. */
  sheetsChanged = $state(0);

  pending = $derived(this.ops.filter((o) => o.state === 'pending').length);
  conflicts = $derived(this.ops.filter((o) => o.state === 'conflict'));
  rejected = $derived(this.ops.filter((o) => o.state === 'rejected'));
  status: SyncStatus = $derived(
    this.conflicts.length > 0 || this.rejected.length > 0
      ? 'conflict'
      : !this.browserOnline || !this.reachable
        ? 'offline'
        : this.pending > 0
          ? 'pending'
          : 'synced',
  );

  private timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Every change to the stored operations runs in turn: a change typed while a round is being
   * marked as sent must see it as sent (and chain after it), never overwrite it.
   */
  private turn: Promise<unknown> = Promise.resolve();
  private retryMs = RETRY_MIN_MS;
  private running: Promise<void> | null = null;
  private seq = Date.now() * 1000;
  private detach: (() => void) | null = null;

  /** Loads the judge's stored operations and starts sending them. */
  async start(userId: string): Promise<void> {
    if (this.userId === userId && this.detach) return;
    this.stop();
    this.userId = userId;
    this.needsLogin = false;
    this.ops = await opsOf(userId);
    this.seq = Math.max(this.seq, ...this.ops.map((o) => o.seq + 1));
    const online = (): void => {
      this.browserOnline = true;
      this.retryMs = RETRY_MIN_MS;
      this.schedule(0);
    };
    const offline = (): void => {
      this.browserOnline = false;
    };
    const visible = (): void => {
      if (document.visibilityState === 'visible') this.schedule(0);
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visible);
    this.detach = () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visible);
    };
    this.schedule(0);
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.userId = null;
    this.ops = [];
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
  enter(sheet: Sheet, criterion: string, value: MarkValue | null, reason?: string): Promise<void> {
    return this.exclusive(() => this.record(sheet, criterion, value, reason));
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
    const stored = (await sheetById(sheet.id)) ?? sheet;
    const server = stored.marks.find((m) => m.criterion === criterion);
    const serverText = server?.value ?? null;
    const text = value === null ? null : markText(value);
    const createdAt = new Date().toISOString();
    if (last && (last.state === 'conflict' || (last.state === 'pending' && !last.attempted))) {
      // Not sent yet, or waiting for the judge's decision: the change replaces it.
      if (last.state === 'pending' && chain.length === 1 && text === serverText) {
        await deleteOp(last.opId); // back to what the server has
        this.ops = this.ops.filter((o) => o.opId !== last.opId);
        return;
      }
      await this.save({ ...last, value, reason, createdAt });
    } else {
      if (!last && text === serverText) return;
      await this.save({
        opId: newId(),
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
      });
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
      await deleteOp(opId);
      this.ops = this.ops.filter((o) => o.opId !== opId);
      return;
    }
    // The refused operation was never stored by the server; a new id keeps the ledger's
    // one-id-one-request rule plain.
    await replaceOps(
      [
        {
          ...op,
          opId: newId(),
          expectedVersion: op.conflict?.version ?? op.expectedVersion,
          reason,
          attempted: false,
          state: 'pending',
          conflict: undefined,
        },
      ],
      [opId],
    );
    await this.reload();
    this.schedule(0);
  }

  /** The judge has read a refusal: the change is dropped (the sheet shows the server's mark). */
  dismiss(opId: string): Promise<void> {
    return this.exclusive(async () => {
      await deleteOp(opId);
      this.ops = this.ops.filter((o) => o.opId !== opId);
    });
  }

  /** Sends what is pending now; resolves when the outbox is empty or cannot send more. */
  sync(): Promise<void> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sync();
    }, ms);
  }

  private async save(op: PendingOp): Promise<void> {
    await putOp(op);
    const i = this.ops.findIndex((o) => o.opId === op.opId);
    this.ops = i < 0 ? [...this.ops, op] : this.ops.map((o) => (o.opId === op.opId ? op : o));
  }

  private async reload(): Promise<void> {
    if (this.userId !== null) this.ops = await opsOf(this.userId);
  }

  private async drain(): Promise<void> {
    if (this.userId === null || this.needsLogin) return;
    this.syncing = true;
    try {
      for (;;) {
        const sent = await this.exclusive(async () => {
          const round = this.nextRound().map((op) => ({ ...op, attempted: true }));
          await replaceOps(round, []);
          this.ops = this.ops.map((o) => round.find((s) => s.opId === o.opId) ?? o);
          return round;
        });
        if (sent.length === 0) break;
        const answer = await post<BatchAnswer>('/api/marks/batch', {
          ops: sent.map((op) => ({
            opId: op.opId,
            sheetId: op.sheetId,
            criterion: op.criterion,
            value: op.value,
            expectedVersion: op.expectedVersion,
            ...(op.reason === undefined ? {} : { reason: op.reason }),
          })),
        });
        this.reachable = true;
        this.retryMs = RETRY_MIN_MS;
        await this.exclusive(() => this.settle(sent, answer));
      }
      this.lastSyncedAt = new Date().toISOString();
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
      if (round.length >= 200) break;
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
        await saveMark(op.sheetId, body.mark, body.sheetStatus);
        await deleteOp(op.opId);
        this.ops = this.ops.filter((o) => o.opId !== op.opId);
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
          await saveMark(op.sheetId, current);
          sheetsChanged = true;
        }
        await this.conflict(op, current);
        continue;
      }
      await this.save({
        ...op,
        state: 'rejected',
        error: { status: result.status, code: body.code, message: body.message },
      });
    }
    if (sheetsChanged) this.sheetsChanged++;
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
    await replaceOps(
      [{ ...latest, state: 'conflict', conflict: server }],
      chain.filter((o) => o.opId !== latest.opId).map((o) => o.opId),
    );
    await this.reload();
  }
}

export const outbox = new Outbox();
