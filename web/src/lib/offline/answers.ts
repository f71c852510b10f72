/**
 * What the server's answer to one operation of a batch means for the tablet: accepted (the
 * mark it made), try again (no answer for it, or the server failed), sign in again, stale (the
 * mark it would have replaced, from the answer), or refused for another reason (kept with its
 * code). Pure; the answer is read defensively, as it crossed a network.
 */
import type { CurrentMark, MarkBatchAnswer, Sheet } from '@skills/server/contract';
import type { OpError } from './pending-op.ts';
import { noMark } from './reconcile.ts';

export type AnswerFate =
  | { readonly kind: 'accepted'; readonly mark: CurrentMark; readonly status?: Sheet['status'] }
  | { readonly kind: 'retry' }
  | { readonly kind: 'login' }
  | { readonly kind: 'stale'; readonly current: CurrentMark }
  | { readonly kind: 'refused'; readonly error: OpError };

type Result = MarkBatchAnswer['results'][number];

const record = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : undefined;

/** A mark as an answer reports it, when it has the shape of one. */
export function readMark(x: unknown): CurrentMark | undefined {
  const m = record(x);
  if (!m || typeof m['criterion'] !== 'string' || typeof m['version'] !== 'number') {
    return undefined;
  }
  return {
    criterion: m['criterion'],
    version: m['version'],
    value: typeof m['value'] === 'string' ? m['value'] : null,
    by: typeof m['by'] === 'string' ? m['by'] : '',
    at: typeof m['at'] === 'string' ? m['at'] : '',
    reason: typeof m['reason'] === 'string' ? m['reason'] : null,
  };
}

const STATUSES: readonly string[] = ['draft', 'returned', 'submitted', 'verified', 'locked'];

export function answerFate(criterion: string, result: Result | undefined): AnswerFate {
  if (!result || result.status >= 500) return { kind: 'retry' };
  const body = record(result.body) ?? {};
  if (result.status >= 200 && result.status < 300) {
    const mark = readMark(body['mark']);
    if (!mark) return { kind: 'retry' }; // not an answer this tablet can read: ask again
    const status = body['sheetStatus'];
    return typeof status === 'string' && STATUSES.includes(status)
      ? { kind: 'accepted', mark, status: status as Sheet['status'] }
      : { kind: 'accepted', mark };
  }
  if (result.status === 401) return { kind: 'login' };
  const code = typeof body['code'] === 'string' ? body['code'] : 'unknown';
  if (code === 'stale_version') {
    return { kind: 'stale', current: readMark(body['current']) ?? noMark(criterion) };
  }
  const message = typeof body['message'] === 'string' ? body['message'] : '';
  return { kind: 'refused', error: { status: result.status, code, message } };
}
