import { describe, expect, it } from 'vitest';
import {
  filterRows,
  matches,
  normalize,
  pinKey,
  pinnedRow,
  readPin,
  terms,
  writePin,
  type PinStorage,
} from './filter.ts';
import { readRow } from './rows.ts';

const rows = [
  { competitor: 'c1', position: 0, name: '张伟', bib: 'A017', delegation: '广东省林业局', rank: 1 },
  { competitor: 'c2', position: 1, name: '李娜', bib: 'A018', delegation: '四川省森林消防总队' },
  { competitor: 'c3', position: 2, name: 'Wang Fang', bib: 'B101', delegation: '广东省林业局' },
  // Names hidden: the bib is the key, no name.
  { competitor: '205', position: 3, bib: '205', delegation: '云南省' },
].map(readRow);

const keys = (list: readonly { key: string }[]): string[] => list.map((r) => r.key);

describe('board search', () => {
  it('normalizes full-width text, case and spaces', () => {
    expect(normalize(' Ａ０１７ ')).toBe('a017');
    expect(normalize('Wang  Fang')).toBe('wangfang');
    expect(terms('  张  广东 ')).toEqual(['张', '广东']);
  });

  it('finds by name, bib, unit, delegation or key; every word must match', () => {
    expect(keys(filterRows(rows, '李娜'))).toEqual(['c2']);
    expect(keys(filterRows(rows, 'a01'))).toEqual(['c1', 'c2']);
    expect(keys(filterRows(rows, 'Ａ０１７'))).toEqual(['c1']);
    expect(keys(filterRows(rows, '广东'))).toEqual(['c1', 'c3']);
    expect(keys(filterRows(rows, '广东 wang'))).toEqual(['c3']);
    expect(keys(filterRows(rows, '205'))).toEqual(['205']);
    expect(keys(filterRows(rows, '上海'))).toEqual([]);
  });

  it('keeps every row, in order, for an empty query', () => {
    expect(filterRows(rows, '   ')).toBe(rows);
    expect(rows.every((r) => matches(r, ''))).toBe(true);
  });
});

class MemoryStorage implements PinStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

describe('my competitor', () => {
  it('is kept per competition, and cleared by unpinning', () => {
    const s = new MemoryStorage();
    expect(readPin(s, 'forest')).toBeNull();
    writePin(s, 'forest', 'c2');
    expect(readPin(s, 'forest')).toBe('c2');
    expect(readPin(s, 'battery')).toBeNull();
    expect(s.data.get(pinKey('forest'))).toBe('c2');
    writePin(s, 'forest', null);
    expect(readPin(s, 'forest')).toBeNull();
  });

  it('survives storage that refuses (private mode) or is missing', () => {
    const refusing: PinStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(() => {
      writePin(refusing, 'forest', 'c1');
    }).not.toThrow();
    expect(readPin(refusing, 'forest')).toBeNull();
    expect(readPin(null, 'forest')).toBeNull();
  });

  it('is found on the board by its key, or not at all', () => {
    expect(pinnedRow(rows, 'c3')?.name).toBe('Wang Fang');
    expect(pinnedRow(rows, 'gone')).toBeNull();
    expect(pinnedRow(rows, null)).toBeNull();
  });
});
