/**
 * A refusal other than a conflict is kept with its code (shown in the judge's language), the
 * sheet is read again so its state shows, the field shows the server's value, and dismissing
 * the refusal discards the refused value without sending anything.
 */
import { describe, expect, it } from 'vitest';
import { SHEET_ID, bench, mark } from './testing/fixture.ts';

describe('outbox: refusals', () => {
  it("keeps the refusal's code, reads the sheet again, and shows the server's value", async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.setStatus(SHEET_ID, 'verified');
    await b.type('seal', '31');
    await b.outbox.sync();
    expect(b.outbox.ops).toMatchObject([
      { value: '31', state: 'rejected', error: { code: 'wrong_state', status: 409 } },
    ]);
    expect(b.ledger.calls.map((c) => c.kind)).toEqual(['batch', 'sheet']);
    expect(b.device().status).toBe('verified');
    expect(b.field('seal')).toMatchObject({ text: '30', state: 'synced' });
  });

  it('dismissing a refusal discards the value and sends nothing', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.setStatus(SHEET_ID, 'verified');
    await b.type('seal', '31');
    await b.outbox.sync();
    const sent = b.ledger.sent().length;
    await b.outbox.dismiss(b.outbox.ops[0]?.opId ?? '');
    expect(b.store.ops.size).toBe(0);
    await b.outbox.sync();
    expect(b.ledger.sent()).toHaveLength(sent);
    expect(b.field('seal')).toMatchObject({ text: '30', state: 'synced' });
  });

  it('changes typed on top of a refused one are not sent over the server', async () => {
    // A returned sheet: changing an existing mark needs a reason, and the first change had none.
    const b = await bench([mark('seal', '30', 1)], { status: 'returned' });
    await b.type('seal', '31');
    const sending = b.outbox.sync();
    await b.type('seal', '32', undefined, '复核');
    await sending;
    await b.outbox.sync();
    expect(b.ledger.sent().map((o) => o.value)).toEqual(['31']);
    expect(b.outbox.ops).toMatchObject([{ state: 'rejected', error: { code: 'invalid_input' } }]);
    expect(b.field('seal')).toMatchObject({ text: '30', state: 'synced' });
  });

  it('a change to a sheet the server shows as signed is refused on the tablet, without sending it', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    await b.type('seal', '31');
    b.ledger.setStatus(SHEET_ID, 'submitted');
    await b.outbox.refresh(SHEET_ID);
    expect(b.outbox.ops).toMatchObject([
      { value: '31', state: 'rejected', error: { code: 'wrong_state' } },
    ]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toEqual([]);
  });
});
