/**
 * A value typed against a version the server has since replaced is never sent as a new version:
 * it is a conflict showing both values with who and when, or it is dropped when it agrees with
 * the server. The judge's choice holds: on screen, on the device and on the server.
 */
import { describe, expect, it } from 'vitest';
import { CHIEF, SHEET_ID, bench, mark } from './testing/fixture.ts';

const OTHER = '裁判J1 (J1) 另一台平板';

describe('outbox: conflicts', () => {
  it('a stale_version answer is a conflict with both values, who and when; nothing is overwritten', async () => {
    const b = await bench();
    const theirs = b.ledger.write(SHEET_ID, 'seal', '20', OTHER);
    await b.type('seal', '25');
    await b.outbox.sync();
    expect(b.outbox.ops).toMatchObject([
      {
        value: '25',
        state: 'conflict',
        conflict: { value: '20', version: 1, by: OTHER, at: theirs.at },
      },
    ]);
    expect(b.field('seal')).toMatchObject({ text: '25', state: 'conflict' });
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ value: '20', version: 1 }]);
  });

  it("keeping the server's value keeps it: on screen, on the device, on the server", async () => {
    const b = await bench();
    b.ledger.write(SHEET_ID, 'seal', '20', OTHER);
    await b.type('seal', '25');
    await b.outbox.sync();
    const [conflict] = b.outbox.ops;
    await b.outbox.resolve(conflict?.opId ?? '', 'theirs', 'kept');
    expect(b.field('seal')).toMatchObject({ text: '20', state: 'synced', base: 1 });
    expect(b.store.ops.size).toBe(0);
    expect(b.store.markOf(SHEET_ID, 'seal')).toMatchObject({ value: '20', version: 1 });
    const sent = b.ledger.sent().length;
    await b.outbox.sync();
    // Leaving the field, the value it shows is confirmed again: nothing to send.
    expect(await b.type('seal', '20')).toBe('unchanged');
    await b.outbox.sync();
    expect(b.ledger.sent()).toHaveLength(sent);
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ value: '20', version: 1 }]);
  });

  it("keeping the tablet's value sends it over the version the judge saw, with the reason", async () => {
    const b = await bench();
    b.ledger.write(SHEET_ID, 'seal', '20', OTHER);
    await b.type('seal', '25');
    await b.outbox.sync();
    await b.outbox.resolve(b.outbox.ops[0]?.opId ?? '', 'mine', '冲突处理');
    await b.outbox.sync();
    expect(b.ledger.sent().at(-1)).toMatchObject({
      value: '25',
      expectedVersion: 1,
      reason: '冲突处理',
    });
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ value: '25', version: 2 }]);
    expect(b.outbox.ops).toEqual([]);
  });

  it("keeping the tablet's value after the server moved on again is a new conflict, not an overwrite", async () => {
    const b = await bench();
    b.ledger.write(SHEET_ID, 'seal', '20', OTHER);
    await b.type('seal', '25');
    await b.outbox.sync();
    b.ledger.write(SHEET_ID, 'seal', '22', CHIEF);
    await b.outbox.resolve(b.outbox.ops[0]?.opId ?? '', 'mine', '冲突处理');
    await b.outbox.sync();
    expect(b.ledger.sheets.get(SHEET_ID)?.marks).toMatchObject([{ value: '22', version: 2 }]);
    expect(b.outbox.ops).toMatchObject([
      { value: '25', state: 'conflict', conflict: { value: '22', by: CHIEF } },
    ]);
  });

  it('a conflict where both sides hold the same value is no conflict: the change is dropped', async () => {
    const b = await bench();
    b.ledger.write(SHEET_ID, 'seal', '25', OTHER);
    await b.type('seal', '25');
    await b.outbox.sync();
    expect(b.outbox.ops).toEqual([]);
    expect(b.field('seal')).toMatchObject({ text: '25', state: 'synced', base: 1 });
  });

  it('a change typed against a version the server has replaced is never sent: reading the sheet makes it a conflict', async () => {
    const b = await bench([mark('seal', '30', 1)]);
    await b.type('seal', '31');
    b.ledger.write(SHEET_ID, 'seal', '28', CHIEF);
    await b.outbox.refresh(SHEET_ID);
    expect(b.outbox.ops).toMatchObject([
      {
        value: '31',
        expectedVersion: 1,
        state: 'conflict',
        conflict: { value: '28', version: 2, by: CHIEF },
      },
    ]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toEqual([]);
  });

  it("confirming a value typed against an older version than the device's makes a conflict, not a send", async () => {
    const b = await bench([mark('seal', '30', 1)]);
    b.ledger.write(SHEET_ID, 'seal', '28', CHIEF);
    await b.outbox.refresh(SHEET_ID);
    // The field was typed in while it showed version 1.
    expect(await b.type('seal', '34', 1)).toBe('conflict');
    expect(b.outbox.ops).toMatchObject([
      { value: '34', expectedVersion: 1, state: 'conflict', conflict: { value: '28', by: CHIEF } },
    ]);
    await b.outbox.sync();
    expect(b.ledger.sent()).toEqual([]);
  });
});
