/**
 * Whether a sheet may be signed: at least one criterion marked (a sheet with every criterion
 * empty says nothing, and signing it would put an empty row in the results as if it were a
 * score), and, for a batch signature, every criterion of the judge's assignment marked. A
 * criterion counts as marked when its current (highest) version has a value: a mark entered and
 * then cleared is empty again. Checked inside the submit's transaction, after the sheet's row is
 * locked, so it judges the marks the submit signs.
 */
import { eq } from 'drizzle-orm';
import { marks, type Tx } from '@skills/db';
import { ServiceError, detail } from '../errors/service-error.ts';
import { currentMarks } from '../ledger/current-marks.ts';

/** The criteria whose current mark on the sheet has a value. */
export async function markedCriteria(tx: Tx, sheetId: string): Promise<Set<string>> {
  const rows = await currentMarks(tx, eq(marks.sheetId, sheetId));
  return new Set(rows.filter((r) => r.value !== null).map((r) => r.criterion));
}

/**
 * Refuses a sheet that cannot be signed: `empty_sheet` when nothing is marked, and, when
 * `required` is given, `incomplete_sheet` naming each criterion without a value.
 */
export async function checkSignable(
  tx: Tx,
  sheetId: string,
  at: string,
  required?: readonly string[],
): Promise<void> {
  const marked = await markedCriteria(tx, sheetId);
  if (marked.size === 0) {
    throw new ServiceError(
      'empty_sheet',
      'every criterion of this sheet is empty: nothing to sign',
      {
        details: [detail(at, 'empty_sheet', 'enter at least one mark before signing')],
      },
    );
  }
  const missing = (required ?? []).filter((c) => !marked.has(c));
  if (missing.length > 0) {
    throw new ServiceError(
      'incomplete_sheet',
      `this sheet has no mark for ${missing.join(', ')}: sign it on its own, or complete it first`,
      {
        details: [detail(at, 'incomplete_sheet', `criteria without a mark: ${missing.join(', ')}`)],
        current: { missing },
      },
    );
  }
}
