/** The server's answer to one operation, read defensively: whatever arrives, no crash. */
import { describe, expect, it } from 'vitest';
import { answerFate, readMark } from './answers.ts';

const OP = '00000000-0000-4000-8000-000000000001';
const mark = { criterion: 'seal', version: 2, value: '30', by: 'J1', at: 't', reason: null };

describe('answerFate', () => {
  it('reads an accepted operation: the mark it made and the sheet status', () => {
    expect(
      answerFate('seal', { opId: OP, status: 201, body: { mark, sheetStatus: 'draft' } }),
    ).toEqual({ kind: 'accepted', mark, status: 'draft' });
  });

  it('tries again when there is no answer, the server failed, or the answer is unreadable', () => {
    expect(answerFate('seal', undefined)).toEqual({ kind: 'retry' });
    expect(answerFate('seal', { opId: OP, status: 503, body: null })).toEqual({ kind: 'retry' });
    expect(answerFate('seal', { opId: OP, status: 201, body: 'ok' })).toEqual({ kind: 'retry' });
  });

  it('reads a stale version with the current mark, or none', () => {
    const body = { code: 'stale_version', message: 'x', details: [], current: mark };
    expect(answerFate('seal', { opId: OP, status: 409, body })).toEqual({
      kind: 'stale',
      current: mark,
    });
    const bare = { code: 'stale_version', current: { criterion: 'seal', version: 0, value: null } };
    expect(answerFate('seal', { opId: OP, status: 409, body: bare })).toMatchObject({
      kind: 'stale',
      current: { version: 0, value: null, by: '' },
    });
  });

  it('keeps the code of any other refusal, even a body it cannot read', () => {
    const body = { code: 'wrong_state', message: 'this sheet is verified', details: [] };
    expect(answerFate('seal', { opId: OP, status: 409, body })).toEqual({
      kind: 'refused',
      error: { status: 409, code: 'wrong_state', message: 'this sheet is verified' },
    });
    expect(answerFate('seal', { opId: OP, status: 422, body: 'nope' })).toEqual({
      kind: 'refused',
      error: { status: 422, code: 'unknown', message: '' },
    });
    expect(answerFate('seal', { opId: OP, status: 401, body })).toEqual({ kind: 'login' });
  });
});

describe('readMark', () => {
  it('reads a mark, and nothing that is not one', () => {
    expect(readMark(mark)).toEqual(mark);
    expect(readMark({ criterion: 'seal' })).toBeUndefined();
    expect(readMark(null)).toBeUndefined();
  });
});
