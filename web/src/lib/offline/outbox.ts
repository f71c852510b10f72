/**
 * The tablet's outbox, without the browser: every mark change is stored on the device with its
 * operation id and the version it was typed against before anything is sent, then sent in the
 * background whenever the server can be reached, and kept until the server has answered it.
 * Its storage and its way to the server are given to it (ports.ts), so the unit tests drive it
 * on in-memory fakes; outbox.svelte.ts gives it IndexedDB and fetch and makes its state reactive.
 *
 * The rule it keeps: nothing is sent over a version of a mark the judge has not seen.
 * - A change carries the version it was typed against. One typed against an older version than
 *   the tablet knows is not queued: it is a conflict (or dropped when it agrees) (entry.ts).
 * - A change to a mark whose previous change has not been sent yet replaces that change (same
 *   operation, new value); once an operation may have reached the server, it never changes, and
 *   a further change becomes a new operation that expects the version after it.
 * - Each round sends at most one operation per mark, oldest first, so a chain of changes to one
 *   mark arrives in order.
 * - The server refusing an operation because the mark changed meanwhile (stale_version) is a
 *   conflict: the judge sees both values with who and when and keeps one. Nothing is
 *   overwritten silently, and later changes to that mark wait for the decision.
 * - Any other refusal (the sheet was verified meanwhile …) is kept with its code, shown in the
 *   judge's language until dismissed, and never sent again; changes typed on top of it go with it.
 * - No answer (offline, a lost answer, server down) keeps everything and tries again with
 *   backoff; before deciding anything after that, or when the network comes back, the outbox
 *   reads the sheets concerned (marks, versions, status) from the server (reconcile.ts).
 *
 * Its state changes at once, in memory, when something happens (a value confirmed, an answer
 * read), so a page always sees the judge's own last change; the device's storage follows in
 * the same order, and a call resolves once its change is stored. An operation is stored as sent
 * before it is sent.
 */
import type { CurrentMark, MarkBatchAnswer, MarkValue, Sheet } from '@skills/server/contract';
import { ApiError, unanswered } from '../api.ts';
import { newId } from '../ids.ts';
import { localMarks, withNewest, type LocalMark } from '../sheet-view.ts';
import { answerFate } from './answers.ts';
import { confirmPlan, holdPlan, type EnterOutcome, type NewOp, type Plan } from './entry.ts';
import { keyOf, textOf, type OpError, type PendingOp } from './pending-op.ts';
import type { OutboxStore, StartTimer, Transport } from './ports.ts';
import { fateOnRead } from './reconcile.ts';
import { submitSheet, type SubmitOutcome } from './submit.ts';

export type { EnterOutcome } from './entry.ts';
export type { SubmitOutcome } from './submit.ts';

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
  /** Bumped when the network comes back, so pages listing sheets read the list again. */
  reconnects = 0;
  /**
   * The newest mark the outbox has seen, by sheet and criterion (keyOf). Changed in the same
   * step that removes an accepted operation, so a page showing withNewest(sheet, newest) never
   * falls back to an older version while it reloads its copy of the sheet.
   */
  newest: ReadonlyMap<string, CurrentMark> = new Map();

  private readonly deps: OutboxDeps;
  private readonly startTimer: StartTimer;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly listeners = new Set<() => void>();
  /** Sheets open on a page, by how many: read again when the network comes back. */
  private readonly followed = new Map<string, number>();
  /** Sheets whose state on the server the tablet must read before it decides anything more. */
  private readonly unsure = new Set<string>();
  private cancelTimer: (() => void) | null = null;
  /** The device's storage is written in the order the changes happened. */
  private stored: Promise<unknown> = Promise.resolve();
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
    const ops = await this.deps.store.opsOf(userId);
    this.ops = ops;
    this.userId = userId;
    this.needsLogin = false;
    this.seq = Math.max(this.seq, ...ops.map((o) => o.seq + 1));
    this.changed();
    this.schedule(0);
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.userId = null;
    this.ops = [];
    this.newest = new Map();
    this.unsure.clear();
    this.changed();
  }

  /** The judge signed in again: what waited for it goes now. */
  signedIn(): void {
    this.needsLogin = false;
    this.changed();
  }

  /** A page shows this sheet: it is read again when the network comes back. */
  follow(sheetId: string): () => void {
    this.followed.set(sheetId, (this.followed.get(sheetId) ?? 0) + 1);
    return () => {
      const n = (this.followed.get(sheetId) ?? 1) - 1;
      if (n > 0) this.followed.set(sheetId, n);
      else this.followed.delete(sheetId);
    };
  }

  /**
   * The network is back (or the tablet woke up): what happened meanwhile is not known, so the
   * open sheets and every sheet with changes are read before anything is sent.
   */
  reconnected(): Promise<void> {
    for (const op of this.ops) this.unsure.add(op.sheetId);
    for (const id of this.followed.keys()) this.unsure.add(id);
    this.retryMs = RETRY_MIN_MS;
    this.reconnects++;
    this.changed();
    return this.sync();
  }

  /** Operations of one sheet, oldest first. */
  opsOfSheet(sheetId: string): PendingOp[] {
    return this.ops.filter((o) => o.sheetId === sheetId);
  }

  /** The changes to one mark that are not refused, oldest first. */
  private chainOf(sheetId: string, criterion: string): PendingOp[] {
    const key = keyOf({ sheetId, criterion });
    return this.ops.filter((o) => keyOf(o) === key && o.state !== 'rejected');
  }

  /** What a field of the sheet holds now: the newest marks known, with the tablet's changes. */
  private fieldOf(sheet: Sheet, criterion: string): LocalMark | undefined {
    return localMarks(withNewest(sheet, this.newest), this.ops).get(criterion);
  }

  /** Makes new operations of one mark: id, entry order and owner. */
  private fresh(sheetId: string, criterion: string): NewOp {
    const userId = this.userId;
    if (userId === null) throw new Error('no judge is signed in');
    return (fields) => ({
      opId: this.newId(),
      seq: this.seq++,
      userId,
      sheetId,
      criterion,
      attempted: false,
      ...fields,
    });
  }

  private async apply(plan: Plan): Promise<EnterOutcome> {
    if (plan.put.length > 0 || plan.remove.length > 0) await this.write(plan.put, plan.remove);
    if (plan.outcome === 'queued') this.schedule(SETTLE_MS);
    return plan.outcome;
  }

  /**
   * Records a value the judge confirmed for one mark (null clears it), typed against version
   * base: at once in the outbox's state, on the device before this resolves, and sent when the
   * server can be reached. A base older than the mark's is held as a conflict instead.
   */
  enter(
    sheet: Sheet,
    criterion: string,
    value: MarkValue | null,
    options: { readonly base: number; readonly reason?: string | undefined },
  ): Promise<EnterOutcome> {
    const field = this.fieldOf(sheet, criterion);
    if (!field) return Promise.resolve('unchanged');
    const chain = this.chainOf(sheet.id, criterion);
    const at = this.now().toISOString();
    const fresh = this.fresh(sheet.id, criterion);
    return this.apply(
      options.base < field.base
        ? holdPlan(field, chain, value, options.base, at, fresh)
        : confirmPlan(field, chain, value, options.reason, at, fresh),
    );
  }

  /**
   * A draft the judge typed and has not confirmed, once its base is older than the field's:
   * held as a conflict for the judge (never sent as it is), or dropped when it agrees with the
   * field. A draft that is still current is left to the page ('current').
   */
  async holdStale(
    sheet: Sheet,
    criterion: string,
    value: MarkValue | null,
    draft: { readonly base: number; readonly at: string },
  ): Promise<'conflict' | 'dropped' | 'current'> {
    const field = this.fieldOf(sheet, criterion);
    if (!field || draft.base >= field.base) return 'current';
    const chain = this.chainOf(sheet.id, criterion);
    const at = draft.at || this.now().toISOString();
    const plan = holdPlan(field, chain, value, draft.base, at, this.fresh(sheet.id, criterion));
    return (await this.apply(plan)) === 'conflict' ? 'conflict' : 'dropped';
  }

  /**
   * Settles a conflict: 'mine' sends the tablet's value over the server's version the judge was
   * shown; 'theirs' drops the tablet's value and keeps the server's, on the device too.
   */
  async resolve(opId: string, keep: 'mine' | 'theirs', reason: string): Promise<void> {
    const op = this.ops.find((o) => o.opId === opId);
    if (!op || op.state !== 'conflict') return;
    if (keep === 'theirs') {
      const theirs = op.conflict;
      if (theirs && theirs.version > 0) {
        this.note(op.sheetId, [theirs]);
        this.sheetsChanged++;
        void this.store(() => this.deps.store.saveMark(op.sheetId, theirs));
      }
      await this.write([], [opId]);
      return;
    }
    // The refused operation was never stored by the server; a new id keeps the ledger's
    // one-id-one-request rule plain.
    const mine: PendingOp = {
      ...op,
      opId: this.newId(),
      expectedVersion: op.conflict?.version ?? op.expectedVersion,
      reason,
      attempted: false,
      state: 'pending',
      conflict: undefined,
    };
    this.schedule(0);
    await this.write([mine], [opId]);
  }

  /** The judge has read a refusal: the refused value is discarded, and nothing is sent. */
  async dismiss(opId: string): Promise<void> {
    if (this.ops.some((o) => o.opId === opId && o.state === 'rejected')) {
      await this.write([], [opId]);
    }
  }

  /**
   * Reads a sheet from the server and keeps it on the device, settling the tablet's changes to
   * it against it (reconcile.ts). Undefined when the server cannot be reached: it is read again
   * once it can, before anything is sent.
   */
  async refresh(sheetId: string): Promise<Sheet | undefined> {
    let sheet: Sheet;
    try {
      sheet = await this.deps.transport.fetchSheet(sheetId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.needsLogin = true;
      if (!unanswered(error)) throw error;
      this.unsure.add(sheetId);
      this.unreachable();
      return undefined;
    }
    this.reachable = true;
    this.unsure.delete(sheetId);
    await this.adopt(sheet);
    return sheet;
  }

  /** Signs a sheet; a lost answer is checked with the server (submit.ts). */
  submit(sheet: Sheet, pin: string): Promise<SubmitOutcome> {
    return submitSheet(
      {
        transport: this.deps.transport,
        refresh: (id) => this.refresh(id),
        keep: (signed) => {
          this.reachable = true;
          return this.adopt(signed);
        },
      },
      sheet,
      pin,
    );
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

  /** No answer: try again later, with backoff. */
  private unreachable(): void {
    this.reachable = false;
    this.schedule(this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.changed();
  }

  /** Writes to the device's storage after every write before it; resolves once it is done. */
  private store(write: () => Promise<unknown>): Promise<void> {
    const done = this.stored.then(write, write).then(() => undefined);
    this.stored = done.catch(() => undefined);
    return done;
  }

  /** Remembers marks the server reported; only newer versions replace what is known. */
  private note(sheetId: string, marks: readonly CurrentMark[]): void {
    let next: Map<string, CurrentMark> | null = null;
    for (const mark of marks) {
      const key = keyOf({ sheetId, criterion: mark.criterion });
      if ((this.newest.get(key)?.version ?? -1) >= mark.version) continue;
      next ??= new Map(this.newest);
      next.set(key, mark);
    }
    if (next) this.newest = next;
  }

  /**
   * Puts some operations and removes others: at once in the state (shown in entry order), then
   * on the device; resolves once stored.
   */
  private write(put: readonly PendingOp[], remove: readonly string[]): Promise<void> {
    const gone = new Set([...remove, ...put.map((o) => o.opId)]);
    this.ops = [...this.ops.filter((o) => !gone.has(o.opId)), ...put].sort((a, b) => a.seq - b.seq);
    this.changed();
    return this.store(() => this.deps.store.replaceOps(put, remove));
  }

  private async drain(): Promise<void> {
    if (this.userId === null || this.needsLogin) return;
    this.syncing = true;
    this.changed();
    // Operations without a usable answer this time: tried again later, not in a tight loop.
    const later = new Set<string>();
    try {
      for (;;) {
        if (this.unsure.size > 0) await this.readUnsure();
        const sent = this.nextRound(later).map((op) => ({ ...op, attempted: true }));
        if (sent.length === 0) {
          if (this.unsure.size === 0) break;
          continue;
        }
        // Stored as sent before it is sent: from then on it never changes.
        await this.write(sent, []);
        let answer: MarkBatchAnswer;
        try {
          answer = await this.deps.transport.sendBatch(
            sent.map((op) => ({
              opId: op.opId,
              sheetId: op.sheetId,
              criterion: op.criterion,
              value: op.value,
              expectedVersion: op.expectedVersion,
              ...(op.reason === undefined ? {} : { reason: op.reason }),
            })),
          );
        } catch (error) {
          // The batch may have been carried out: its sheets are read before anything else.
          if (unanswered(error)) for (const op of sent) this.unsure.add(op.sheetId);
          throw error;
        }
        this.reachable = true;
        this.retryMs = RETRY_MIN_MS;
        await this.settle(sent, answer, later);
      }
      this.lastSyncedAt = this.now().toISOString();
      if (later.size > 0) this.schedule(RETRY_MIN_MS);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.needsLogin = true;
      else this.unreachable(); // nothing is lost: tried again later
    } finally {
      this.syncing = false;
      this.changed();
    }
  }

  /** Reads every sheet the tablet is unsure of; a sheet the server will not show is let go. */
  private async readUnsure(): Promise<void> {
    for (const sheetId of [...this.unsure]) {
      let sheet: Sheet;
      try {
        sheet = await this.deps.transport.fetchSheet(sheetId);
      } catch (error) {
        if (unanswered(error) || (error instanceof ApiError && error.status === 401)) throw error;
        this.unsure.delete(sheetId); // its operations get their own answers
        continue;
      }
      this.reachable = true;
      this.unsure.delete(sheetId);
      await this.adopt(sheet);
    }
  }

  /** Keeps the server's copy of a sheet and settles the tablet's changes to it against it. */
  private async adopt(sheet: Sheet): Promise<void> {
    if (this.userId === null) return;
    const userId = this.userId;
    this.note(sheet.id, sheet.marks);
    const writes: Promise<void>[] = [this.store(() => this.deps.store.saveSheet(userId, sheet))];
    const criteria = new Set(this.opsOfSheet(sheet.id).map((o) => o.criterion));
    for (const criterion of criteria) {
      const chain = this.chainOf(sheet.id, criterion);
      const fate = fateOnRead(sheet, chain);
      if (fate.kind === 'drop')
        writes.push(
          this.write(
            [],
            chain.map((o) => o.opId),
          ),
        );
      if (fate.kind === 'conflict') {
        writes.push(this.collapse(chain, { state: 'conflict', conflict: fate.server }));
      }
      if (fate.kind === 'refuse') {
        writes.push(this.collapse(chain, { state: 'rejected', error: fate.error }));
      }
    }
    this.sheetsChanged++;
    this.changed();
    await Promise.all(writes);
  }

  /**
   * A conflict or a refusal belongs to the mark, not to one operation: the judge's latest value
   * for it is the one put against the server's (or refused with it), and earlier ones go.
   */
  private collapse(
    chain: readonly PendingOp[],
    outcome:
      | { readonly state: 'conflict'; readonly conflict: CurrentMark }
      | { readonly state: 'rejected'; readonly error: OpError },
  ): Promise<void> {
    const latest = chain.at(-1);
    if (!latest) return Promise.resolve();
    return this.write(
      [{ ...latest, ...outcome }],
      chain.filter((o) => o.opId !== latest.opId).map((o) => o.opId),
    );
  }

  /** The oldest pending operation of each mark that has nothing waiting before it. */
  private nextRound(later: ReadonlySet<string>): PendingOp[] {
    const seen = new Set<string>();
    const round: PendingOp[] = [];
    for (const op of this.ops) {
      if (op.state === 'rejected') continue;
      const key = keyOf(op);
      if (seen.has(key)) continue;
      seen.add(key);
      if (op.state === 'pending' && !later.has(op.opId)) round.push(op);
      if (round.length >= ROUND_MAX) break;
    }
    return round;
  }

  /** Reads the answer to each operation sent, all at once in the state, then stores it. */
  private async settle(
    sent: readonly PendingOp[],
    answer: MarkBatchAnswer,
    later: Set<string>,
  ): Promise<void> {
    const byId = new Map(answer.results.map((r) => [r.opId, r]));
    const writes: Promise<unknown>[] = [];
    let sheetsChanged = false;
    for (const op of sent) {
      const fate = answerFate(op.criterion, byId.get(op.opId));
      const chain = this.chainOf(op.sheetId, op.criterion);
      switch (fate.kind) {
        case 'accepted': {
          const { mark, status } = fate;
          this.note(op.sheetId, [mark]);
          writes.push(this.store(() => this.deps.store.saveMark(op.sheetId, mark, status)));
          writes.push(this.write([], [op.opId]));
          sheetsChanged = true;
          break;
        }
        case 'retry':
          later.add(op.opId);
          break;
        case 'login':
          this.needsLogin = true;
          break;
        case 'stale': {
          const { current } = fate;
          if (current.version > 0) {
            this.note(op.sheetId, [current]);
            writes.push(this.store(() => this.deps.store.saveMark(op.sheetId, current)));
            sheetsChanged = true;
          }
          writes.push(
            textOf(chain.at(-1)?.value ?? null) === current.value
              ? this.write(
                  [],
                  chain.map((o) => o.opId),
                ) // the server holds it already
              : this.collapse(chain, { state: 'conflict', conflict: current }),
          );
          break;
        }
        case 'refused':
          writes.push(this.collapse(chain, { state: 'rejected', error: fate.error }));
          // A refusal says the sheet changed (verified, locked …): read it before anything else.
          this.unsure.add(op.sheetId);
          break;
      }
    }
    if (sheetsChanged) this.sheetsChanged++;
    this.changed();
    await Promise.all(writes);
  }
}
