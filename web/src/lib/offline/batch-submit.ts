/**
 * Signing a batch of sheets from the tablet with one PIN (POST …/sheets/submit). As with one
 * sheet (submit.ts), the answer can be lost on the way back while the server did sign: then the
 * tablet reads the judge's sheets before it says anything, and reports which of the asked
 * sheets the server shows signed; when it cannot read them yet, it says it does not know.
 */
import type { BatchSubmitAnswer, Sheet } from '@skills/server/contract';
import { ApiError, unanswered } from '../api.ts';

export interface BatchItem {
  readonly id: string;
  readonly revision: number;
}

export type BatchOutcome =
  /** The server answered per sheet. */
  | {
      readonly kind: 'answered';
      readonly submitted: readonly string[];
      readonly refused: readonly { readonly id: string; readonly code: string }[];
    }
  /** The answer was lost; the server, asked, shows these of the asked sheets signed. */
  | { readonly kind: 'checked'; readonly submitted: readonly string[] }
  /** The answer was lost and the server cannot be asked yet. */
  | { readonly kind: 'unknown' }
  /** The whole request was refused (a wrong PIN, a lockout): nothing was signed. */
  | { readonly kind: 'refused'; readonly code: string; readonly error: ApiError };

export interface BatchSubmitDeps {
  readonly send: (body: {
    sheets: readonly BatchItem[];
    pin: string;
  }) => Promise<BatchSubmitAnswer>;
  /**
   * Reads the judge's sheets from the server and keeps them on the device; undefined when the
   * server cannot be reached.
   */
  readonly reload: () => Promise<readonly Sheet[] | undefined>;
}

const SIGNED: readonly Sheet['status'][] = ['submitted', 'verified', 'locked'];

export async function submitBatch(
  deps: BatchSubmitDeps,
  items: readonly BatchItem[],
  pin: string,
): Promise<BatchOutcome> {
  let answer: BatchSubmitAnswer;
  try {
    answer = await deps.send({ sheets: items, pin });
  } catch (error) {
    if (error instanceof ApiError && !unanswered(error)) {
      return { kind: 'refused', code: error.code, error };
    }
    if (!unanswered(error)) throw error;
    const fresh = await deps.reload().catch(() => undefined);
    if (fresh === undefined) return { kind: 'unknown' };
    const asked = new Set(items.map((i) => i.id));
    return {
      kind: 'checked',
      submitted: fresh.filter((s) => asked.has(s.id) && SIGNED.includes(s.status)).map((s) => s.id),
    };
  }
  // The list shows what the server now holds: signed sheets, and the state of refused ones.
  await deps.reload().catch(() => undefined);
  const results = Array.isArray(answer.results) ? answer.results : [];
  return {
    kind: 'answered',
    submitted: results.filter((r) => r.status === 200).map((r) => r.id),
    refused: results
      .filter((r) => r.status !== 200)
      .map((r) => ({ id: r.id, code: r.error?.code ?? String(r.status) })),
  };
}
