/**
 * The marking-scheme workbook alone: download → load gives the same definition for both demo
 * schemes and for random valid definitions, and a bad cell is reported at its sheet, row and
 * column.
 */
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCompetition, type Competition } from '@skills/scoring';
import { cupDefinition, cupParamsArb } from '../../../../scoring/test/properties/arbitraries.ts';
import { demoCompetitions } from '../../demo/index.ts';
import { readScheme } from './read.ts';
import { SCHEME_LIMITS } from './workbook-rows.ts';
import { schemeWorkbook } from './write.ts';

/** A value the test relies on being there. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

function parsed(input: unknown): Competition {
  const r = parseCompetition(input);
  if (!r.success) throw new Error(JSON.stringify(r.problems));
  return r.data;
}

async function roundTrip(def: Competition): Promise<Competition> {
  const read = await readScheme(await schemeWorkbook(def));
  if (!read.ok) throw new Error(JSON.stringify(read.problems, null, 1));
  return read.definition;
}

/** A workbook changed by `edit` before it is read. */
async function edited(
  def: Competition,
  edit: (book: ExcelJS.Workbook) => void,
): ReturnType<typeof readScheme> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await schemeWorkbook(def)).buffer);
  edit(book);
  return readScheme(new Uint8Array(await book.xlsx.writeBuffer()));
}

const demo = (i: number): Competition => parsed(must(demoCompetitions[i], 'demo').definition);

describe('scheme workbook round trip', () => {
  it.each(demoCompetitions.map((d, i) => [d.id, i] as const))(
    'gives back the demo scheme %s',
    async (_id, i) => {
      const def = demo(i);
      expect(await roundTrip(def)).toStrictEqual(def);
    },
  );

  it('gives back random valid definitions: names with sheet-name characters, decimals as text', async () => {
    const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    await fc.assert(
      fc.asyncProperty(
        cupParamsArb,
        fc.array(name, { minLength: 3, maxLength: 3 }),
        fc.option(fc.string({ maxLength: 60 }).filter((s) => s.trim() !== '')),
        fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        async (p, names, note, asText) => {
          const def = structuredClone(cupDefinition(p));
          def.events.forEach((ev, i) => {
            ev.name = names[i] ?? ev.name;
          });
          const first = must(
            must(must(def.events[0], 'event').modules[0], 'module').criteria[0],
            'criterion',
          );
          if (note !== null) first.description = note;
          // Decimals as JSON numbers or as text ("7.5"), criterion by criterion: both kept.
          def.events
            .flatMap((ev) => ev.modules.flatMap((m) => m.criteria))
            .forEach((c, i) => {
              if (asText[i] !== true) return;
              if ('max' in c) c.max = String(c.max);
              if ('step' in c) c.step = String(c.step);
            });
          const checked = parsed(def);
          expect(await roundTrip(checked)).toStrictEqual(checked);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('scheme workbook problems', () => {
  it('places a cell that is not a number at its sheet, row and column', async () => {
    const def = demo(0);
    const event = must(def.events[0], 'event');
    const read = await edited(def, (book) => {
      const ws = must(book.getWorksheet(event.name.slice(0, 31)), 'sheet');
      const col = (ws.getRow(1).values as unknown[]).findIndex(
        (v) => typeof v === 'string' && v.startsWith('满分'),
      );
      ws.getRow(3).getCell(col).value = '十分';
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual([
      expect.objectContaining({
        sheet: event.name.slice(0, 31),
        row: 3,
        column: '满分',
        code: 'not_a_number',
      }),
    ]);
  });

  it("places the engine's own problems at their cells", async () => {
    const def = demo(0);
    const event = must(def.events[0], 'event');
    const read = await edited(def, (book) => {
      const ws = must(book.getWorksheet(event.name.slice(0, 31)), 'sheet');
      const col = (ws.getRow(1).values as unknown[]).findIndex(
        (v) => typeof v === 'string' && v.startsWith('评委人数'),
      );
      ws.getRow(2).getCell(col).value = 0;
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems[0]).toEqual(
      expect.objectContaining({
        sheet: event.name.slice(0, 31),
        row: 2,
        column: '评委人数',
        code: 'invalid_rule',
      }),
    );
    expect(read.problems[0]?.params).toMatchObject({ ruleCode: 'too_small' });
  });

  it('reports a module cell that differs from its first row, and a missing sheet', async () => {
    const def = demo(0);
    const event = must(def.events[0], 'event');
    const read = await edited(def, (book) => {
      const ws = must(book.getWorksheet(event.name.slice(0, 31)), 'sheet');
      const col = (ws.getRow(1).values as unknown[]).findIndex(
        (v) => typeof v === 'string' && v.startsWith('模块名称'),
      );
      ws.getRow(3).getCell(col).value = '别的名字';
      book.removeWorksheet(must(book.getWorksheet('赛事 Competition'), 'sheet').id);
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    // A missing sheet stops the reading before any cell is read.
    expect(read.problems).toEqual([
      expect.objectContaining({ sheet: '赛事 Competition', code: 'missing_sheet' }),
    ]);
    // The second row of the first module with two criteria or more.
    let second = 2;
    for (const m of event.modules) {
      if (m.criteria.length > 1) break;
      second += m.criteria.length;
    }
    second += 1;
    const again = await edited(def, (book) => {
      const ws = must(book.getWorksheet(event.name.slice(0, 31)), 'sheet');
      const col = (ws.getRow(1).values as unknown[]).findIndex(
        (v) => typeof v === 'string' && v.startsWith('模块名称'),
      );
      ws.getRow(second).getCell(col).value = '别的名字';
    });
    expect(again.ok ? [] : again.problems).toEqual([
      expect.objectContaining({ row: second, column: '模块名称', code: 'module_mismatch' }),
    ]);
  });

  it('refuses a workbook that inflates past its budget (a zip bomb) before opening it', async () => {
    const size = SCHEME_LIMITS.maxExpanded * 2;
    const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(local.length + name.length + data.length, 16);
    const read = await readScheme(
      new Uint8Array(Buffer.concat([local, name, data, central, name, end])),
    );
    expect(read.ok ? [] : read.problems).toEqual([
      expect.objectContaining({
        code: 'unreadable',
        en: expect.stringContaining('expands to more than') as unknown,
      }),
    ]);
  });
});
