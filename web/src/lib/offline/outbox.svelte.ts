/**
 * The outbox as the pages see it: the core (outbox.ts) given the tablet's IndexedDB and the API
 * (the one place they are injected), its state mirrored into runes so the sync bar, the sheet
 * list and the open sheet follow it, and the browser's network and visibility events wired in.
 */
import type { CurrentMark, MarkValue, Sheet } from '@skills/server/contract';
import { Outbox, type EnterOutcome, type SubmitOutcome } from './outbox.ts';
import { fetchTransport } from './fetch-transport.ts';
import type { PendingOp } from './pending-op.ts';
import { idbOutboxStore } from './store.ts';

export type SyncStatus = 'synced' | 'pending' | 'offline' | 'conflict';

class TabletOutbox {
  private readonly core = new Outbox({ store: idbOutboxStore, transport: fetchTransport });

  userId = $state<string | null>(null);
  /** The judge's stored operations are loaded: pages may weigh their drafts against them. */
  ready = $derived(this.userId !== null);
  /** The signed-in judge's operations: pending, in conflict, or refused. */
  ops = $state<readonly PendingOp[]>([]);
  /** Whether the last attempt to reach the server got an answer. */
  reachable = $state(true);
  browserOnline = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  syncing = $state(false);
  /** The session ended on the server: changes wait until the judge signs in again. */
  needsLogin = $state(false);
  lastSyncedAt = $state<string | null>(null);
  /** Bumped whenever a stored sheet changes, so pages showing one reload it. */
  sheetsChanged = $state(0);
  /** Bumped when the network comes back, so pages listing sheets read the list again. */
  reconnects = $state(0);
  /** The newest mark seen per sheet and criterion: pages show sheets withNewest(sheet, …). */
  newest = $state.raw<ReadonlyMap<string, CurrentMark>>(new Map());

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

  private detach: (() => void) | null = null;

  constructor() {
    this.core.onChange(() => {
      this.userId = this.core.userId;
      this.ops = this.core.ops;
      this.reachable = this.core.reachable;
      this.syncing = this.core.syncing;
      this.needsLogin = this.core.needsLogin;
      this.lastSyncedAt = this.core.lastSyncedAt;
      this.sheetsChanged = this.core.sheetsChanged;
      this.reconnects = this.core.reconnects;
      this.newest = this.core.newest;
    });
  }

  /** Loads the judge's stored operations and starts sending them. */
  async start(userId: string): Promise<void> {
    if (this.core.userId === userId && this.detach) return;
    this.detach?.();
    const online = (): void => {
      this.browserOnline = true;
      void this.core.reconnected();
    };
    const offline = (): void => {
      this.browserOnline = false;
    };
    const visible = (): void => {
      if (document.visibilityState === 'visible') void this.core.reconnected();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    document.addEventListener('visibilitychange', visible);
    this.detach = () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      document.removeEventListener('visibilitychange', visible);
    };
    await this.core.start(userId);
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
    this.core.stop();
  }

  signedIn(): void {
    this.core.signedIn();
  }

  opsOfSheet(sheetId: string): PendingOp[] {
    return this.ops.filter((o) => o.sheetId === sheetId);
  }

  enter(
    sheet: Sheet,
    criterion: string,
    value: MarkValue | null,
    options: { readonly base: number; readonly reason?: string | undefined },
  ): Promise<EnterOutcome> {
    return this.core.enter(sheet, criterion, value, options);
  }

  holdStale(
    sheet: Sheet,
    criterion: string,
    value: MarkValue | null,
    draft: { readonly base: number; readonly at: string },
  ): Promise<'conflict' | 'dropped' | 'current'> {
    return this.core.holdStale(sheet, criterion, value, draft);
  }

  follow(sheetId: string): () => void {
    return this.core.follow(sheetId);
  }

  refresh(sheetId: string): Promise<Sheet | undefined> {
    return this.core.refresh(sheetId);
  }

  submit(sheet: Sheet, pin: string): Promise<SubmitOutcome> {
    return this.core.submit(sheet, pin);
  }

  resolve(opId: string, keep: 'mine' | 'theirs', reason: string): Promise<void> {
    return this.core.resolve(opId, keep, reason);
  }

  dismiss(opId: string): Promise<void> {
    return this.core.dismiss(opId);
  }

  sync(): Promise<void> {
    return this.core.sync();
  }
}

export const outbox = new TabletOutbox();
