/**
 * One mark change the tablet holds until the server has answered it: the value, the version it
 * was typed against (so it never lands on a version the judge has not seen), and where it is on
 * its way (pending, in conflict with someone else's change, or refused).
 */
import type { CurrentMark, MarkValue } from '@skills/server/contract';
import { markText } from '@skills/server/contract';

/** One mark change waiting to reach the server, or refused by it and waiting for the judge. */
export interface PendingOp {
  readonly opId: string;
  /** Entry order on this device. */
  readonly seq: number;
  readonly userId: string;
  readonly sheetId: string;
  readonly criterion: string;
  readonly value: MarkValue | null;
  /** The version this change replaces: the one the judge typed it against. */
  readonly expectedVersion: number;
  readonly reason?: string | undefined;
  readonly createdAt: string;
  /** Set before the first send: from then on the server may know this opId, so it never changes. */
  readonly attempted: boolean;
  readonly state: 'pending' | 'conflict' | 'rejected';
  /** A conflict: the server's mark that this change would have replaced. */
  readonly conflict?: CurrentMark | undefined;
  /** A refusal other than a conflict (the sheet was submitted meanwhile, out of range …). */
  readonly error?: OpError | undefined;
}

/** The server's refusal of an operation: its code is what the judge is told, in their language. */
export interface OpError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** The mark an operation is a change to: a sheet's criterion. */
export const keyOf = (op: { readonly sheetId: string; readonly criterion: string }): string =>
  `${op.sheetId}|${op.criterion}`;

/** What a value looks like stored and shown; null when it clears the mark. */
export const textOf = (value: MarkValue | null): string | null =>
  value === null ? null : markText(value);
