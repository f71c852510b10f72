import { describe, expect, it } from 'vitest';
import { RankTracker, arrowText, arrowWords, rankDeltas } from './rank-change.ts';

const rows = (...ranks: [string, number | null][]) => ranks.map(([key, rank]) => ({ key, rank }));

describe('rankDeltas', () => {
  it('gives the places each competitor moved, up positive', () => {
    const before = new Map<string, number | null>([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', null],
    ]);
    const d = rankDeltas(before, rows(['c', 1], ['a', 2], ['b', 3], ['d', 4], ['e', 5]));
    expect([...d]).toEqual([
      ['c', 2],
      ['a', -1],
      ['b', -1],
    ]);
  });
});

describe('RankTracker', () => {
  it('shows no arrows for the first table it sees', () => {
    const t = new RankTracker(1000);
    expect(t.update(rows(['a', 1], ['b', 2]), 0).size).toBe(0);
  });

  it('shows ↑n / ↓n after a patch, for a while', () => {
    const t = new RankTracker(1000);
    t.update(rows(['a', 1], ['b', 2], ['c', 3]), 0);
    const after = t.update(rows(['c', 1], ['a', 2], ['b', 3]), 100);
    expect(arrowText(after.get('c') ?? { delta: 0, until: 0 })).toBe('↑2');
    expect(arrowText(after.get('a') ?? { delta: 0, until: 0 })).toBe('↓1');
    // An update that moves nobody keeps the arrows until they expire.
    expect(t.update(rows(['c', 1], ['a', 2], ['b', 3]), 500).size).toBe(3);
    expect(t.active(1099).size).toBe(3);
    expect(t.active(1100).size).toBe(0);
  });

  it('replaces an arrow with the newest move, and drops it for a row now unranked or gone', () => {
    const t = new RankTracker(1000);
    t.update(rows(['a', 1], ['b', 2], ['c', 3]), 0);
    t.update(rows(['b', 1], ['a', 2], ['c', 3]), 10);
    const next = t.update(rows(['a', 1], ['b', 2], ['c', null]), 20);
    expect(next.get('a')).toEqual({ delta: 1, until: 1020 });
    expect(next.get('b')).toEqual({ delta: -1, until: 1020 });
    expect(next.has('c')).toBe(false);
    expect(t.update(rows(['a', 1]), 30).has('b')).toBe(false);
  });

  it('gives no arrow to a competitor that arrives or gets its first rank', () => {
    const t = new RankTracker(1000);
    t.update(rows(['a', 1], ['b', null]), 0);
    expect(t.update(rows(['b', 1], ['a', 2], ['n', 3]), 10).size).toBe(1);
  });

  it('starts again after reset', () => {
    const t = new RankTracker(1000);
    t.update(rows(['a', 1], ['b', 2]), 0);
    t.reset();
    expect(t.update(rows(['b', 1], ['a', 2]), 10).size).toBe(0);
  });

  it('says the arrow in words with its number of places', () => {
    expect(arrowWords({ delta: 3, until: 0 })).toEqual({ key: 'pub.up', n: 3 });
    expect(arrowWords({ delta: -1, until: 0 })).toEqual({ key: 'pub.down', n: 1 });
  });
});
