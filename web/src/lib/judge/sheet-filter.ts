/**
 * The judge's sheet list filtered as a judge works through it: to do (open drafts), done
 * (signed), needs attention (returned by the chief judge, or a change in conflict or refused),
 * each sorted so the next sheet to mark comes first, and the progress "signed / all". Pure.
 */
import type { Sheet } from '@skills/server/contract';
import type { PendingOp } from '../offline/pending-op.ts';
import { filled } from '../sheet-view.ts';

export type SheetFilter = 'todo' | 'done' | 'attention';
export const SHEET_FILTERS: readonly SheetFilter[] = ['todo', 'attention', 'done'];

const SIGNED: readonly Sheet['status'][] = ['submitted', 'verified', 'locked'];

export function categoryOf(sheet: Sheet, ops: readonly PendingOp[]): SheetFilter {
  const unsettled = ops.some((o) => o.sheetId === sheet.id && o.state !== 'pending');
  if (sheet.status === 'returned' || unsettled) return 'attention';
  return SIGNED.includes(sheet.status) ? 'done' : 'todo';
}

const byCode = (a: Sheet, b: Sheet): number =>
  (a.code ?? '').localeCompare(b.code ?? '', 'en', { numeric: true });

/**
 * How soon a sheet is marked next, lower first: one begun and not finished, then one not
 * begun, then one complete and waiting for its signature.
 */
function urgency(sheet: Sheet, ops: readonly PendingOp[]): number {
  const { done, of } = filled(sheet, ops);
  if (done > 0 && done < of) return 0;
  return done === 0 ? 1 : 2;
}

/** The sheets in one filter, the next to mark first (ties by code). */
export function filterSheets(
  sheets: readonly Sheet[],
  ops: readonly PendingOp[],
  filter: SheetFilter,
): Sheet[] {
  const chosen = sheets.filter((s) => categoryOf(s, ops) === filter);
  if (filter !== 'todo') return chosen.sort(byCode);
  const keyed = chosen.map((s) => ({ s, u: urgency(s, ops) }));
  keyed.sort((a, b) => a.u - b.u || byCode(a.s, b.s));
  return keyed.map((k) => k.s);
}

/** How many sheets each filter holds. */
export function filterCounts(
  sheets: readonly Sheet[],
  ops: readonly PendingOp[],
): Record<SheetFilter, number> {
  const out: Record<SheetFilter, number> = { todo: 0, done: 0, attention: 0 };
  for (const s of sheets) out[categoryOf(s, ops)]++;
  return out;
}

/** Signed sheets of all of them: the "n / m" always in view. */
export function signedProgress(sheets: readonly Sheet[]): { done: number; of: number } {
  return { done: sheets.filter((s) => SIGNED.includes(s.status)).length, of: sheets.length };
}
