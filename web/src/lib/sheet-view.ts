/**
 * What a judge sees of a sheet: the server's marks with the tablet's own changes on top. Pure:
 * the same sheet and operations always give the same view (unit-tested).
 */
import type { CurrentMark, Sheet } from '@skills/server/contract';
import { markText } from '@skills/server/contract';
import type { PendingOp } from './offline/pending-op.ts';

export type MarkState = 'empty' | 'synced' | 'pending' | 'conflict';

export interface LocalMark {
  readonly criterion: string;
  /** What the judge sees in the field: the tablet's latest value, else the server's. */
  readonly text: string | null;
  readonly state: MarkState;
  /** The server's current mark, if any. */
  readonly server: CurrentMark | undefined;
  /** The tablet's latest change not yet accepted by the server. */
  readonly op: PendingOp | undefined;
  /**
   * The version a change typed now replaces: what the shown value was typed against. A value
   * kept with an older base than this was typed before someone else's change, and is never sent
   * as it is (offline/outbox.ts, offline/drafts.ts).
   */
  readonly base: number;
}

/** The version a change typed over what the field shows replaces. */
function baseOf(server: CurrentMark | undefined, op: PendingOp | undefined): number {
  if (!op) return server?.version ?? 0;
  // Over a conflict: the server's version it is put against; over a change: the one it makes.
  return op.state === 'conflict'
    ? (op.conflict?.version ?? op.expectedVersion)
    : op.expectedVersion + 1;
}

/** Every criterion of the sheet, in sheet order. Refused changes do not show as values. */
export function localMarks(sheet: Sheet, ops: readonly PendingOp[]): Map<string, LocalMark> {
  const out = new Map<string, LocalMark>();
  for (const c of sheet.criteria) {
    const server = sheet.marks.find((m) => m.criterion === c.id);
    const op = ops
      .filter((o) => o.sheetId === sheet.id && o.criterion === c.id && o.state !== 'rejected')
      .at(-1);
    const text = op ? (op.value === null ? null : markText(op.value)) : (server?.value ?? null);
    const state: MarkState = op
      ? op.state === 'conflict'
        ? 'conflict'
        : 'pending'
      : server?.value !== undefined && server.value !== null
        ? 'synced'
        : 'empty';
    out.set(c.id, { criterion: c.id, text, state, server, op, base: baseOf(server, op) });
  }
  return out;
}

/**
 * The sheet with any newer mark the outbox has seen since the sheet was read (newest: by
 * "sheetId|criterion"). Versions only grow, so the higher one is always the current one.
 */
export function withNewest(sheet: Sheet, newest: ReadonlyMap<string, CurrentMark>): Sheet {
  let marks: CurrentMark[] | null = null;
  for (const c of sheet.criteria) {
    const known = newest.get(`${sheet.id}|${c.id}`);
    const held = sheet.marks.find((m) => m.criterion === c.id);
    if (!known || (held && held.version >= known.version)) continue;
    marks ??= [...sheet.marks];
    marks = [...marks.filter((m) => m.criterion !== c.id), known];
  }
  return marks === null ? sheet : { ...sheet, marks };
}

export type SheetProgress = 'not_started' | Sheet['status'];

/** A draft with nothing on it, on the server or the tablet, has not been started. */
export function progressOf(sheet: Sheet, ops: readonly PendingOp[]): SheetProgress {
  if (sheet.status !== 'draft') return sheet.status;
  const marked = [...localMarks(sheet, ops).values()].some((m) => m.text !== null);
  return marked ? 'draft' : 'not_started';
}

/** Criteria with a value, of all the sheet's criteria. */
export function filled(sheet: Sheet, ops: readonly PendingOp[]): { done: number; of: number } {
  const marks = [...localMarks(sheet, ops).values()];
  return { done: marks.filter((m) => m.text !== null).length, of: marks.length };
}

/** Whether the judge may change marks on this sheet (drafts and returned sheets only). */
export const editable = (sheet: Sheet): boolean =>
  sheet.status === 'draft' || sheet.status === 'returned';
