/**
 * What the outbox needs from the world, as interfaces: where it keeps operations and the
 * sheets last seen (IndexedDB on the tablet, memory in tests) and how it reaches the server
 * (fetch on the tablet, a fake ledger in tests). The production pair is injected once, in
 * outbox.svelte.ts; the unit tests inject in-memory fakes.
 */
import type { CurrentMark, MarkBatchAnswer, MarkOp, Sheet } from '@skills/server/contract';
import type { PendingOp } from './pending-op.ts';

/** The device's storage, as the outbox uses it. */
export interface OutboxStore {
  /** The judge's operations, oldest first. */
  opsOf(userId: string): Promise<PendingOp[]>;
  /** Writes some operations and removes others, all or nothing. */
  replaceOps(put: readonly PendingOp[], remove: readonly string[]): Promise<void>;
  sheetById(id: string): Promise<Sheet | undefined>;
  /** Keeps the server's copy of a sheet, replacing the device's. */
  saveSheet(userId: string, sheet: Sheet): Promise<void>;
  /** Records a mark the server accepted or reported into the stored sheet (newer versions only). */
  saveMark(sheetId: string, mark: CurrentMark, status?: Sheet['status']): Promise<void>;
}

/**
 * The server, as the outbox reaches it. A call with no answer (offline, timeout, proxy down)
 * throws NetworkError; a refusal of the whole request throws ApiError (both from api.ts).
 */
export interface Transport {
  /** One answer per operation, by id. */
  sendBatch(ops: readonly MarkOp[]): Promise<MarkBatchAnswer>;
  fetchSheet(sheetId: string): Promise<Sheet>;
  submit(sheetId: string, revision: number, pin: string): Promise<Sheet>;
}

/** Runs fn after ms milliseconds; returns how to cancel it. */
export type StartTimer = (fn: () => void, ms: number) => () => void;
