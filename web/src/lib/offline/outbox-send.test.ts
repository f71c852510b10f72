/**
 * The outbox sends what the judge confirmed, in order, once: stored before it is sent, one
 * operation per mark in flight, each chained after the one before it.
 */
import { describe, expect, it } from 'vitest';
import { localMarks, withNewest } from '../sheet-view.ts';
import { SHEET_ID, bench, mark } from './testing/fixture.ts';

describe('outbox: sending', () => {
  it('stores a change before sending it, with the version it was typed against', async () => {
    const b = await bench([mark('seal', '20', 1)]);
    await b.type('seal', '30');
    expect(b.ledger.calls).toEqual([]);
    expect([...b.store.ops.values()]).toMatchObject([
      { criterion: 'seal', value: '30', expectedVersion: 1, state: 'pending', attempted: false },
    ]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toMatchObject([{ criterion: 'seal', value: '30', expectedVersion: 1 }]);
    expect(b.store.ops.size).toBe(0);
    expect(b.field('seal')).toMatchObject({ text: '30', state: 'synced', base: 2 });
  });

  it("replaces a change not sent yet, and drops it when it goes back to the server's value", async () => {
    const b = await bench([mark('seal', '20', 1)]);
    await b.type('seal', '25');
    await b.type('seal', '26');
    expect(b.outbox.ops).toHaveLength(1);
    expect(b.outbox.ops[0]).toMatchObject({ value: '26', expectedVersion: 1 });
    await b.type('seal', '20');
    expect(b.outbox.ops).toEqual([]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toEqual([]);
  });

  it('confirming the value already shown sends nothing', async () => {
    const b = await bench([mark('seal', '20', 1)]);
    expect(await b.type('seal', '20')).toBe('unchanged');
    await b.outbox.sync();
    expect(b.ledger.calls).toEqual([]);
  });

  it('sends one operation per mark at a time, oldest first; a change typed meanwhile chains after it', async () => {
    const b = await bench();
    await b.type('seal', '30');
    await b.type('balance', '12');
    const sending = b.outbox.sync();
    // Typed while the first round is on its way: the version after the one in flight.
    await b.type('seal', '31');
    await sending;
    await b.outbox.sync();
    expect(
      b.ledger
        .batches()
        .map((ops) =>
          ops.map((o) => `${o.criterion}=${String(o.value)}@${String(o.expectedVersion)}`),
        ),
    ).toEqual([['seal=30@0', 'balance=12@0'], ['seal=31@1']]);
    expect(b.outbox.ops).toEqual([]);
    expect(
      b.ledger.sheets
        .get(SHEET_ID)
        ?.marks.map((m) => `${m.criterion}@${String(m.version)}=${m.value ?? ''}`)
        .sort(),
    ).toEqual(['balance@1=12', 'seal@2=31']);
  });

  it('an operation the server failed on is tried again later, not in a loop', async () => {
    const b = await bench();
    await b.type('seal', '30');
    b.ledger.failingOps = 1;
    await b.outbox.sync();
    expect(b.ledger.sent()).toHaveLength(1);
    expect(b.outbox.ops).toMatchObject([{ value: '30', state: 'pending', attempted: true }]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toHaveLength(2);
    expect(b.outbox.ops).toEqual([]);
  });

  it('never shows a moment where an accepted change is gone and its mark not yet known', async () => {
    const b = await bench();
    // The page's copy of the sheet, read before the answer: it reloads only afterwards.
    const page = b.device();
    const views: (string | null)[] = [];
    b.outbox.onChange(() => {
      const view = localMarks(withNewest(page, b.outbox.newest), b.outbox.ops);
      views.push(view.get('seal')?.text ?? null);
    });
    await b.type('seal', '30');
    await b.outbox.sync();
    expect(views.filter((v) => v !== '30')).toEqual([]);
    expect(b.outbox.newest.get(`${SHEET_ID}|seal`)).toMatchObject({ value: '30', version: 1 });
  });

  it('takes a confirmed value at once, before it is stored: a value typed over it is no conflict', async () => {
    const b = await bench();
    b.store.hold(); // a slow device: nothing is stored yet
    const first = b.type('seal', '31');
    expect(b.field('seal')).toMatchObject({ text: '31', state: 'pending', base: 1 });
    // The judge types on over the value just confirmed, against the version it shows.
    const second = b.type('seal', '32');
    expect(b.store.ops.size).toBe(0);
    b.store.release();
    expect([await first, await second]).toEqual(['queued', 'queued']);
    expect([...b.store.ops.values()]).toMatchObject([{ value: '32', state: 'pending' }]);
    await b.outbox.sync();
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ value: '32', version: 1 }]);
  });
});
