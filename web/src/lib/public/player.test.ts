import { describe, expect, it } from 'vitest';
import { findRows } from './player.ts';
import { readRow } from './rows.ts';

const table = (event: string, ...rows: Record<string, unknown>[]) => ({
  event,
  rows: rows.map((r, position) => readRow({ competitor: '', position, ...r })),
});

describe('findRows', () => {
  const tables = [
    table(
      'a',
      { competitor: 'E1', bib: '001', name: '选手1', rank: 1 },
      { competitor: 'E2', bib: '002', rank: 2 },
    ),
    table('b', { competitor: 'E2', bib: '002', rank: 1 }),
    table('c', { competitor: '001', bib: '001', rank: 3 }, { competitor: '002', bib: '002' }),
  ];

  it('finds the contestant in each event table that holds them', () => {
    expect(findRows(tables, 'E2').map((f) => [f.event, f.row.rank, f.of])).toEqual([
      ['a', 2, 2],
      ['b', 1, 1],
    ]);
  });

  it('matches a bib only where the bib stands in for the name', () => {
    expect(findRows(tables, '001').map((f) => f.event)).toEqual(['c']);
    expect(findRows(tables, 'E1').map((f) => f.event)).toEqual(['a']);
    expect(findRows(tables, 'nobody')).toEqual([]);
  });
});
