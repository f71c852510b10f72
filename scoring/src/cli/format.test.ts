import { describe, expect, it } from 'vitest';
import { Rational } from '../index.ts';
import { describeTie, formatRational, formatSeconds } from './format.ts';
import { displayWidth, renderTable } from './text-table.ts';

describe('formatRational', () => {
  it('uses the rounding places and mode when the definition sets them', () => {
    expect(formatRational(Rational.of(262, 3), { places: 2, mode: 'halfUp' })).toBe('87.33');
    expect(formatRational(Rational.from('82'), { places: 2, mode: 'halfUp' })).toBe('82.00');
    expect(formatRational(Rational.from('7.125'), { places: 2, mode: 'truncate' })).toBe('7.12');
  });

  it('is exact when the decimal terminates, else 4 places and an ellipsis', () => {
    expect(formatRational(Rational.from('93.8'))).toBe('93.8');
    expect(formatRational(Rational.of(1, 8))).toBe('0.125');
    expect(formatRational(Rational.of(200, 3))).toBe('66.6667…');
    expect(formatRational(Rational.of(-1, 3))).toBe('-0.3333…');
  });

  it('shows seconds with at least the time precision, never rounding them', () => {
    expect(formatSeconds(Rational.from('61'), 2)).toBe('61.00');
    expect(formatSeconds(Rational.from('62.5'), 2)).toBe('62.50');
    expect(formatSeconds(Rational.from('62.125'), 2)).toBe('62.125');
    expect(formatSeconds(Rational.from('61'), 0)).toBe('61');
  });
});

describe('describeTie', () => {
  it('says nothing for the first row or a row below on score', () => {
    expect(describeTie({ kind: 'first' })).toBe('');
    expect(describeTie({ kind: 'score', above: 'A' })).toBe('');
  });

  it('names the row a rank is shared with', () => {
    expect(describeTie({ kind: 'shared', with: 'B' })).toBe('= B');
  });

  it('names the tie-break, 1-based, with the compared values', () => {
    const tie = {
      kind: 'tieBreak',
      above: 'E03',
      index: 0,
      rule: { by: 'module', module: 'practical', order: 'desc' },
      values: ['66.4', '64'],
    } as const;
    expect(describeTie(tie)).toBe('tie-break 1: module practical 66.4 > 64');
    expect(describeTie(tie, { places: 2, mode: 'halfUp' })).toBe(
      'tie-break 1: module practical 66.40 > 64.00',
    );
    expect(
      describeTie({
        kind: 'tieBreak',
        above: 'A',
        index: 1,
        rule: { by: 'time', criterion: 'run' },
        values: ['61.5', '200/3'],
      }),
    ).toBe('tie-break 2: time run 61.5 < 66.6667…');
    expect(
      describeTie({
        kind: 'tieBreak',
        above: 'A',
        index: 0,
        rule: { by: 'deductions' },
        values: ['1', null],
      }),
    ).toBe('tie-break 1: deductions 1 vs none');
  });
});

describe('text tables', () => {
  it('counts CJK characters as two columns', () => {
    expect(displayWidth('E01')).toBe(3);
    expect(displayWidth('王芳')).toBe(4);
    expect(displayWidth('欧阳娜娜 A')).toBe(10);
    expect(displayWidth('ＡＢ')).toBe(4);
  });

  it('aligns Chinese names and right-aligned numbers', () => {
    const text = renderTable(
      [{ header: 'Name' }, { header: 'Score', align: 'right' }],
      [
        ['王芳', '87.33'],
        ['欧阳娜娜', '9'],
        ['Bob', '100'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'Name      Score',
      '--------  -----',
      '王芳      87.33',
      '欧阳娜娜      9',
      'Bob         100',
    ]);
  });
});

describe('describeTie on count-back', () => {
  it('shows place counts as they are, never as fractions', () => {
    expect(
      describeTie({
        kind: 'tieBreak',
        above: 'T1',
        index: 0,
        rule: { by: 'placeCounts', places: 2 },
        values: ['2/1', '1/2'],
      }),
    ).toBe('tie-break 1: places 1–2 won 2/1 > 1/2');
  });
});
