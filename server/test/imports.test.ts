/**
 * Roster and judge import from CSV and XLSX (POST /api/competitions/:id/import/:kind), on both
 * databases: all or nothing, every bad field listed as rows.<spreadsheet row>.<column as written>,
 * English or Chinese headers, BOM or none, quoted fields; judges in one batch with an existing
 * code refused; wrong media types, encodings, damaged or oversized files refused with 4xx and
 * nothing stored.
 */
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, sql } from 'drizzle-orm';
import { auditLog } from '@skills/db';
import { DATABASE_KINDS } from '@skills/db/testing';
import {
  buildFixture,
  replyOf,
  startHarness,
  type Fixture,
  type Harness,
  type Reply,
} from './harness.ts';
import { fingerprint, query } from './helpers.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const C = 'imp-test';

/** A workbook with one sheet holding these rows (row 1 = the header). */
export async function xlsxOf(rows: readonly (readonly unknown[])[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow([...r]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const paths = (r: Reply): string[] => (r.body.details as { path: string }[]).map((d) => d.path);

/** A refused import: 422, with exactly these problems in this order (each matched on its fields). */
function expectProblems(r: Reply, ...problems: readonly Record<string, unknown>[]): void {
  expect(r.status, JSON.stringify(r.body)).toBe(422);
  expect(r.body.details).toEqual(problems.map((p): unknown => expect.objectContaining(p)));
}

/** A refused import: 422, its first problem matching `problem`. */
function expectFirstProblem(r: Reply, problem: Record<string, unknown>): void {
  expect(r.status, JSON.stringify(r.body)).toBe(422);
  expect(r.body.details[0]).toMatchObject(problem);
}

describe.each(DATABASE_KINDS)('imports on %s', (kind) => {
  let h: Harness;
  let f: Fixture;

  const upload = async (
    what: string,
    body: string | Uint8Array,
    type: string | null,
    /** null: the public. */
    token: string | null = f.organizer,
    /** The organizer's column mapping (letter → field, "attribute" or "drop"). */
    columns?: Record<string, string>,
  ): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (type !== null) headers['content-type'] = type;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const query = columns ? `?columns=${encodeURIComponent(JSON.stringify(columns))}` : '';
    const res = await h.server.app.request(`/api/competitions/${C}/import/${what}${query}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return replyOf(res);
  };

  const contestants = async (): Promise<Map<string, Record<string, unknown>>> => {
    const r = await h.call('GET', `/api/competitions/${C}/contestants`, { token: f.organizer });
    return new Map((r.body.contestants as { id: string }[]).map((c) => [c.id, c]));
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
  });
  afterAll(async () => {
    await h.close();
  });

  // Row 2 is good; row 3 has a bad gender, no name and an unknown event; row 4 repeats row 2's
  // bib, has an id the schema refuses and a team nobody created.
  const BAD_ROWS = [
    ['编号', '参赛号', '姓名', '性别', '单位', '赛项', '团队', '职工'],
    ['N1', '101', '新选手一', '男', '国网厦门, 检修公司', 'battery', '', '是'],
    ['N2', '102', '', 'X', '', 'battery；nope', '', '否'],
    ['N 3', '101', '新选手三', '女', '', '', 'T-none', 'true'],
  ];
  const BAD_PATHS = [
    'rows.3.姓名',
    'rows.3.性别',
    'rows.3.赛项',
    'rows.4.编号',
    'rows.4.参赛号',
    'rows.4.团队',
  ];
  const csvOf = (rows: readonly (readonly string[])[]): string =>
    rows
      .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
      .join('\r\n');

  it('imports nothing from a CSV with bad rows, and lists every bad field by row and column', async () => {
    const before = await fingerprint(h);
    const r = await upload('contestants', `\uFEFF${csvOf(BAD_ROWS)}\r\n`, 'text/csv', f.organizer, {
      H: 'attribute',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.code).toBe('invalid_roster');
    expect(paths(r).sort()).toEqual([...BAD_PATHS].sort());
    const byPath = new Map(
      (r.body.details as { path: string; code: string }[]).map((d) => [d.path, d]),
    );
    expect(byPath.get('rows.3.姓名')?.code).toBe('required');
    expect(byPath.get('rows.3.赛项')).toMatchObject({
      code: 'unknown_event',
      message: 'no event "nope"',
    });
    expect(byPath.get('rows.4.参赛号')).toMatchObject({
      code: 'duplicate',
      message: 'bib 101 is also row 2',
    });
    expect(byPath.get('rows.4.团队')?.code).toBe('unknown_team');
    // In the order a person reads the file.
    expect(paths(r)).toEqual(BAD_PATHS);
    expect(await fingerprint(h)).toEqual(before);
    expect((await contestants()).has('N1')).toBe(false);
  });

  it('imports nothing from the same rows as XLSX, with the same details', async () => {
    const before = await fingerprint(h);
    const r = await upload('contestants', await xlsxOf(BAD_ROWS), XLSX, f.organizer, {
      H: 'attribute',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.code).toBe('invalid_roster');
    expect(paths(r)).toEqual(BAD_PATHS);
    expect(await fingerprint(h)).toEqual(before);
  });

  it('imports a good CSV: BOM, CRLF, quoted fields, Chinese or English headers, attributes typed', async () => {
    const text =
      '\uFEFF编号,Bib,姓名 (Name),性别,单位,代表队,工位号,赛项,职工,年龄,工号,备注\r\n' +
      'N1,101,新选手一,男,"国网厦门, 检修公司",国网厦门,A-01,battery,是,34,007,"说 ""你好""\n第二行"\r\n' +
      'N2,102,新选手二,f,,厦门金龙,,,否,28.5,1200,\r\n';
    // Columns no field is named by are kept as award attributes because the organizer says so.
    const r = await upload('contestants', text, 'text/csv; charset=utf-8', f.organizer, {
      I: 'attribute',
      J: 'attribute',
      K: 'attribute',
      L: 'attribute',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ kind: 'contestants', imported: 2 });
    const all = await contestants();
    expect(all.get('N1')).toMatchObject({
      bib: '101',
      name: '新选手一',
      gender: 'M',
      unit: '国网厦门, 检修公司',
      delegation: '国网厦门',
      station: 'A-01',
      events: ['battery'],
      attributes: { 职工: true, 年龄: 34, 工号: '007', 备注: '说 "你好"\n第二行' },
    });
    expect(all.get('N2')).toMatchObject({
      gender: 'F',
      attributes: { 职工: false, 年龄: 28.5, 工号: 1200 },
    });
    expect(all.get('N2')).not.toHaveProperty('events');
    const [last] = await h.database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    expect(last?.action).toBe('roster.import');
    expect(last?.data).toMatchObject({
      contestants: ['N1', 'N2'],
      source: 'csv',
      bytes: new TextEncoder().encode(text).byteLength,
    });
    expect((last?.data as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('imports teams from XLSX, members separated by ；，or ,', async () => {
    const file = await xlsxOf([
      ['id', 'name', 'delegation', 'members'],
      ['T1', '一队', '国网厦门', 'E1；E2,E3'],
      ['T2', '二队', '厦门金龙', 'E4，E5'],
    ]);
    const r = await upload('teams', file, XLSX);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ kind: 'teams', imported: 2 });
    const members = await query<{ team_id: string; contestant_id: string }>(
      h,
      sql`select team_id, contestant_id from team_members where competition_id = ${C} order by 1, 2`,
    );
    expect(members.map((m) => `${m.team_id}:${m.contestant_id}`)).toEqual([
      'T1:E1',
      'T1:E2',
      'T1:E3',
      'T2:E4',
      'T2:E5',
    ]);
    const bad = await upload(
      'teams',
      await xlsxOf([
        ['编号', '名称', '成员', '颜色'],
        ['T3', '三队', 'E1,E99', '红'],
      ]),
      XLSX,
    );
    // An unknown column of a team file is refused (a typo must not drop data), alone.
    expectProblems(bad, {
      path: 'rows.1.颜色',
      code: 'unmapped_column',
      params: { column: 'D', header: '颜色' },
    });
    const unknownMember = await upload('teams', 'id,name,members\nT3,三队,E1;E99\n', 'text/csv');
    expectProblems(unknownMember, { path: 'rows.2.members', code: 'unknown_contestant' });
  });

  it('imports judges in one batch; a judge can sign in; the same code again is refused', async () => {
    const file = '裁判编号,姓名,PIN\r\nJ20,裁判二十,202020\r\nJ21,裁判二一,212121\r\n';
    const r = await upload('judges', file, 'text/csv');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ kind: 'judges', imported: 2 });
    const audit = await h.database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(3);
    expect(audit.map((a) => a.action)).toEqual(['judges.import', 'judge.create', 'judge.create']);
    expect(audit[0]?.data).toMatchObject({ judges: ['J20', 'J21'], source: 'csv' });
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain('212121');
    const login = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J21', pin: '212121', bearer: true },
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);

    const before = await fingerprint(h);
    const again = await upload('judges', `${file}J22,裁判二二,222222\r\n`, 'text/csv');
    expectProblems(
      again,
      { path: 'rows.2.裁判编号', code: 'already_exists' },
      { path: 'rows.3.裁判编号', code: 'already_exists' },
    );
    expect(again.body.code).toBe('invalid_roster');
    expect(await fingerprint(h)).toEqual(before);
  });

  it('checks judge rows: six-digit PINs (a hint for dropped zeros), codes, duplicates in the file', async () => {
    const before = await fingerprint(h);
    const r = await upload(
      'judges',
      await xlsxOf([
        ['code', 'name', 'pin'],
        ['J30', '裁判三十', 123456],
        ['J31', '裁判三一', 12345],
        ['J 32', '裁判三二', '333333'],
        ['J30', '重复', '444444'],
        ['J1', '已有', '555555'],
      ]),
      XLSX,
    );
    expectProblems(
      r,
      {
        path: 'rows.3.pin',
        code: 'invalid_pin',
        message: expect.stringContaining('leading zeros'),
      },
      { path: 'rows.4.code' },
      {
        path: 'rows.5.code',
        code: 'duplicate',
        message: '"J30" is also row 2',
      },
      { path: 'rows.6.code', code: 'already_exists' },
    );
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses headers it cannot read, alone: a missing column, a column named twice', async () => {
    const before = await fingerprint(h);
    const missing = await upload('judges', 'code,name\nJ40,裁判\n', 'text/csv');
    expectProblems(missing, { path: 'rows.1.pin', code: 'missing_column' });
    const twice = await upload('contestants', 'id,编号,bib,name\nX1,X1,1,名\n', 'text/csv');
    expectProblems(twice, { path: 'rows.1.编号', code: 'duplicate_column' });
    const semicolons = await upload('judges', 'code;name;pin\nJ40;裁判;123456\n', 'text/csv');
    expectFirstProblem(semicolons, { path: 'rows.1', code: 'invalid_csv' });
    const empty = await upload('judges', '', 'text/csv');
    expectFirstProblem(empty, { path: 'rows.1', code: 'missing_header' });
    const headerOnly = await upload('judges', 'code,name,pin\r\n', 'text/csv');
    expectFirstProblem(headerOnly, { path: 'rows', code: 'empty' });
    const stray = await upload('judges', 'code,name,pin\nJ40,裁判,123456,extra\n', 'text/csv');
    expectFirstProblem(stray, { path: 'rows.2.D', code: 'unnamed_column' });
    expect(await fingerprint(h)).toEqual(before);
  });

  it('refuses wrong media types, encodings, damaged and oversized files, storing nothing', async () => {
    const before = await fingerprint(h);
    const good = 'code,name,pin\nJ50,裁判,505050\n';
    for (const type of [
      null,
      'text/plain',
      'application/json',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await upload('judges', good, type);
      expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBe(415);
      expect(r.body.code).toBe('unsupported_media_type');
      expect(paths(r)).toEqual(['headers.content-type']);
    }
    const gbk = await upload('judges', good, 'text/csv; charset=gbk');
    expect(gbk.status).toBe(415);
    expect(paths(gbk)).toEqual(['headers.content-type']);
    // 裁判 in GBK: not UTF-8.
    const notUtf8 = await upload(
      'judges',
      new Uint8Array([
        ...new TextEncoder().encode('code,name,pin\nJ50,'),
        0xb2,
        0xc3,
        0xc5,
        0xd0,
        ...new TextEncoder().encode(',505050\n'),
      ]),
      'text/csv',
    );
    expectFirstProblem(notUtf8, { path: 'body', code: 'not_utf8' });
    const open = await upload('judges', 'code,name,pin\nJ50,"裁判,505050\n', 'text/csv');
    expectFirstProblem(open, { path: 'rows.2', code: 'invalid_csv' });
    const nul = await upload('judges', 'code,name,pin\nJ50,裁\u0000判,505050\n', 'text/csv');
    expectFirstProblem(nul, { path: 'rows.2.name', code: 'nul_character' });
    for (const junk of [
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      new TextEncoder().encode('not a workbook at all'),
      (await xlsxOf([['code', 'name', 'pin']])).slice(0, 300),
    ]) {
      const r = await upload('judges', junk, XLSX);
      expectFirstProblem(r, { path: 'body', code: 'unreadable' });
    }
    const bomb = await upload('judges', zipBomb(), XLSX);
    expectFirstProblem(bomb, { message: expect.stringContaining('expands to more than') });
    const big = await upload(
      'judges',
      `code,name,pin\n${'J9,x,123456\n'.repeat(500_000)}`,
      'text/csv',
    );
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const kindBad = await upload('referees', good, 'text/csv');
    expect(kindBad.status).toBe(400);
    expect(paths(kindBad)).toEqual(['params.kind']);
    expect(await fingerprint(h)).toEqual(before);
  });

  it("reads a file by what it is: Windows' Excel label on a CSV, a workbook sent as CSV", async () => {
    // Windows browsers label .csv files application/vnd.ms-excel.
    const csv = await upload(
      'judges',
      'code,name,pin\nJ60,裁判六十,606060\n',
      'application/vnd.ms-excel',
    );
    expect(csv.status, JSON.stringify(csv.body)).toBe(200);
    expect(csv.body).toEqual({ kind: 'judges', imported: 1 });
    // A ZIP archive is an XLSX workbook, whatever its label says.
    const book = await xlsxOf([
      ['code', 'name', 'pin'],
      ['J61', '裁判六十一', '616161'],
    ]);
    const workbook = await upload('judges', book, 'text/csv');
    expect(workbook.status, JSON.stringify(workbook.body)).toBe(200);
    expect(workbook.body).toEqual({ kind: 'judges', imported: 1 });
  });

  it('lets only the organizer import', async () => {
    const before = await fingerprint(h);
    const good = 'code,name,pin\nJ60,裁判,606060\n';
    expect((await upload('judges', good, 'text/csv', null)).status).toBe(401);
    expect((await upload('judges', good, 'text/csv', f.chief)).status).toBe(403);
    expect((await upload('judges', good, 'text/csv', f.judges['J1'] ?? null)).status).toBe(403);
    const unknown = await h.server.app.request('/api/competitions/no-such-thing/import/judges', {
      method: 'POST',
      headers: { authorization: `Bearer ${f.organizer}`, 'content-type': 'text/csv' },
      body: good,
    });
    expect(unknown.status).toBe(404);
    expect(await fingerprint(h)).toEqual(before);
  });
});

/** A zip whose one entry inflates to 200 MiB of zeros (a few hundred KiB on the wire). */
function zipBomb(): Uint8Array {
  const size = 200 * 1024 * 1024;
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
}
