/**
 * One judge's sheet on a fake server and on the tablet, and an outbox between them, for the
 * outbox's unit tests: no timers (the tests call sync), ids and clock that repeat.
 */
import type { CurrentMark, MarkValue, Sheet } from '@skills/server/contract';
import { Outbox } from '../outbox.ts';
import { localMarks, type LocalMark } from '../../sheet-view.ts';
import { FakeLedger } from './fake-ledger.ts';
import { MemoryStore } from './memory-store.ts';

export const SHEET_ID = '00000000-0000-4000-8000-0000000000a1';
export const USER = 'user-j1';
export const CHIEF = '裁判长 (chief)';

export function sheetOf(over: Partial<Sheet> = {}): Sheet {
  return {
    id: SHEET_ID,
    competitionId: 'ev-test',
    event: 'battery',
    judge: 'J1',
    code: 'A07',
    status: 'draft',
    revision: 1,
    note: null,
    criteria: ['seal', 'balance', 'process'].map((id) => ({
      id,
      name: id,
      kind: 'points',
      module: 'practical',
      moduleName: 'Practical',
      min: '0.0',
      max: '40.0',
      step: '0.5',
    })),
    marks: [],
    ...over,
  };
}

export interface Bench {
  readonly ledger: FakeLedger;
  readonly store: MemoryStore;
  readonly outbox: Outbox;
  /** The device's copy of the sheet. */
  device(): Sheet;
  /** What the open sheet shows for a criterion: the device's copy with the tablet's changes. */
  field(criterion: string): LocalMark;
  /**
   * The judge types a value into a field and confirms it, against the version the field shows
   * now (as the sheet page does); a different base can be given.
   */
  type(
    criterion: string,
    value: MarkValue | null,
    base?: number,
    reason?: string,
  ): Promise<unknown>;
}

/** A sheet with the given marks on the server, the same copy on the tablet, the outbox started. */
export async function bench(
  marks: readonly CurrentMark[] = [],
  over: Partial<Sheet> = {},
): Promise<Bench> {
  const ledger = new FakeLedger();
  const store = new MemoryStore();
  const sheet = sheetOf({ marks: [...marks], ...over });
  ledger.sheets.set(sheet.id, structuredClone(sheet));
  await store.saveSheet(USER, structuredClone(sheet));
  let id = 0;
  let clock = Date.parse('2026-05-01T09:00:00.000Z');
  const outbox = new Outbox({
    store,
    transport: ledger,
    startTimer: () => () => undefined,
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
    now: () => new Date((clock += 1_000)),
  });
  await outbox.start(USER);
  const device = (): Sheet => {
    const stored = store.sheets.get(SHEET_ID);
    if (!stored) throw new Error('no sheet on the device');
    return stored;
  };
  const field = (criterion: string): LocalMark => {
    const m = localMarks(device(), outbox.ops).get(criterion);
    if (!m) throw new Error(`no criterion ${criterion}`);
    return m;
  };
  return {
    ledger,
    store,
    outbox,
    device,
    field,
    type: (criterion, value, base, reason) =>
      outbox.enter(device(), criterion, value, { base: base ?? field(criterion).base, reason }),
  };
}

/** A mark as the server reports it. */
export function mark(
  criterion: string,
  value: string | null,
  version = 1,
  by = '裁判J1 (J1)',
): CurrentMark {
  return { criterion, version, value, by, at: '2026-05-01T08:00:00.000Z', reason: null };
}
