import { describe, expect, it } from 'vitest';
import { bibBesideName, membersOf, rankText, readRow, resultOf, unitOf, who } from './rows.ts';

/** Rows as the public stream sends them (see server/src/standings/public-view.ts). */
const named = {
  competitor: 'E1',
  position: 0,
  bib: '001',
  name: '选手1',
  rank: 1,
  tie: { kind: 'first' },
  score: '76.8',
  status: 'ok',
  deductions: '0',
  delegation: '国网厦门',
  moduleScores: [
    { module: 'theory', score: '80', weighted: '16' },
    { module: 'practical', score: '76', weighted: '60.8' },
  ],
  flags: [{ code: 'incomplete' }, { code: 'gate', criterion: 'safety' }],
};
const nameless = {
  competitor: '002',
  position: 1,
  bib: '002',
  rank: 2,
  tie: {
    kind: 'tieBreak',
    above: 'E1',
    index: 0,
    rule: { by: 'module', module: 'practical', order: 'desc' },
    values: ['76', '75'],
  },
  score: '76.8',
  status: 'ok',
};
const delegation = {
  competitor: '国网厦门',
  position: 0,
  name: '国网厦门',
  delegation: '国网厦门',
  rank: 1,
  tie: { kind: 'first' },
  total: '230.4',
  parts: [{ event: 'battery', value: '230.4', rank: null }],
  status: 'ok',
};

describe('readRow', () => {
  it('reads the fields of a public row', () => {
    const row = readRow(named);
    expect(row).toMatchObject({
      key: 'E1',
      position: 0,
      rank: 1,
      name: '选手1',
      bib: '001',
      delegation: '国网厦门',
      status: 'ok',
      score: '76.8',
      tie: { kind: 'first' },
    });
    expect(row.modules).toEqual([
      { module: 'theory', score: '80', weighted: '16' },
      { module: 'practical', score: '76', weighted: '60.8' },
    ]);
    expect(row.flags).toEqual([
      { code: 'incomplete', criterion: null },
      { code: 'gate', criterion: 'safety' },
    ]);
  });

  it('reads a tie-break, and leaves out the id of the row above', () => {
    const tie = readRow(nameless).tie;
    expect(tie).toEqual({
      kind: 'tieBreak',
      index: 0,
      rule: { by: 'module', module: 'practical', order: 'desc' },
      values: ['76', '75'],
    });
    expect(JSON.stringify(tie)).not.toContain('E1');
  });

  it('takes odd input without throwing', () => {
    const row = readRow({ competitor: 'X', position: 3, rank: 'one', tie: { kind: '?' } });
    expect(row).toMatchObject({ key: 'X', rank: null, tie: null, status: 'ok', modules: [] });
  });
});

describe('who, bib and unit', () => {
  it('shows the name with the bib beside it, and the unit', () => {
    const row = readRow(named);
    expect(who(row)).toBe('选手1');
    expect(bibBesideName(row)).toBe('001');
    expect(unitOf(row)).toBe('国网厦门');
  });

  it('shows the bib alone when names are hidden', () => {
    const row = readRow(nameless);
    expect(who(row)).toBe('002');
    expect(bibBesideName(row)).toBeNull();
    expect(unitOf(row)).toBeNull();
  });

  it('does not repeat a delegation as its own unit, or as the unit of its team', () => {
    const row = readRow(delegation);
    expect(who(row)).toBe('国网厦门');
    expect(unitOf(row)).toBeNull();
    expect(unitOf(readRow({ ...delegation, competitor: 'T1', name: '国网厦门代表队' }))).toBeNull();
  });
});

describe('resultOf', () => {
  it('is the score, the overall total, or the time as a clock', () => {
    expect(resultOf(readRow(named))).toEqual({ kind: 'value', text: '76.8' });
    expect(resultOf(readRow(delegation))).toEqual({ kind: 'value', text: '230.4' });
    expect(
      resultOf(readRow({ competitor: 'T', position: 0, time: '62.35', status: 'ok', rank: 1 })),
    ).toEqual({ kind: 'value', text: '1:02.35' });
  });

  it('is a status for DNF/DNS/DQ, and pending before anything is scored', () => {
    expect(resultOf(readRow({ competitor: 'A', position: 0, status: 'DNF' }))).toEqual({
      kind: 'status',
      status: 'DNF',
    });
    const pending = readRow({ competitor: 'B', position: 1, status: 'pending' });
    expect(resultOf(pending)).toEqual({ kind: 'pending' });
    expect(rankText(pending)).toBe('–');
  });
});

describe('membersOf', () => {
  it("lists each team's members as the board names them, in table order", () => {
    const rows = [
      readRow({ competitor: 'A1', position: 0, name: '甲', team: 'T1', status: 'ok' }),
      readRow({ competitor: '02', position: 1, bib: '02', team: 'T2', status: 'ok' }),
      readRow({ competitor: 'A3', position: 2, name: '丙', team: 'T1', status: 'ok' }),
      readRow({ competitor: 'A4', position: 3, name: '丁', status: 'ok' }),
    ];
    expect([...membersOf(rows)]).toEqual([
      ['T1', ['甲', '丙']],
      ['T2', ['02']],
    ]);
  });
});
