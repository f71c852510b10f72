import { describe, expect, it } from 'vitest';
import type { Sheet } from '@skills/server/contract';
import type { PendingOp } from '../offline/pending-op.ts';
import { categoryOf, filterCounts, filterSheets, signedProgress } from './sheet-filter.ts';

const criterion = (id: string): Sheet['criteria'][number] => ({
  id,
  name: id,
  kind: 'points',
  module: 'm',
  moduleName: 'M',
  min: '0',
  max: '10',
  step: '1',
});

let n = 0;
function sheet(code: string, marked: string[] = [], over: Partial<Sheet> = {}): Sheet {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    competitionId: 'c',
    event: 'e',
    judge: 'J1',
    code,
    status: 'draft',
    revision: 1,
    note: null,
    criteria: [criterion('a'), criterion('b')],
    marks: marked.map((c) => ({
      criterion: c,
      version: 1,
      value: '5',
      by: '',
      at: '',
      reason: null,
    })),
    ...over,
  };
}

const conflictOn = (s: Sheet): PendingOp => ({
  opId: 'x',
  seq: 1,
  userId: 'u',
  sheetId: s.id,
  criterion: 'a',
  value: '6',
  expectedVersion: 1,
  createdAt: '',
  attempted: true,
  state: 'conflict',
});

describe('the sheet filter', () => {
  const notStarted = sheet('005');
  const begun = sheet('009', ['a']);
  const complete = sheet('001', ['a', 'b']);
  const submitted = sheet('002', ['a', 'b'], { status: 'submitted' });
  const verified = sheet('003', ['a', 'b'], { status: 'verified' });
  const returned = sheet('008', ['a', 'b'], { status: 'returned', note: '请复核' });
  const conflicted = sheet('004', ['a']);
  const all = [notStarted, begun, complete, submitted, verified, returned, conflicted];
  const ops = [conflictOn(conflicted)];

  it('puts each sheet in one category', () => {
    expect(all.map((s) => categoryOf(s, ops))).toEqual([
      'todo',
      'todo',
      'todo',
      'done',
      'done',
      'attention',
      'attention',
    ]);
    expect(filterCounts(all, ops)).toEqual({ todo: 3, done: 2, attention: 2 });
  });

  it('sorts the next sheet to mark first: begun, then not begun, then waiting to be signed', () => {
    expect(filterSheets(all, ops, 'todo').map((s) => s.code)).toEqual(['009', '005', '001']);
    expect(filterSheets(all, ops, 'attention').map((s) => s.code)).toEqual(['004', '008']);
    expect(filterSheets(all, ops, 'done').map((s) => s.code)).toEqual(['002', '003']);
  });

  it('counts signed sheets of all of them', () => {
    expect(signedProgress(all)).toEqual({ done: 2, of: 7 });
    expect(signedProgress([])).toEqual({ done: 0, of: 0 });
  });
});
