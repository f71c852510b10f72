import { describe, expect, it } from 'vitest';
import {
  fitRows,
  intParam,
  nextPage,
  pageCount,
  pageOf,
  pageSeconds,
  pageSlice,
  revealOf,
} from './paging.ts';

const rows = Array.from({ length: 26 }, (_, i) => i);

describe('paging', () => {
  it('cuts the table into pages and turns back to the first after the last', () => {
    expect(pageCount(26, 12)).toBe(3);
    expect(pageCount(0, 12)).toBe(1);
    expect(pageSlice(rows, 0, 12)).toEqual(rows.slice(0, 12));
    expect(pageSlice(rows, 2, 12)).toEqual([24, 25]);
    expect(pageSlice(rows, 3, 12)).toEqual(rows.slice(0, 12));
    expect([0, 1, 2].map((p) => nextPage(p, 26, 12))).toEqual([1, 2, 0]);
    expect(nextPage(0, 5, 12)).toBe(0);
    expect(pageOf(12, 12)).toBe(1);
    expect(pageOf(11, 12)).toBe(0);
  });

  it('reads a whole number from a query parameter, within bounds', () => {
    expect(intParam('4', 12, 3, 30)).toBe(4);
    expect(intParam('1', 12, 3, 30)).toBe(3);
    expect(intParam('99', 12, 3, 30)).toBe(30);
    expect(intParam('x', 12, 3, 30)).toBe(12);
    expect(intParam(null, 12, 3, 30)).toBe(12);
    expect(intParam('-4', 12, 3, 30)).toBe(12);
  });
});

describe('revealOf', () => {
  const meta = (phase: 'reveal' | 'frozen', step: number, total: number) => ({
    name: 'x',
    phase,
    names: true,
    reveal: { step, total },
  });

  it('gives the row just revealed: the top of the revealed block at the bottom', () => {
    expect(revealOf(meta('reveal', 1, 6))).toEqual({
      step: 1,
      total: 6,
      newest: 5,
      from: 5,
      done: false,
    });
    expect(revealOf(meta('reveal', 6, 6))).toEqual({
      step: 6,
      total: 6,
      newest: 0,
      from: 0,
      done: true,
    });
  });

  it('is null outside the reveal', () => {
    expect(revealOf(meta('frozen', 0, 6))).toBeNull();
    expect(revealOf(null)).toBeNull();
    expect(revealOf({ name: 'x', phase: 'reveal', names: true, reveal: null })).toBeNull();
  });
});

describe('paging that fits the screen', () => {
  it('fits at least 20 rows at 1920×1080 (about 850 px of rows at 40 px units)', () => {
    expect(fitRows(850, 40, 350)).toBe(21);
    expect(fitRows(850, 40, 350)).toBeGreaterThanOrEqual(20);
    // A short table keeps big rows: 12 slots, not 21.
    expect(fitRows(850, 40, 6)).toBe(12);
    expect(fitRows(850, 40, 15)).toBe(15);
    // A small window still shows three rows; an unmeasured one the default.
    expect(fitRows(50, 40, 100)).toBe(3);
    expect(fitRows(0, 40, 100)).toBe(12);
  });

  it('turns the pages of long tables faster', () => {
    expect(pageSeconds(1)).toBe(10);
    expect(pageSeconds(4)).toBe(8);
    expect(pageSeconds(17)).toBe(5);
  });
});
