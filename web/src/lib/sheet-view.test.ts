import { describe, expect, it } from 'vitest';
import type { CurrentMark, Sheet } from '@skills/server/contract';
import type { PendingOp } from './offline/pending-op.ts';
import { editable, filled, localMarks, progressOf } from './sheet-view.ts';

const SHEET_ID = '00000000-0000-4000-8000-000000000001';
const OTHER_SHEET = '00000000-0000-4000-8000-000000000002';

const criterion = (id: string): Sheet['criteria'][number] => ({
  id,
  name: id,
  kind: 'points',
  module: 'practical',
  moduleName: 'Practical',
  min: '0.0',
  max: '40.0',
  step: '0.5',
});

const mark = (criterion: string, value: string | null, version = 1): CurrentMark => ({
  criterion,
  version,
  value,
  by: 'Judge One (J01)',
  at: '2026-05-01T08:00:00.000Z',
  reason: null,
});

function sheet(over: Partial<Sheet> = {}): Sheet {
  return {
    id: SHEET_ID,
    competitionId: 'ev-battery-2025',
    event: 'battery',
    judge: 'J01',
    code: 'A07',
    status: 'draft',
    revision: 1,
    note: null,
    criteria: ['seal', 'balance', 'safety'].map(criterion),
    marks: [],
    ...over,
  };
}

let seq = 0;
function op(
  criterion: string,
  value: PendingOp['value'],
  state: PendingOp['state'] = 'pending',
  over: Partial<PendingOp> = {},
): PendingOp {
  seq++;
  return {
    opId: `op-${String(seq)}`,
    seq,
    userId: 'user-1',
    sheetId: SHEET_ID,
    criterion,
    value,
    expectedVersion: 0,
    createdAt: '2026-05-01T08:00:00.000Z',
    attempted: false,
    state,
    ...over,
  };
}

describe('localMarks', () => {
  it('lists every criterion in sheet order, empty when nothing is marked', () => {
    const marks = localMarks(sheet(), []);
    expect([...marks.keys()]).toEqual(['seal', 'balance', 'safety']);
    for (const m of marks.values()) {
      expect(m).toMatchObject({ text: null, state: 'empty', server: undefined, op: undefined });
    }
  });

  it("shows the server's marks as synced, and a cleared server mark as empty", () => {
    const s = sheet({ marks: [mark('seal', '35.5', 2), mark('balance', null, 3)] });
    const marks = localMarks(s, []);
    expect(marks.get('seal')).toMatchObject({ text: '35.5', state: 'synced' });
    expect(marks.get('seal')?.server?.version).toBe(2);
    expect(marks.get('balance')).toMatchObject({ text: null, state: 'empty' });
    expect(marks.get('balance')?.server?.version).toBe(3);
  });

  it("puts the tablet's pending change over the server's mark", () => {
    const s = sheet({ marks: [mark('seal', '35.5')] });
    const pending = op('seal', '36', 'pending', { expectedVersion: 1 });
    const m = localMarks(s, [pending]).get('seal');
    expect(m).toMatchObject({ text: '36', state: 'pending', op: pending });
    expect(m?.server?.value).toBe('35.5');
  });

  it('shows numbers and booleans as they are stored', () => {
    const marks = localMarks(sheet(), [op('seal', 12.5), op('safety', true)]);
    expect(marks.get('seal')?.text).toBe('12.5');
    expect(marks.get('safety')?.text).toBe('1');
    expect(localMarks(sheet(), [op('safety', false)]).get('safety')?.text).toBe('0');
  });

  it('lets the latest change win', () => {
    const first = op('seal', '30');
    const second = op('seal', '31.5');
    const m = localMarks(sheet({ marks: [mark('seal', '29')] }), [first, second]).get('seal');
    expect(m).toMatchObject({ text: '31.5', state: 'pending', op: second });
  });

  it('shows a cleared change as no value, even over a server mark', () => {
    const cleared = op('seal', null, 'pending', { expectedVersion: 1 });
    const m = localMarks(sheet({ marks: [mark('seal', '35.5')] }), [op('seal', '36'), cleared]).get(
      'seal',
    );
    expect(m).toMatchObject({ text: null, state: 'pending', op: cleared });
  });

  it('marks a conflicting change as a conflict, with its own value', () => {
    const conflict = op('seal', '20', 'conflict', { conflict: mark('seal', '25', 2) });
    const m = localMarks(sheet({ marks: [mark('seal', '25', 2)] }), [conflict]).get('seal');
    expect(m).toMatchObject({ text: '20', state: 'conflict', op: conflict });
  });

  it('does not show a refused change as a value', () => {
    const error = { status: 422, code: 'invalid_mark', message: 'out of range' };
    const rejected = op('seal', '41', 'rejected', { error });
    const onServer = localMarks(sheet({ marks: [mark('seal', '35.5')] }), [rejected]).get('seal');
    expect(onServer).toMatchObject({ text: '35.5', state: 'synced', op: undefined });

    const alone = localMarks(sheet(), [rejected]).get('seal');
    expect(alone).toMatchObject({ text: null, state: 'empty', op: undefined });

    // A refused change after an accepted-for-sending one leaves the earlier one showing.
    const before = op('seal', '30');
    const after = op('seal', '99', 'rejected', { error });
    expect(localMarks(sheet(), [before, after]).get('seal')).toMatchObject({
      text: '30',
      state: 'pending',
      op: before,
    });
  });

  it('gives the version a change typed now replaces: what the field shows was typed against', () => {
    const s = sheet({ marks: [mark('seal', '35.5', 2), mark('balance', '20', 4)] });
    expect(localMarks(sheet(), []).get('seal')?.base).toBe(0);
    expect(localMarks(s, []).get('seal')?.base).toBe(2);
    // Over a change of the tablet's: the version that change makes.
    const pending = op('seal', '36', 'pending', { expectedVersion: 2 });
    expect(localMarks(s, [pending]).get('seal')?.base).toBe(3);
    // Over a conflict: the server's version it is put against.
    const conflict = op('balance', '21', 'conflict', {
      expectedVersion: 3,
      conflict: mark('balance', '20', 4),
    });
    expect(localMarks(s, [conflict]).get('balance')?.base).toBe(4);
    // A refused change is no base: the server's mark is.
    const error = { status: 409, code: 'wrong_state', message: '' };
    const refused = op('seal', '37', 'rejected', { expectedVersion: 2, error });
    expect(localMarks(s, [refused]).get('seal')?.base).toBe(2);
  });

  it("ignores other sheets' changes", () => {
    const elsewhere = op('seal', '10', 'pending', { sheetId: OTHER_SHEET });
    expect(localMarks(sheet(), [elsewhere]).get('seal')).toMatchObject({
      text: null,
      state: 'empty',
    });
  });
});

describe('progressOf', () => {
  it("is 'not_started' for a draft with nothing on the server or the tablet", () => {
    expect(progressOf(sheet(), [])).toBe('not_started');
    // Cleared marks and refused changes count as nothing.
    const s = sheet({ marks: [mark('seal', null, 2)] });
    const rejected = op('balance', '50', 'rejected');
    expect(progressOf(s, [rejected, op('safety', null)])).toBe('not_started');
  });

  it('is draft once something is marked, on the server or only on the tablet', () => {
    expect(progressOf(sheet({ marks: [mark('seal', '10')] }), [])).toBe('draft');
    expect(progressOf(sheet(), [op('balance', '12')])).toBe('draft');
  });

  it('is the sheet status once it is not a draft', () => {
    expect(progressOf(sheet({ status: 'submitted' }), [])).toBe('submitted');
    expect(progressOf(sheet({ status: 'returned' }), [])).toBe('returned');
    expect(progressOf(sheet({ status: 'locked' }), [op('seal', '1')])).toBe('locked');
  });
});

describe('filled', () => {
  it('counts criteria with a value, server or tablet, of all criteria', () => {
    expect(filled(sheet(), [])).toEqual({ done: 0, of: 3 });
    const s = sheet({ marks: [mark('seal', '35'), mark('balance', '20')] });
    const ops = [op('balance', null), op('safety', false), op('seal', '99', 'rejected')];
    // seal from the server (the refusal hides nothing), balance cleared, safety entered.
    expect(filled(s, ops)).toEqual({ done: 2, of: 3 });
  });
});

describe('editable', () => {
  it('allows drafts and returned sheets only', () => {
    expect(editable(sheet({ status: 'draft' }))).toBe(true);
    expect(editable(sheet({ status: 'returned' }))).toBe(true);
    expect(editable(sheet({ status: 'submitted' }))).toBe(false);
    expect(editable(sheet({ status: 'verified' }))).toBe(false);
    expect(editable(sheet({ status: 'locked' }))).toBe(false);
  });
});
