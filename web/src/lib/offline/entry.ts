/**
 * What a value the judge confirmed does to the tablet's changes to one mark, as a pure plan
 * the outbox stores: queued (a new operation, or the unsent one replaced), nothing (the field
 * already holds it), or held as a conflict (it was typed against a version the device has since
 * seen replaced: it is never sent as it is).
 */
import type { MarkValue } from '@skills/server/contract';
import type { LocalMark } from '../sheet-view.ts';
import { textOf, type PendingOp } from './pending-op.ts';
import { noMark } from './reconcile.ts';

/** What became of a confirmed value: queued to send, nothing to send, or held as a conflict. */
export type EnterOutcome = 'queued' | 'unchanged' | 'conflict';

/** Operations to store and to remove, and what that means for the judge. */
export interface Plan {
  readonly put: readonly PendingOp[];
  readonly remove: readonly string[];
  readonly outcome: EnterOutcome;
}

/** The fields of a new operation that an entry decides; the outbox adds id, order and owner. */
export type NewOp = (
  fields: Pick<PendingOp, 'value' | 'expectedVersion' | 'createdAt' | 'state'> &
    Partial<Pick<PendingOp, 'reason' | 'conflict'>>,
) => PendingOp;

const nothing: Plan = { put: [], remove: [], outcome: 'unchanged' };

/**
 * A value confirmed against the version the field shows (field.base). chain: the mark's
 * changes that are not refused, oldest first.
 */
export function confirmPlan(
  field: LocalMark,
  chain: readonly PendingOp[],
  value: MarkValue | null,
  reason: string | undefined,
  at: string,
  fresh: NewOp,
): Plan {
  const last = chain.at(-1);
  const text = textOf(value);
  if (text === field.text && last?.state !== 'conflict') return nothing;
  if (last && (last.state === 'conflict' || !last.attempted)) {
    // Not sent yet, or waiting for the judge's decision: the change replaces it.
    if (last.state === 'pending' && chain.length === 1 && text === (field.server?.value ?? null)) {
      return { put: [], remove: [last.opId], outcome: 'unchanged' }; // back to the server's
    }
    return {
      put: [{ ...last, value, reason, createdAt: at }],
      remove: [],
      outcome: last.state === 'conflict' ? 'conflict' : 'queued',
    };
  }
  // After what is in flight (the version it makes), or over the server's mark.
  const op = fresh({ value, expectedVersion: field.base, createdAt: at, state: 'pending', reason });
  return { put: [op], remove: [], outcome: 'queued' };
}

/**
 * A value typed against version base, older than the field's: put against what the field
 * holds now, for the judge to settle, or dropped when it agrees with it.
 */
export function holdPlan(
  field: LocalMark,
  chain: readonly PendingOp[],
  value: MarkValue | null,
  base: number,
  at: string,
  fresh: NewOp,
): Plan {
  if (textOf(value) === field.text) return nothing;
  const last = chain.at(-1);
  if (last?.state === 'conflict') {
    // Already put against the server's value: the judge's latest value is the one shown.
    return {
      put: [{ ...last, value, createdAt: at || last.createdAt }],
      remove: [],
      outcome: 'conflict',
    };
  }
  const op = fresh({
    value,
    expectedVersion: base,
    createdAt: at,
    state: 'conflict',
    conflict: field.server ?? noMark(field.criterion),
  });
  return { put: [op], remove: [], outcome: 'conflict' };
}
