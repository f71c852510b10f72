import { describe, expect, it } from 'vitest';
import type { Sheet } from '@skills/server/contract';
import type { PendingOp } from '../offline/pending-op.ts';
import {
  batchBlock,
  batchCandidates,
  findRow,
  keepOrder,
  listCriteria,
  listEditable,
  listRows,
  nextRow,
  normalCode,
} from './list-entry.ts';

const criterion = (id: string, kind = 'time'): Sheet['criteria'][number] => ({
  id,
  name: id,
  kind,
  module: 'run',
  moduleName: 'Run',
  min: '0',
  max: null,
  step: '0.01',
});

let n = 0;
function sheet(code: string, over: Partial<Sheet> = {}): Sheet {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    competitionId: 'forest',
    event: 'run',
    judge: 'J10',
    code,
    status: 'draft',
    revision: 1,
    note: null,
    criteria: [criterion('time')],
    marks: [],
    ...over,
  };
}

const timed = (s: Sheet, value: string | null): Sheet => ({
  ...s,
  marks: [{ criterion: 'time', version: 1, value, by: 'J10', at: '', reason: null }],
});

function op(s: Sheet, state: PendingOp['state'], value: string | null = '23:10.5'): PendingOp {
  return {
    opId: `op-${s.id}`,
    seq: 1,
    userId: 'u',
    sheetId: s.id,
    criterion: 'time',
    value,
    expectedVersion: 0,
    createdAt: '',
    attempted: false,
    state,
  };
}

describe('list rows', () => {
  const a = sheet('042');
  const b = sheet('007');
  const c = sheet('113', { event: 'pump' });
  const d = sheet('015', { criteria: [criterion('drop', 'penalty')] });

  it('lists the sheets of an event carrying the criterion, in roster or code order', () => {
    expect(listRows([a, b, c, d], 'run', 'time', 'roster').map((s) => s.code)).toEqual([
      '042',
      '007',
    ]);
    expect(listRows([a, b, c, d], 'run', 'time', 'code').map((s) => s.code)).toEqual([
      '007',
      '042',
    ]);
    expect(listRows([a, b, c, d], 'run', 'drop', 'code').map((s) => s.code)).toEqual(['015']);
  });

  it('names the criteria the judge marks in the event, once each', () => {
    expect(listCriteria([a, b, c, d], 'run').map((x) => x.id)).toEqual(['time', 'drop']);
    expect(listCriteria([a, b], 'wind')).toEqual([]);
  });
});

describe('rows keep their places', () => {
  it('keeps the order shown when the sheets are read again in another order', () => {
    const a = sheet('003');
    const b = sheet('001');
    const c = sheet('002');
    const d = sheet('000');
    const signed = { ...b, status: 'submitted' as const };
    expect(keepOrder([a, b, c], [signed, c, d, a]).map((s) => [s.code, s.status])).toEqual([
      ['003', 'draft'],
      ['001', 'submitted'],
      ['002', 'draft'],
      ['000', 'draft'],
    ]);
    // A sheet no longer there is gone.
    expect(keepOrder([a, b, c], [c]).map((s) => s.code)).toEqual(['002']);
  });
});

describe('finding a row by its code', () => {
  const rows = [sheet('007'), sheet('070'), sheet('A12'), sheet('108')];

  it('finds the exact code, full-width or lower case as typed', () => {
    expect(findRow(rows, '070')).toBe(1);
    expect(findRow(rows, '０７０')).toBe(1);
    expect(findRow(rows, 'a12')).toBe(2);
    expect(normalCode(' ａ１２ ')).toBe('A12');
  });

  it('reads a number without its leading zeros, and a unique beginning', () => {
    expect(findRow(rows, '7')).toBe(0);
    expect(findRow(rows, '10')).toBe(3);
  });

  it('finds nothing for an unknown, empty or ambiguous code', () => {
    expect(findRow(rows, '999')).toBe(-1);
    expect(findRow(rows, '')).toBe(-1);
    expect(findRow(rows, '0')).toBe(-1); // 007 and 070
  });
});

describe('Enter moves to the next row', () => {
  it('passes over signed and returned sheets, and stops after the last', () => {
    const rows = [
      sheet('001'),
      sheet('002', { status: 'submitted' }),
      sheet('003', { status: 'returned' }),
      sheet('004'),
    ];
    expect(nextRow(rows, 0)).toBe(3);
    expect(nextRow(rows, 3)).toBe(-1);
    expect(nextRow(rows, -1)).toBe(0);
    expect(rows.map(listEditable)).toEqual([true, false, false, true]);
  });
});

describe('what one signature may take', () => {
  it('takes open sheets with every criterion marked, on the server or on the tablet', () => {
    const onServer = timed(sheet('001'), '23:10.50');
    const typed = sheet('002');
    const empty = sheet('003');
    const cleared = timed(sheet('004'), null);
    const ops = [op(typed, 'pending')];
    expect(batchCandidates([onServer, typed, empty, cleared], ops).map((s) => s.code)).toEqual([
      '001',
      '002',
    ]);
    expect(batchBlock(empty, ops)).toBe('incomplete');
    expect(batchBlock(cleared, ops)).toBe('incomplete');
  });

  it('leaves out signed sheets, returned ones and any with a conflict or a refusal', () => {
    const signed = timed(sheet('001', { status: 'submitted' }), '23:10.50');
    const returned = timed(sheet('002', { status: 'returned' }), '23:10.50');
    const conflict = timed(sheet('003'), '23:10.50');
    const refused = timed(sheet('004'), '23:10.50');
    const cleared = timed(sheet('005'), '23:10.50');
    const ops = [op(conflict, 'conflict'), op(refused, 'rejected'), op(cleared, 'pending', null)];
    expect(batchBlock(signed, ops)).toBe('signed');
    expect(batchBlock(returned, ops)).toBe('attention');
    expect(batchBlock(conflict, ops)).toBe('attention');
    expect(batchBlock(refused, ops)).toBe('attention');
    // A value cleared on the tablet and not sent yet: the sheet is no longer complete.
    expect(batchBlock(cleared, ops)).toBe('incomplete');
  });
});
