/**
 * The marking scheme (评分细则) as an Excel workbook through the HTTP surface, on both
 * databases (issue 16): the download loads back to the same definition, the template and both
 * demo schemes load, every bad cell is refused with its sheet, row and column, and a refused
 * workbook — a bad cell, a stale version, an event with score sheets removed — stores nothing.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import { parseCompetition, type Competition } from '@skills/scoring';
import { demoCompetitions } from '../src/demo/index.ts';
import { XLSX_TYPE } from '../src/files/xlsx.ts';
import {
  EV_DEFINITION,
  ORGANIZER,
  buildFixture,
  startHarness,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import { expectErrorBody, fingerprint } from './helpers.ts';

/** A value the test relies on being there. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

const parsed = (input: unknown): Competition => {
  const r = parseCompetition(input);
  if (!r.success) throw new Error(JSON.stringify(r.problems));
  return r.data;
};

describe.each(DATABASE_KINDS)('scheme workbook on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let organizer: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, 'xs-fixture');
    organizer = await h.login('/api/auth/login', ORGANIZER);
  });
  afterAll(async () => {
    await h.close();
  });

  // As the organizer: a new competition is not public until an event of it is published.
  async function download(path: string): Promise<Uint8Array<ArrayBuffer>> {
    const res = await h.server.app.request(path, {
      headers: { authorization: `Bearer ${organizer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    return new Uint8Array(await res.arrayBuffer());
  }

  const upload = (id: string, bytes: Uint8Array<ArrayBuffer>, version: number): Promise<Reply> =>
    h.call('POST', `/api/competitions/${id}/definition/xlsx?expectedVersion=${version}`, {
      token: organizer,
      raw: bytes,
      headers: { 'content-type': XLSX_TYPE },
    });

  const definitionOf = async (id: string): Promise<{ version: number; definition: unknown }> =>
    (await h.call('GET', `/api/competitions/${id}/definition`, { token: organizer })).body as {
      version: number;
      definition: unknown;
    };

  async function create(id: string, definition: unknown): Promise<void> {
    const r = await h.call('POST', '/api/competitions', {
      token: organizer,
      body: { id, name: id, definition },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }

  /** The workbook of a competition with one cell changed. */
  async function withCell(
    id: string,
    sheet: (book: ExcelJS.Workbook) => ExcelJS.Worksheet,
    header: string,
    row: number,
    value: ExcelJS.CellValue,
  ): Promise<Uint8Array<ArrayBuffer>> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(`/api/competitions/${id}/definition/xlsx`)).buffer);
    const ws = sheet(book);
    const col = (ws.getRow(1).values as unknown[]).findIndex(
      (v) => typeof v === 'string' && v.startsWith(header),
    );
    expect(col, header).toBeGreaterThan(0);
    ws.getRow(row).getCell(col).value = value;
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it.each(demoCompetitions.map((d) => [d.id, d] as const))(
    'loads the demo scheme %s back to the same definition',
    async (_id, demo) => {
      const id = `xs-${demo.id}`.slice(0, 60);
      await create(id, demo.definition);
      const bytes = await download(`/api/competitions/${id}/definition/xlsx`);
      const r = await upload(id, bytes, 1);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.definitionVersion).toBe(2);
      const after = await definitionOf(id);
      expect(after.version).toBe(2);
      expect(parsed(after.definition)).toStrictEqual(parsed(demo.definition));
    },
  );

  it('offers a template that loads as it is', async () => {
    await create('xs-template', EV_DEFINITION);
    const r = await upload('xs-template', await download('/api/scheme-template'), 1);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await definitionOf('xs-template');
    expect((after.definition as Competition).events.map((e) => e.name)).toEqual(['实际操作']);
  });

  it('lists every bad cell by sheet, row and column and stores nothing', async () => {
    await create('xs-bad', EV_DEFINITION);
    const def = parsed(EV_DEFINITION);
    const event = must(def.events[0], 'event');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download('/api/competitions/xs-bad/definition/xlsx')).buffer);
    const ws = must(book.getWorksheet(event.name), 'sheet');
    const colOf = (header: string): number =>
      (ws.getRow(1).values as unknown[]).findIndex(
        (v) => typeof v === 'string' && v.startsWith(header),
      );
    ws.getRow(2).getCell(colOf('满分')).value = '十分';
    ws.getRow(3).getCell(colOf('类型')).value = '随便';
    ws.getRow(4).getCell(colOf('汇总方式')).value = '去高低平均 1+2';
    ws.getRow(2).getCell(colOf('否决效果')).value = '取消资格'; // not a gate
    const overall = must(book.getWorksheet('总成绩 Overall'), 'sheet').addRow([
      'x',
      '名称',
      '{not json',
    ]).number;
    const before = await fingerprint(h);
    const r = await upload('xs-bad', new Uint8Array(await book.xlsx.writeBuffer()), 1);
    expect(r.status).toBe(422);
    expectErrorBody(r);
    expect(r.body.code).toBe('invalid_definition');
    const details = r.body.details as {
      code: string;
      message: string;
      params: Record<string, unknown>;
    }[];
    const at = (d: (typeof details)[number]): string =>
      `${String(d.params['sheet'])}!${String(d.params['row'])}!${String(d.params['column'])}!${d.code}`;
    expect(details.map(at)).toEqual(
      expect.arrayContaining([
        `${event.name}!2!满分!not_a_number`,
        `${event.name}!3!类型!unknown_choice`,
        `${event.name}!4!汇总方式!unknown_aggregation`,
        `${event.name}!2!否决效果!not_for_kind`,
        `总成绩 Overall!${overall}!其余设置!not_json`,
      ]),
    );
    expect(details.find((d) => d.code === 'not_a_number')?.message).toMatch(
      new RegExp(`^赛项「${event.name}」第 2 行 满分：`),
    );
    expect(await fingerprint(h)).toEqual(before);
    expect((await definitionOf('xs-bad')).version).toBe(1);
  });

  it("places the engine's problems at their cells (a zero step)", async () => {
    const event = must(parsed(EV_DEFINITION).events[0], 'event');
    const bytes = await withCell(
      'xs-bad',
      (b) => must(b.getWorksheet(event.name), 'sheet'),
      '步长',
      2,
      0,
    );
    const before = await fingerprint(h);
    const r = await upload('xs-bad', bytes, 1);
    expect(r.status).toBe(422);
    expect(r.body.details[0].params).toMatchObject({ sheet: event.name, row: 2, column: '步长' });
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses a stale version, an unreadable file and a wrong media type, storing nothing', async () => {
    const bytes = await download('/api/competitions/xs-bad/definition/xlsx');
    const before = await fingerprint(h);
    const stale = await upload('xs-bad', bytes, 7);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const junk = await upload('xs-bad', new TextEncoder().encode('not a workbook'), 1);
    expect(junk.status).toBe(422);
    expect(junk.body.details[0]).toMatchObject({ path: 'body', code: 'unreadable' });
    const csv = await h.call('POST', '/api/competitions/xs-bad/definition/xlsx?expectedVersion=1', {
      token: organizer,
      raw: 'a,b\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(415);
    const unversioned = await h.call('POST', '/api/competitions/xs-bad/definition/xlsx', {
      token: organizer,
      raw: bytes,
      headers: { 'content-type': XLSX_TYPE },
    });
    expect(unversioned.status).toBe(400);
    expect(unversioned.body.details[0]).toMatchObject({ path: 'query.expectedVersion' });
    expect(await fingerprint(h)).toEqual(before);
  });

  it('keeps the rule that an event with score sheets cannot be removed', async () => {
    const book = new ExcelJS.Workbook();
    const id = f.competitionId;
    await book.xlsx.load((await download(`/api/competitions/${id}/definition/xlsx`)).buffer);
    // The event keeps its sheet under another id: the old one, which has sheets, is removed.
    must(book.getWorksheet('赛项 Events'), 'sheet').getRow(2).getCell(1).value = 'renamed';
    for (const name of ['总成绩 Overall', '奖项 Awards']) {
      must(book.getWorksheet(name), 'sheet').eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') {
            cell.value = cell.value.replaceAll('"battery"', '"renamed"');
          }
        });
      });
    }
    const { version } = await definitionOf(id);
    const before = await fingerprint(h);
    const r = await upload(id, new Uint8Array(await book.xlsx.writeBuffer()), version);
    expect(r.status).toBe(409);
    expect(r.body.details[0].code).toBe('event_in_use');
    expect(await fingerprint(h)).toEqual(before);
    expect((await definitionOf(id)).version).toBe(version);
  });
});
