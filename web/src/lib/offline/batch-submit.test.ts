import { describe, expect, it } from 'vitest';
import type { BatchSubmitAnswer, Sheet } from '@skills/server/contract';
import { ApiError, NetworkError } from '../api.ts';
import { submitBatch, type BatchItem } from './batch-submit.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const items: BatchItem[] = [
  { id: A, revision: 1 },
  { id: B, revision: 3 },
];

const sheetWith = (id: string, status: Sheet['status']): Sheet => ({
  id,
  competitionId: 'c',
  event: 'run',
  judge: 'J10',
  code: id.slice(-3),
  status,
  revision: 2,
  note: null,
  criteria: [],
  marks: [],
});

describe('signing a batch from the tablet', () => {
  it('reports each sheet as the server answered, and reads the sheets again', async () => {
    let reloads = 0;
    const answer: BatchSubmitAnswer = {
      submitted: 1,
      results: [
        { id: A, status: 200, sheet: { status: 'submitted', revision: 2 } },
        {
          id: B,
          status: 409,
          error: { code: 'stale_revision', message: 'changed', details: [] },
        },
      ],
    };
    const out = await submitBatch(
      {
        send: (body) => {
          expect(body).toEqual({ sheets: items, pin: '123456' });
          return Promise.resolve(answer);
        },
        reload: () => {
          reloads++;
          return Promise.resolve([]);
        },
      },
      items,
      '123456',
    );
    expect(out).toEqual({
      kind: 'answered',
      submitted: [A],
      refused: [{ id: B, code: 'stale_revision' }],
    });
    expect(reloads).toBe(1);
  });

  it('a wrong PIN signs nothing and is reported as it came', async () => {
    const out = await submitBatch(
      {
        send: () =>
          Promise.reject(
            new ApiError(401, { code: 'bad_credentials', message: 'wrong PIN', details: [] }),
          ),
        reload: () => Promise.reject(new Error('not read after a refusal')),
      },
      items,
      '000000',
    );
    expect(out).toMatchObject({ kind: 'refused', code: 'bad_credentials' });
  });

  it('after a lost answer asks the server which of the asked sheets are signed', async () => {
    const out = await submitBatch(
      {
        send: () => Promise.reject(new NetworkError('timeout')),
        reload: () =>
          Promise.resolve([
            sheetWith(A, 'submitted'),
            sheetWith(B, 'draft'),
            sheetWith('00000000-0000-4000-8000-00000000000c', 'submitted'),
          ]),
      },
      items,
      '123456',
    );
    expect(out).toEqual({ kind: 'checked', submitted: [A] });
  });

  it('says it does not know when the answer is lost and the server cannot be asked', async () => {
    const out = await submitBatch(
      {
        send: () => Promise.reject(new NetworkError('offline')),
        reload: () => Promise.resolve(undefined),
      },
      items,
      '123456',
    );
    expect(out).toEqual({ kind: 'unknown' });
  });
});
