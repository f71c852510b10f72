/**
 * List entry: one criterion of one event, one row per sheet, for a judge who marks the same
 * criterion for many contestants (a finish-line timer, a penalty counter, a theory score). Pure:
 * which rows, in which order, which row a typed code names, where Enter goes next, and which
 * sheets one signature may take. The page keeps the values in the same outbox as the sheet view.
 */
import type { Sheet } from '@skills/server/contract';
import type { CriterionInfo } from '../mark-entry.ts';
import type { PendingOp } from '../offline/pending-op.ts';
import { editable, localMarks } from '../sheet-view.ts';

/**
 * Roster order is the order the server lists the judge's sheets in (by entrant, the order of the
 * roster the organizer imported); code order sorts the anonymised codes as numbers.
 */
export type ListOrder = 'roster' | 'code';

const byCode = (a: Sheet, b: Sheet): number =>
  (a.code ?? '').localeCompare(b.code ?? '', 'en', { numeric: true });

/**
 * The sheets read again (from the device's copy, which keeps them by id), in the order the page
 * already shows: rows never jump while the judge types down the list. New sheets go last.
 */
export function keepOrder(shown: readonly Sheet[], fresh: readonly Sheet[]): Sheet[] {
  const byId = new Map(fresh.map((s) => [s.id, s]));
  const kept = shown.flatMap((s) => {
    const next = byId.get(s.id);
    return next ? [next] : [];
  });
  const known = new Set(shown.map((s) => s.id));
  return [...kept, ...fresh.filter((s) => !known.has(s.id))];
}

/** The criteria the judge marks in an event (those on their sheets), in sheet order. */
export function listCriteria(sheets: readonly Sheet[], event: string): CriterionInfo[] {
  const out = new Map<string, CriterionInfo>();
  for (const s of sheets) {
    if (s.event !== event) continue;
    for (const c of s.criteria) if (!out.has(c.id)) out.set(c.id, c);
  }
  return [...out.values()];
}

/** The sheets of the event that carry the criterion, in the order asked. */
export function listRows(
  sheets: readonly Sheet[],
  event: string,
  criterion: string,
  order: ListOrder,
): Sheet[] {
  const rows = sheets.filter(
    (s) => s.event === event && s.criteria.some((c) => c.id === criterion),
  );
  return order === 'code' ? rows.sort(byCode) : rows;
}

/** A code as typed on any keyboard: full-width digits and letters read as ASCII, case ignored. */
export function normalCode(text: string): string {
  return text
    .trim()
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .toUpperCase();
}

/**
 * The row a typed code names: the sheet with exactly that code, else the only one whose code
 * starts with it (leading zeros may be left out: "7" finds "007" when no other code matches);
 * -1 when none or several match.
 */
export function findRow(rows: readonly Sheet[], typed: string): number {
  const want = normalCode(typed);
  if (want === '') return -1;
  const codes = rows.map((r) => normalCode(r.code ?? ''));
  const exact = codes.indexOf(want);
  if (exact >= 0) return exact;
  const unpadded = (c: string): string => c.replace(/^0+(?=.)/, '');
  const byNumber = codes.flatMap((c, i) => (unpadded(c) === unpadded(want) ? [i] : []));
  if (byNumber.length === 1) return byNumber[0] ?? -1;
  const prefixed = codes.flatMap((c, i) => (c.startsWith(want) ? [i] : []));
  return prefixed.length === 1 ? (prefixed[0] ?? -1) : -1;
}

/**
 * Whether a row is typed in the list: an open draft. A returned sheet is corrected on the sheet
 * itself, where the chief judge's note is read and each change to a mark gets its reason.
 */
export const listEditable = (sheet: Sheet): boolean => sheet.status === 'draft';

/**
 * Where Enter goes from row `from`: the next row the judge may still type in; -1 past the last.
 * Signed and returned sheets are passed over.
 */
export function nextRow(rows: readonly Sheet[], from: number): number {
  for (let i = from + 1; i < rows.length; i++) {
    const row = rows[i];
    if (row && listEditable(row)) return i;
  }
  return -1;
}

/** Why a sheet cannot go into a batch signature; null when it can. */
export type BatchBlock = 'signed' | 'incomplete' | 'attention';

export function batchBlock(sheet: Sheet, ops: readonly PendingOp[]): BatchBlock | null {
  if (!editable(sheet)) return 'signed';
  if (ops.some((o) => o.sheetId === sheet.id && o.state !== 'pending')) return 'attention';
  // A returned sheet is signed on its own: its note and reasons are read on the sheet.
  if (sheet.status === 'returned') return 'attention';
  const marks = [...localMarks(sheet, ops).values()];
  if (marks.length === 0 || marks.some((m) => m.text === null)) return 'incomplete';
  return null;
}

/** The judge's sheets one signature may take: open, every criterion marked, nothing to settle. */
export function batchCandidates(sheets: readonly Sheet[], ops: readonly PendingOp[]): Sheet[] {
  return sheets.filter((s) => batchBlock(s, ops) === null);
}
