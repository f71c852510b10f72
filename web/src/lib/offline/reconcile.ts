/**
 * What becomes of the tablet's changes to one mark once it has read the server's copy of the
 * sheet (after a lost answer, a reconnect, opening the sheet). Pure, so the rules read in one
 * place: a change never sent that was typed against another version than the server's is a
 * conflict (or dropped when it agrees with the server); one on a sheet the judge can no longer
 * change is refused on the tablet; one already sent waits for its answer, which decides.
 */
import type { CurrentMark, Sheet } from '@skills/server/contract';
import { editable } from '../sheet-view.ts';
import { textOf, type OpError, type PendingOp } from './pending-op.ts';

export type ChainFate =
  | { readonly kind: 'keep' }
  /** The server holds the judge's value already: nothing to send or decide. */
  | { readonly kind: 'drop' }
  /** Put the judge's latest value against the server's mark. */
  | { readonly kind: 'conflict'; readonly server: CurrentMark }
  | { readonly kind: 'refuse'; readonly error: OpError };

/** A mark that does not exist yet, as a conflict's "server" side. */
export const noMark = (criterion: string): CurrentMark => ({
  criterion,
  version: 0,
  value: null,
  by: '',
  at: '',
  reason: null,
});

/** chain: the changes to one mark that are not refused, oldest first. */
export function fateOnRead(sheet: Sheet, chain: readonly PendingOp[]): ChainFate {
  const head = chain[0];
  const latest = chain.at(-1);
  if (!head || !latest) return { kind: 'keep' };
  if (head.state === 'pending' && head.attempted) return { kind: 'keep' };
  const server = sheet.marks.find((m) => m.criterion === head.criterion);
  const agrees = textOf(latest.value) === (server?.value ?? null);
  if (head.state === 'conflict') {
    if (agrees) return { kind: 'drop' };
    const theirs = head.conflict?.version ?? 0;
    return server && server.version !== theirs ? { kind: 'conflict', server } : { kind: 'keep' };
  }
  if (!editable(sheet)) {
    const locked = sheet.status === 'locked';
    return {
      kind: 'refuse',
      error: {
        status: locked ? 423 : 409,
        code: locked ? 'sheet_locked' : 'wrong_state',
        message: `the sheet is ${sheet.status}`,
      },
    };
  }
  if (head.expectedVersion === (server?.version ?? 0)) return { kind: 'keep' };
  return agrees ? { kind: 'drop' } : { kind: 'conflict', server: server ?? noMark(head.criterion) };
}
