import { describe, expect, it } from 'vitest';
import { MarkTable } from './mark-table.ts';

const judgesOf = (t: MarkTable, c: number): string[] => t.records(c).map((m) => m.judge);

describe('MarkTable', () => {
  it('keeps judges in order of first entry; a later mark by the same judge replaces its slot', () => {
    let t = MarkTable.empty([3, 1]);
    t = t.set(0, 'J2', 70, null, false);
    t = t.set(0, 'J1', 80, null, false);
    t = t.set(0, 'J2', 75, null, false);
    expect(t.records(0)).toEqual([
      { judge: 'J2', units: 75, status: null },
      { judge: 'J1', units: 80, status: null },
    ]);
    expect(t.find(0, 'J1')).toBeGreaterThanOrEqual(0);
    expect(t.find(1, 'J1')).toBe(-1);
  });

  it('grows a criterion past its room without disturbing the others', () => {
    let t = MarkTable.empty([1, 2]);
    t = t.set(1, 'A', 1, null, false);
    t = t.set(1, 'B', 2, null, false);
    for (const [k, j] of ['J1', 'J2', 'J3', 'J4', 'J5'].entries()) t = t.set(0, j, k, null, false);
    expect(judgesOf(t, 0)).toEqual(['J1', 'J2', 'J3', 'J4', 'J5']);
    expect(t.records(1).map((m) => m.units)).toEqual([1, 2]);
  });

  it('with copy, leaves the table it was given untouched (copy on write)', () => {
    const before = MarkTable.empty([2]).set(0, 'J1', 5, null, false);
    const after = before.set(0, 'J1', 6, null, true).set(0, 'J2', 7, null, true);
    expect(before.records(0)).toEqual([{ judge: 'J1', units: 5, status: null }]);
    expect(after.records(0).map((m) => m.units)).toEqual([6, 7]);
  });

  it('removes a mark into a new table, later marks moving up in order', () => {
    let t = MarkTable.empty([3]);
    for (const j of ['J1', 'J2', 'J3']) t = t.set(0, j, Number(j.slice(1)), null, false);
    const removed = t.remove(0, 'J2');
    expect(removed && judgesOf(removed, 0)).toEqual(['J1', 'J3']);
    expect(judgesOf(t, 0)).toEqual(['J1', 'J2', 'J3']);
    expect(t.remove(0, 'J9')).toBeUndefined();
  });

  it('stores statuses beside marks and clears them when a mark replaces them', () => {
    let t = MarkTable.empty([2]);
    t = t.set(0, 'T1', 6235, null, false);
    t = t.set(0, 'T2', 0, 'DNF', false);
    expect(t.records(0).map((m) => m.status)).toEqual([null, 'DNF']);
    t = t.set(0, 'T2', 6240, null, true);
    expect(t.records(0).map((m) => [m.units, m.status])).toEqual([
      [6235, null],
      [6240, null],
    ]);
  });
});
