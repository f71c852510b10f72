/**
 * Signing a sheet: when the answer does not come back, the tablet asks the server whether the
 * sheet was submitted before it says anything.
 */
import { describe, expect, it } from 'vitest';
import { SHEET_ID, bench, mark } from './testing/fixture.ts';

describe('Outbox.submit', () => {
  it('submits, and keeps the signed sheet on the device', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    const outcome = await b.outbox.submit(b.device(), b.ledger.pin);
    expect(outcome).toMatchObject({ kind: 'submitted', checked: false });
    expect(b.device().status).toBe('submitted');
  });

  it('an answer lost on the way back: the server is asked, and says it was submitted', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.loseNext = 'submit';
    const outcome = await b.outbox.submit(b.device(), b.ledger.pin);
    expect(b.ledger.calls.map((c) => c.kind)).toEqual(['submit', 'sheet']);
    expect(outcome).toMatchObject({ kind: 'submitted', checked: true });
    expect(b.device().status).toBe('submitted');
  });

  it('a request lost on its way: the server is asked, and the sheet is still a draft', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.dropNext = 'submit';
    const outcome = await b.outbox.submit(b.device(), b.ledger.pin);
    expect(outcome).toMatchObject({ kind: 'notSubmitted' });
    expect(b.ledger.sheets.get(SHEET_ID)?.status).toBe('draft');
  });

  it('no way to ask: unknown, and the sheet is read when the network comes back', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.loseNext = 'submit';
    b.ledger.afterCall = (call) => {
      if (call.kind === 'submit') b.ledger.offline = true;
    };
    expect(await b.outbox.submit(b.device(), b.ledger.pin)).toEqual({ kind: 'unknown' });
    expect(b.device().status).toBe('draft');
    b.ledger.offline = false;
    await b.outbox.reconnected();
    expect(b.device().status).toBe('submitted');
  });

  it('a refusal (wrong PIN) is a refusal, with its code', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    const outcome = await b.outbox.submit(b.device(), '000000');
    expect(outcome).toMatchObject({ kind: 'refused', code: 'bad_credentials' });
    expect(b.device().status).toBe('draft');
  });
});
