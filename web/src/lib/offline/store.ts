/**
 * What the tablet keeps on itself (IndexedDB), so nothing typed is lost on a reload, a closed
 * tab, a crash or a dropped network: every mark entered, as an operation with its id, written
 * here before anything is sent; the sheets last seen from the server; the session and the
 * competition definitions. Pages read from here first and from the server when they can.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CurrentMark, Me, Sheet } from '@skills/server/contract';
import type { PendingOp } from './pending-op.ts';
import type { OutboxStore } from './ports.ts';

export interface StoredSheet {
  readonly id: string;
  readonly userId: string;
  readonly sheet: Sheet;
  readonly savedAt: string;
}

interface Schema extends DBSchema {
  ops: { key: string; value: PendingOp; indexes: { byUser: string } };
  sheets: { key: string; value: StoredSheet; indexes: { byUser: string } };
  kv: { key: string; value: unknown };
}

let opened: Promise<IDBPDatabase<Schema>> | null = null;

function database(): Promise<IDBPDatabase<Schema>> {
  opened ??= openDB<Schema>('skills-tablet', 1, {
    upgrade(db) {
      db.createObjectStore('ops', { keyPath: 'opId' }).createIndex('byUser', 'userId');
      db.createObjectStore('sheets', { keyPath: 'id' }).createIndex('byUser', 'userId');
      db.createObjectStore('kv');
    },
  });
  return opened;
}

export async function opsOf(userId: string): Promise<PendingOp[]> {
  const all = await (await database()).getAllFromIndex('ops', 'byUser', userId);
  return all.sort((a, b) => a.seq - b.seq);
}

/** Replaces some operations and removes others in one transaction. */
export async function replaceOps(
  put: readonly PendingOp[],
  remove: readonly string[],
): Promise<void> {
  const tx = (await database()).transaction('ops', 'readwrite');
  await Promise.all([
    ...put.map((op) => tx.store.put(op)),
    ...remove.map((id) => tx.store.delete(id)),
    tx.done,
  ]);
}

export async function sheetsOf(userId: string): Promise<Sheet[]> {
  const all = await (await database()).getAllFromIndex('sheets', 'byUser', userId);
  return all.map((s) => s.sheet);
}

export async function sheetById(id: string): Promise<Sheet | undefined> {
  return (await (await database()).get('sheets', id))?.sheet;
}

export async function saveSheets(userId: string, sheets: readonly Sheet[]): Promise<void> {
  const tx = (await database()).transaction('sheets', 'readwrite');
  const savedAt = new Date().toISOString();
  await Promise.all([
    ...sheets.map((sheet) => tx.store.put({ id: sheet.id, userId, sheet, savedAt })),
    tx.done,
  ]);
}

/** Records a mark the server accepted (or reported) into the stored copy of its sheet. */
export async function saveMark(
  sheetId: string,
  mark: CurrentMark,
  status?: Sheet['status'],
): Promise<Sheet | undefined> {
  const tx = (await database()).transaction('sheets', 'readwrite');
  const stored = await tx.store.get(sheetId);
  if (!stored) {
    await tx.done;
    return undefined;
  }
  const known = stored.sheet.marks.find((m) => m.criterion === mark.criterion);
  if (known && known.version >= mark.version) {
    await tx.done;
    return stored.sheet;
  }
  const sheet: Sheet = {
    ...stored.sheet,
    status: status ?? stored.sheet.status,
    marks: [...stored.sheet.marks.filter((m) => m.criterion !== mark.criterion), mark],
  };
  await tx.store.put({ ...stored, sheet, savedAt: new Date().toISOString() });
  await tx.done;
  return sheet;
}

/** The outbox's storage on the tablet. */
export const idbOutboxStore: OutboxStore = {
  opsOf,
  replaceOps,
  sheetById,
  saveSheet: (userId, sheet) => saveSheets(userId, [sheet]),
  async saveMark(sheetId, mark, status) {
    await saveMark(sheetId, mark, status);
  },
};

export async function getValue<T>(key: string): Promise<T | undefined> {
  return (await (await database()).get('kv', key)) as T | undefined;
}

export async function setValue(key: string, value: unknown): Promise<void> {
  await (await database()).put('kv', value, key);
}

export async function deleteValue(key: string): Promise<void> {
  await (await database()).delete('kv', key);
}

export const SESSION_KEY = 'session';
export interface StoredSession {
  readonly me: Me;
  readonly savedAt: string;
}
