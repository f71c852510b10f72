/**
 * What is typed and not confirmed yet is kept on the device with the version it was typed
 * against; once the server's mark has moved past that version, the draft is never sent as it
 * is: it becomes a conflict, or it is dropped when it agrees with what the field now shows.
 */
import { describe, expect, it } from 'vitest';
import { draftFate, storageDrafts, type Draft } from './drafts.ts';
import { CHIEF, SHEET_ID, bench, mark } from './testing/fixture.ts';
import type { LocalMark } from '../sheet-view.ts';

/** localStorage's surface, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      items.set(k, v);
    },
    removeItem: (k) => {
      items.delete(k);
    },
    clear: () => {
      items.clear();
    },
  };
}

const draft = (text: string, base: number): Draft => ({
  text,
  base,
  at: '2026-05-01T09:00:00.000Z',
});

const field = (text: string | null, base: number): LocalMark => ({
  criterion: 'seal',
  text,
  state: text === null ? 'empty' : 'synced',
  server: undefined,
  op: undefined,
  base,
});

describe('storageDrafts', () => {
  it("keeps each field's draft with its base, per sheet", () => {
    const storage = memoryStorage();
    const drafts = storageDrafts(() => storage);
    drafts.put(SHEET_ID, 'seal', draft('31', 1));
    drafts.put(SHEET_ID, 'balance', draft('', 2));
    drafts.put('another-sheet', 'seal', draft('9', 0));
    expect(drafts.all(SHEET_ID)).toEqual({ seal: draft('31', 1), balance: draft('', 2) });
    drafts.remove(SHEET_ID, 'seal');
    expect(Object.keys(storageDrafts(() => storage).all(SHEET_ID))).toEqual(['balance']);
  });

  it('reads a draft kept before drafts had a base as typed against no mark', () => {
    const storage = memoryStorage();
    storage.setItem(`skills.draft.${SHEET_ID}.seal`, '37');
    storage.setItem(`skills.draft.${SHEET_ID}.balance`, '{"text": 5}');
    expect(storageDrafts(() => storage).all(SHEET_ID)).toEqual({
      seal: { text: '37', base: 0, at: '' },
    });
  });

  it('does not fail when the browser refuses storage (private mode)', () => {
    const refuse = (): never => {
      throw new Error('SecurityError');
    };
    const broken: Storage = {
      get length(): number {
        return refuse();
      },
      key: refuse,
      getItem: refuse,
      setItem: refuse,
      removeItem: refuse,
      clear: refuse,
    };
    const drafts = storageDrafts(() => broken);
    expect(storageDrafts(refuse).all(SHEET_ID)).toEqual({});
    expect(() => {
      drafts.put(SHEET_ID, 'seal', draft('1', 0));
      drafts.remove(SHEET_ID, 'seal');
    }).not.toThrow();
    expect(drafts.all(SHEET_ID)).toEqual({});
  });
});

describe('draftFate', () => {
  it('keeps a draft typed against the version the field still shows', () => {
    expect(draftFate(draft('31', 1), field('30', 1))).toBe('keep');
  });

  it('keeps a draft while the page has not caught up with its own accepted change', () => {
    expect(draftFate(draft('31', 2), field('30', 1))).toBe('keep');
  });

  it('drops a stale draft that agrees with what the field now shows', () => {
    expect(draftFate(draft('28', 1), field('28', 2))).toBe('drop');
    expect(draftFate(draft(' 28 ', 1), field('28', 2))).toBe('drop');
    expect(draftFate(draft('', 1), field(null, 2))).toBe('drop');
  });

  it('makes a stale draft that differs a conflict', () => {
    expect(draftFate(draft('31', 1), field('28', 2))).toBe('conflict');
    expect(draftFate(draft('', 1), field('28', 2))).toBe('conflict');
  });
});

describe('Outbox.holdStale', () => {
  it("puts a stale draft against the server's mark, with who and when, and sends nothing", async () => {
    const b = await bench([mark('seal', '30', 1)]);
    const chief = b.ledger.write(SHEET_ID, 'seal', '28', CHIEF);
    await b.outbox.refresh(SHEET_ID);
    const held = await b.outbox.holdStale(b.device(), 'seal', '31', {
      base: 1,
      at: '2026-05-01T08:30:00.000Z',
    });
    expect(held).toBe('conflict');
    expect(b.outbox.ops).toMatchObject([
      {
        value: '31',
        expectedVersion: 1,
        createdAt: '2026-05-01T08:30:00.000Z',
        state: 'conflict',
        conflict: { value: '28', version: 2, by: CHIEF, at: chief.at },
      },
    ]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toEqual([]);
  });

  it("keeping the server's value over a stale draft keeps it", async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.write(SHEET_ID, 'seal', '28', CHIEF);
    await b.outbox.refresh(SHEET_ID);
    await b.outbox.holdStale(b.device(), 'seal', '31', { base: 1, at: '' });
    await b.outbox.resolve(b.outbox.ops[0]?.opId ?? '', 'theirs', 'kept');
    await b.outbox.sync();
    expect(b.ledger.sent()).toEqual([]);
    expect(b.field('seal')).toMatchObject({ text: '28', state: 'synced' });
  });

  it('drops a stale draft that agrees with the server, and leaves a current one alone', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    expect(await b.outbox.holdStale(b.device(), 'seal', '31', { base: 1, at: '' })).toBe('current');
    b.ledger.write(SHEET_ID, 'seal', '31', CHIEF);
    await b.outbox.refresh(SHEET_ID);
    expect(await b.outbox.holdStale(b.device(), 'seal', '31', { base: 1, at: '' })).toBe('dropped');
    expect(b.outbox.ops).toEqual([]);
  });
});
