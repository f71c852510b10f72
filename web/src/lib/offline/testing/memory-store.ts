/**
 * The outbox's storage in memory, for unit tests: the same contract as the IndexedDB store
 * (store.ts), including "a mark is only ever replaced by a newer version".
 */
import type { CurrentMark, Sheet } from '@skills/server/contract';
import type { PendingOp } from '../pending-op.ts';
import type { OutboxStore } from '../ports.ts';

export class MemoryStore implements OutboxStore {
  readonly ops = new Map<string, PendingOp>();
  readonly sheets = new Map<string, Sheet>();
  /** While set, writes of operations wait: a slow device. */
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  /** Makes writes of operations wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  opsOf(userId: string): Promise<PendingOp[]> {
    return Promise.resolve(
      [...this.ops.values()].filter((o) => o.userId === userId).sort((a, b) => a.seq - b.seq),
    );
  }

  async replaceOps(put: readonly PendingOp[], remove: readonly string[]): Promise<void> {
    if (this.gate) await this.gate;
    for (const id of remove) this.ops.delete(id);
    for (const op of put) this.ops.set(op.opId, op);
  }

  sheetById(id: string): Promise<Sheet | undefined> {
    return Promise.resolve(this.sheets.get(id));
  }

  saveSheet(_userId: string, sheet: Sheet): Promise<void> {
    this.sheets.set(sheet.id, sheet);
    return Promise.resolve();
  }

  saveMark(sheetId: string, mark: CurrentMark, status?: Sheet['status']): Promise<void> {
    const sheet = this.sheets.get(sheetId);
    const known = sheet?.marks.find((m) => m.criterion === mark.criterion);
    if (sheet && !(known && known.version >= mark.version)) {
      this.sheets.set(sheetId, {
        ...sheet,
        status: status ?? sheet.status,
        marks: [...sheet.marks.filter((m) => m.criterion !== mark.criterion), mark],
      });
    }
    return Promise.resolve();
  }

  /** The stored value of one mark, as the tablet would show it with no change of its own. */
  markOf(sheetId: string, criterion: string): CurrentMark | undefined {
    return this.sheets.get(sheetId)?.marks.find((m) => m.criterion === criterion);
  }
}
