/**
 * When an answer is lost, or the network comes back, the tablet asks the server for the sheet
 * (marks, versions, status) before it decides anything, and a resend never writes twice.
 */
import { describe, expect, it } from 'vitest';
import { CHIEF, SHEET_ID, bench, mark } from './testing/fixture.ts';

describe('outbox: lost answers and reconnects', () => {
  it('after a lost answer, reads the sheet before sending again; the resend writes once', async () => {
    const b = await bench();
    await b.type('seal', '30');
    b.ledger.loseNext = 'batch';
    await b.outbox.sync();
    expect(b.outbox.reachable).toBe(false);
    expect(b.outbox.ops).toMatchObject([{ value: '30', attempted: true, state: 'pending' }]);

    await b.outbox.sync();
    const kinds = b.ledger.calls.map((c) => c.kind);
    expect(kinds).toEqual(['batch', 'sheet', 'batch']);
    expect(b.ledger.batches()[1]?.[0]?.opId).toBe(b.ledger.batches()[0]?.[0]?.opId);
    expect(b.outbox.ops).toEqual([]);
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ criterion: 'seal', version: 1 }]);
    expect(b.field('seal')).toMatchObject({ text: '30', state: 'synced' });
  });

  it("a lost answer, then the chief's change: the tablet shows the chief's value, and sends nothing over it", async () => {
    const b = await bench();
    await b.type('seal', '30');
    b.ledger.loseNext = 'batch';
    await b.outbox.sync();
    b.ledger.write(SHEET_ID, 'seal', '28', CHIEF);
    await b.outbox.sync();
    // The resend got its stored answer (version 1); the chief's version 2 stays.
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ version: 2, value: '28' }]);
    expect(b.outbox.ops).toEqual([]);
    expect(b.field('seal')).toMatchObject({ text: '28', state: 'synced', base: 2 });
  });

  it('when the network comes back, reads the open sheet again', async () => {
    const b = await bench();
    b.outbox.follow(SHEET_ID);
    const before = b.outbox.sheetsChanged;
    // The judge's other tablet marks the sheet while this one is offline.
    b.ledger.write(SHEET_ID, 'seal', '18', '裁判J1 (J1)');
    await b.outbox.reconnected();
    expect(b.ledger.calls).toEqual([{ kind: 'sheet', sheetId: SHEET_ID }]);
    expect(b.field('seal')).toMatchObject({ text: '18', state: 'synced' });
    expect(b.outbox.sheetsChanged).toBeGreaterThan(before);
    // Pages listing sheets are told, to read their list again.
    expect(b.outbox.reconnects).toBe(1);
  });

  it('a sheet no longer followed is not read again', async () => {
    const b = await bench();
    const unfollow = b.outbox.follow(SHEET_ID);
    unfollow();
    await b.outbox.reconnected();
    expect(b.ledger.calls).toEqual([]);
  });

  it('offline: nothing is lost, and the sheet is read first once the server answers again', async () => {
    const b = await bench([mark('seal', '20', 1)]);
    b.ledger.offline = true;
    await b.type('seal', '30');
    await b.outbox.sync();
    expect(b.outbox.reachable).toBe(false);
    expect(b.outbox.ops).toHaveLength(1);
    b.ledger.offline = false;
    await b.outbox.reconnected();
    expect(b.ledger.calls.slice(1).map((c) => c.kind)).toEqual(['sheet', 'batch']);
    expect(b.outbox.ops).toEqual([]);
    expect(b.outbox.reachable).toBe(true);
  });
});
