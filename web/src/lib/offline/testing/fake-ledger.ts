/**
 * The server's side of the outbox, in memory, for unit tests: the marks ledger's rules as the
 * real one applies them (server/src/ledger/mark-writer.ts): one answer per operation id, a
 * resend gets the stored answer, a stale expected version is refused with the current mark, a
 * judge cannot change a submitted, verified or locked sheet. It can also go offline, or lose
 * the answer to a request it did carry out, and it logs every call.
 */
import type { CurrentMark, MarkBatchAnswer, MarkOp, Sheet } from '@skills/server/contract';
import { markText } from '@skills/server/contract';
import { ApiError, NetworkError } from '../../api.ts';
import type { Transport } from '../ports.ts';

export type Call =
  | { readonly kind: 'batch'; readonly ops: readonly MarkOp[] }
  | { readonly kind: 'sheet'; readonly sheetId: string }
  | { readonly kind: 'submit'; readonly sheetId: string };

type Result = MarkBatchAnswer['results'][number];

const refusal = (opId: string, status: number, code: string, extra = {}): Result => ({
  opId,
  status,
  body: { code, message: `refused: ${code}`, details: [], ...extra },
});

export class FakeLedger implements Transport {
  readonly sheets = new Map<string, Sheet>();
  readonly calls: Call[] = [];
  /** No answer to anything, as with no network. */
  offline = false;
  /** The next request of this kind is carried out, and its answer lost on the way back. */
  loseNext: Call['kind'] | null = null;
  /** The next n operations fail on the server (500), and are not carried out. */
  failingOps = 0;
  /** Called after each request is carried out, before its answer goes back. */
  afterCall: ((call: Call) => void) | null = null;
  /** The next request of this kind is lost on its way: never carried out, never answered. */
  dropNext: Call['kind'] | null = null;
  private readonly answers = new Map<string, Result>();
  private clock = Date.parse('2026-05-01T08:00:00.000Z');
  readonly pin = '123456';

  constructor(readonly judge = '裁判J1 (J1)') {}

  /** Another writer (the chief judge, the judge's other tablet) changes a mark. */
  write(
    sheetId: string,
    criterion: string,
    value: string | null,
    by: string,
    reason: string | null = null,
  ): CurrentMark {
    const sheet = this.sheet(sheetId);
    const previous = sheet.marks.find((m) => m.criterion === criterion);
    const mark: CurrentMark = {
      criterion,
      version: (previous?.version ?? 0) + 1,
      value,
      by,
      at: this.tick(),
      reason,
    };
    this.sheets.set(sheetId, {
      ...sheet,
      marks: [...sheet.marks.filter((m) => m.criterion !== criterion), mark],
    });
    return mark;
  }

  setStatus(sheetId: string, status: Sheet['status']): void {
    const sheet = this.sheet(sheetId);
    this.sheets.set(sheetId, { ...sheet, status, revision: sheet.revision + 1 });
  }

  batches(): MarkOp[][] {
    return this.calls.flatMap((c) => (c.kind === 'batch' ? [[...c.ops]] : []));
  }

  sent(): MarkOp[] {
    return this.batches().flat();
  }

  sendBatch(ops: readonly MarkOp[]): Promise<MarkBatchAnswer> {
    return this.answer({ kind: 'batch', ops }, () => ({
      results: ops.map((op) => this.apply(op)),
    }));
  }

  fetchSheet(sheetId: string): Promise<Sheet> {
    return this.answer({ kind: 'sheet', sheetId }, () => structuredClone(this.sheet(sheetId)));
  }

  submit(sheetId: string, revision: number, pin: string): Promise<Sheet> {
    return this.answer({ kind: 'submit', sheetId }, () => {
      const sheet = this.sheet(sheetId);
      if (pin !== this.pin) {
        throw new ApiError(401, { code: 'bad_credentials', message: 'wrong PIN', details: [] });
      }
      if (sheet.revision !== revision || !['draft', 'returned'].includes(sheet.status)) {
        throw new ApiError(409, { code: 'stale_revision', message: 'reload it', details: [] });
      }
      this.setStatus(sheetId, 'submitted');
      return structuredClone(this.sheet(sheetId));
    });
  }

  private answer<T>(call: Call, run: () => T): Promise<T> {
    this.calls.push(call);
    if (this.offline) return Promise.reject(new NetworkError('offline'));
    if (this.dropNext === call.kind) {
      this.dropNext = null;
      return Promise.reject(new NetworkError('the request was lost'));
    }
    let value: T;
    try {
      value = run();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.afterCall?.(call);
    if (this.loseNext === call.kind) {
      this.loseNext = null;
      return Promise.reject(new NetworkError('the answer was lost'));
    }
    return Promise.resolve(value);
  }

  private apply(op: MarkOp): Result {
    const stored = this.answers.get(op.opId);
    if (stored) return stored;
    if (this.failingOps > 0) {
      this.failingOps--;
      return refusal(op.opId, 500, 'server_error');
    }
    const sheet = this.sheets.get(op.sheetId);
    if (!sheet) return refusal(op.opId, 404, 'not_found');
    if (sheet.status === 'locked') return refusal(op.opId, 423, 'sheet_locked');
    if (sheet.status !== 'draft' && sheet.status !== 'returned') {
      return refusal(op.opId, 409, 'wrong_state');
    }
    const previous = sheet.marks.find((m) => m.criterion === op.criterion);
    if (sheet.status === 'returned' && previous !== undefined && op.reason === undefined) {
      return refusal(op.opId, 400, 'invalid_input');
    }
    if ((previous?.version ?? 0) !== op.expectedVersion) {
      return refusal(op.opId, 409, 'stale_version', {
        current: previous ?? { criterion: op.criterion, version: 0, value: null },
      });
    }
    const mark = this.write(
      op.sheetId,
      op.criterion,
      op.value === null ? null : markText(op.value),
      this.judge,
      op.reason ?? null,
    );
    const accepted: Result = {
      opId: op.opId,
      status: 201,
      body: { opId: op.opId, sheetId: op.sheetId, mark, sheetStatus: sheet.status },
    };
    this.answers.set(op.opId, accepted);
    return accepted;
  }

  private sheet(sheetId: string): Sheet {
    const sheet = this.sheets.get(sheetId);
    if (!sheet) throw new Error(`no sheet ${sheetId}`);
    return sheet;
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }
}
