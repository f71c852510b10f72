/**
 * An organizer sets a competition up without a programmer (issue 16), on both databases: a
 * roster with the organizer's own headers (序号, 姓名, 工作单位, 身份证号, 联系电话) previewed,
 * its unmapped columns mapped or dropped, then committed all or nothing; personal data kept only
 * when the organizer keeps it, masked in every view and absent from every public answer and
 * every other table; templates; chief judges created, edited and disabled (a disabled chief
 * cannot sign in); a judge's PIN reset; assignments changed by difference, a change that would
 * orphan marks refused with its reason, conflicts of interest flagged.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DATABASE_KINDS } from '@skills/db/testing';
import { buildFixture, startHarness, type Fixture, type Harness, type Reply } from './harness.ts';
import { fingerprint, mark, query, sheetId } from './helpers.ts';

const C = 'setup-test';
const ID_NUMBER = '350203199001011234';
const PHONE = '13800005678';
const ROSTER =
  '\uFEFF序号,姓名,工作单位,身份证号,联系电话,备注\r\n' +
  `101,王五,国网厦门,${ID_NUMBER},${PHONE},老选手\r\n` +
  '102,赵六,厦门金龙,35020319920202567X,13912345678,\r\n';

describe.each(DATABASE_KINDS)('organizer setup on %s', (kind) => {
  let h: Harness;
  let f: Fixture;

  const send = (
    path: string,
    body: string,
    columns?: Record<string, string>,
    type = 'text/csv',
  ): Promise<Reply> =>
    h.call(
      'POST',
      `/api/competitions/${C}/${path}${columns ? `?columns=${encodeURIComponent(JSON.stringify(columns))}` : ''}`,
      { token: f.organizer, raw: body, headers: { 'content-type': type } },
    );

  beforeAll(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
  });
  afterAll(async () => {
    await h.close();
  });

  it('previews a roster with the organizer’s headers: mapping, unmapped columns, masked rows, storing nothing', async () => {
    const before = await fingerprint(h);
    const r = await send('import/contestants/preview', ROSTER);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.columns).toEqual([
      { column: 'A', header: '序号', use: 'field', field: 'bib' },
      { column: 'B', header: '姓名', use: 'field', field: 'name' },
      { column: 'C', header: '工作单位', use: 'field', field: 'unit' },
      // Personal data is recognised but kept only when the organizer says so.
      { column: 'D', header: '身份证号', use: 'unmapped', field: 'idNumber' },
      { column: 'E', header: '联系电话', use: 'unmapped', field: 'phone' },
      { column: 'F', header: '备注', use: 'unmapped' },
    ]);
    expect(r.body.rows).toBe(2);
    expect(r.body.sample[0]).toEqual({
      row: 2,
      cells: ['101', '王五', '国网厦门', '3502********1234', '138****5678', '老选手'],
    });
    expect(r.body.problems.map((p: { path: string; code: string }) => [p.path, p.code])).toEqual([
      ['rows.1.身份证号', 'unmapped_column'],
      ['rows.1.联系电话', 'unmapped_column'],
      ['rows.1.备注', 'unmapped_column'],
    ]);
    expect(JSON.stringify(r.body)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(r.body)).not.toContain(PHONE);
    // The commit of the same file without a mapping is refused: nothing is kept silently.
    const refused = await send('import/contestants', ROSTER);
    expect(refused.status).toBe(422);
    expect(refused.body.details[0]).toMatchObject({
      path: 'rows.1.身份证号',
      code: 'unmapped_column',
      params: { column: 'D', header: '身份证号' },
    });
    expect(await fingerprint(h)).toEqual(before);
  });

  it('lists every row error in the preview, with the organizer’s column names', async () => {
    const bad =
      '序号,姓名,所在单位,代表队,性别\r\n' +
      '201,,国网厦门,国网厦门,男\r\n' +
      '202,钱七,,厦门金龙,X\r\n' +
      '201,孙八,厦门金龙,厦门金龙,女\r\n';
    const r = await send('import/contestants/preview', bad);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.columns.map((c: { field?: string }) => c.field)).toEqual([
      'bib',
      'name',
      'unit',
      'delegation',
      'gender',
    ]);
    expect(r.body.problems.map((p: { path: string; code: string }) => [p.path, p.code])).toEqual([
      ['rows.2.姓名', 'required'],
      ['rows.3.性别', 'invalid_value'],
      ['rows.4.序号', 'duplicate'],
    ]);
  });

  it('commits with the mapping: personal data kept, stored apart, masked; a dropped column is not stored', async () => {
    const r = await send('import/contestants', ROSTER, { D: 'idNumber', E: 'phone', F: 'drop' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ kind: 'contestants', imported: 2 });
    const list = await h.call('GET', `/api/competitions/${C}/contestants`, { token: f.organizer });
    const wang = (list.body.contestants as { id: string }[]).find((c) => c.id === '101');
    // 工作单位 is the unit, not an attribute; 备注 was dropped.
    expect(wang).toMatchObject({ bib: '101', name: '王五', unit: '国网厦门', attributes: {} });
    const personal = await h.call('GET', `/api/competitions/${C}/personal-data`, {
      token: f.organizer,
    });
    expect(personal.body.contestants).toEqual([
      { contestant: '101', idNumber: '3502********1234', phone: '138****5678' },
      { contestant: '102', idNumber: '3502********567X', phone: '139****5678' },
    ]);
    const chief = await h.call('GET', `/api/competitions/${C}/personal-data`, { token: f.chief });
    expect(chief.status).toBe(403);
  });

  it('never answers the public, nor keeps anywhere but its own table, the ID number or the phone', async () => {
    const publicPaths = [
      '/api/competitions',
      `/api/competitions/${C}`,
      `/api/competitions/${C}/definition`,
      `/api/competitions/${C}/events/battery/standings`,
      '/api/public-config',
    ];
    const deadline = Date.now() + 5_000;
    let seen = '';
    do {
      seen = '';
      for (const p of publicPaths) seen += JSON.stringify((await h.call('GET', p)).body);
      if (seen.includes('101')) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    for (const secret of [ID_NUMBER, PHONE, '1234', '5678'].slice(0, 2)) {
      expect(seen).not.toContain(secret);
    }
    expect(seen).not.toContain('********');
    // Every other table, the audit log among them, holds neither.
    const tables = await query<{ table_name: string }>(
      h,
      sql`select table_name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'personal_data'`,
    );
    for (const { table_name } of tables) {
      const rows = await query(h, sql.raw(`select * from "${table_name}"`));
      const text = JSON.stringify(rows);
      expect(text, table_name).not.toContain(ID_NUMBER);
      expect(text, table_name).not.toContain(PHONE);
    }
  });

  it('serves templates with Chinese headers that import as they are', async () => {
    const csv = await h.call(
      'GET',
      `/api/competitions/${C}/import/contestants/template?format=csv`,
      {
        token: f.organizer,
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const xlsx = await h.server.app.request(
      `/api/competitions/${C}/import/judges/template?format=xlsx`,
      { headers: { authorization: `Bearer ${f.organizer}` } },
    );
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const header = book.worksheets[0]?.getRow(1).values as unknown[];
    expect(header.slice(1)).toEqual([
      '序号',
      '裁判编号',
      '姓名',
      '工作单位',
      'PIN',
      '身份证号',
      '联系电话',
    ]);
    // The template plus rows imports without a mapping.
    const judges = `序号,裁判编号,姓名,工作单位,PIN\r\n1,J40,裁判四十,国网厦门,404040\r\n`;
    const r = await send('import/judges', judges);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });

  it('keeps a judge’s own 身份证号 and 联系电话 when mapped, masked, and flags a unit written longer', async () => {
    const judges =
      '序号,裁判编号,姓名,工作单位,PIN,身份证号,联系电话\r\n' +
      `1,J41,裁判四一,国网厦门供电公司,414141,${ID_NUMBER},${PHONE}\r\n` +
      '2,J42,裁判四二,厦门技师学院,424242,12345,\r\n';
    // A bad ID number is refused naming its row and column, and nothing is stored.
    const bad = await send('import/judges', judges, { F: 'idNumber', G: 'phone' });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['rows.3.身份证号', 'invalid_id_number'],
    ]);
    const good = judges.replace(',12345,', ',,');
    const r = await send('import/judges', good, { F: 'idNumber', G: 'phone' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const personal = await h.call('GET', `/api/competitions/${C}/personal-data`, {
      token: f.organizer,
    });
    expect(personal.body.judges).toEqual([
      { judge: 'J41', idNumber: '3502********1234', phone: '138****5678' },
      { judge: 'J42', idNumber: null, phone: null },
    ]);
    const list = await h.call('GET', `/api/competitions/${C}/judges`, { token: f.organizer });
    expect(JSON.stringify(list.body)).not.toContain(PHONE);
    expect(JSON.stringify(list.body)).not.toContain(ID_NUMBER);
    // 国网厦门供电公司 is 国网厦门: J41 is flagged for 王五.
    const grid = await h.call('GET', `/api/competitions/${C}/events/battery/assignments`, {
      token: f.organizer,
    });
    const j41 = grid.body.judges.find((j: { login: string }) => j.login === 'J41');
    expect(j41.conflicts).toEqual([{ id: '101', bib: '101', name: '王五' }]);
  });

  it('flags a judge of a contestant’s unit, and changes assignments by difference', async () => {
    const grid = await h.call('GET', `/api/competitions/${C}/events/battery/assignments`, {
      token: f.organizer,
    });
    expect(grid.status, JSON.stringify(grid.body)).toBe(200);
    const j40 = grid.body.judges.find((j: { login: string }) => j.login === 'J40');
    expect(j40).toMatchObject({ unit: '国网厦门', criteria: [] });
    expect(j40.conflicts).toEqual([{ id: '101', bib: '101', name: '王五' }]);
    const j1 = grid.body.judges.find((j: { login: string }) => j.login === 'J1');
    expect(j1.criteria).toEqual(['seal', 'balance', 'process']);

    // Add J40 on seal, take balance from J2: J1 and J3 stay as they were.
    const r = await h.call('POST', `/api/competitions/${C}/events/battery/assignments/changes`, {
      token: f.organizer,
      body: {
        add: [{ judge: 'J40', criterion: 'seal' }],
        remove: [{ judge: 'J2', criterion: 'balance' }],
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.assignments).toBe(5);
    const after = await h.call('GET', `/api/competitions/${C}/events/battery/assignments`, {
      token: f.organizer,
    });
    const criteria = Object.fromEntries(
      (after.body.judges as { login: string; criteria: string[] }[]).map((j) => [
        j.login,
        j.criteria,
      ]),
    );
    expect(criteria).toMatchObject({
      J1: ['seal', 'balance', 'process'],
      J2: ['seal', 'process'],
      J3: ['seal', 'balance', 'process'],
      J40: ['seal'],
    });
  });

  it('refuses a change that would orphan marks, with the reason, and changes nothing', async () => {
    const id = await sheetId(h, f, 'J1', 'E1');
    await mark(h, f, f.judges['J1'], id, 'seal', 30);
    const before = await fingerprint(h);
    const r = await h.call('POST', `/api/competitions/${C}/events/battery/assignments/changes`, {
      token: f.organizer,
      body: {
        add: [{ judge: 'J40', criterion: 'balance' }],
        remove: [{ judge: 'J1', criterion: 'seal' }],
      },
    });
    expect(r.status).toBe(409);
    expect(r.body.details).toEqual([
      expect.objectContaining({
        path: 'body.remove[0]',
        code: 'marks_entered',
        params: { judge: 'J1', criterion: expect.any(String) },
      }),
    ]);
    expect(await fingerprint(h)).toEqual(before);
    const unknown = await h.call(
      'POST',
      `/api/competitions/${C}/events/battery/assignments/changes`,
      { token: f.organizer, body: { add: [{ judge: 'NOBODY', criterion: 'seal' }] } },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({
      path: 'body.add[0].judge',
      code: 'unknown_judge',
    });
    const grid = await h.call('GET', `/api/competitions/${C}/events/battery/assignments`, {
      token: f.organizer,
    });
    const j1 = grid.body.judges.find((j: { login: string }) => j.login === 'J1');
    expect(j1.marked).toEqual(['seal']);
  });

  it('creates, edits and disables a chief judge; a disabled chief cannot sign in and is signed out', async () => {
    const created = await h.call('POST', `/api/competitions/${C}/chiefs`, {
      token: f.organizer,
      body: {
        username: 'deputy',
        name: '副裁判长',
        password: 'deputy-pass-1',
        unit: '厦门技师学院',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const creds = { username: 'deputy', password: 'deputy-pass-1', competitionId: C, bearer: true };
    const token = await h.login('/api/auth/login', creds);
    const edited = await h.call('PUT', `/api/competitions/${C}/chiefs/${id}`, {
      token: f.organizer,
      body: { name: '副裁判长（技术）' },
    });
    expect(edited.body).toMatchObject({
      name: '副裁判长（技术）',
      unit: '厦门技师学院',
      disabled: false,
    });
    const list = await h.call('GET', `/api/competitions/${C}/judges`, { token: f.organizer });
    expect(list.body.users.find((u: { id: string }) => u.id === id)).toMatchObject({
      role: 'chief',
      name: '副裁判长（技术）',
      disabled: false,
    });
    const disabled = await h.call('PUT', `/api/competitions/${C}/chiefs/${id}`, {
      token: f.organizer,
      body: { disabled: true },
    });
    expect(disabled.body.disabled).toBe(true);
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(401);
    const again = await h.call('POST', '/api/auth/login', { body: creds });
    expect(again.status).toBe(401);
    // A judge's id is not a chief's: the path names the role.
    const wrong = await h.call('PUT', `/api/competitions/${C}/chiefs/${f.judgeIds['J1']}`, {
      token: f.organizer,
      body: { name: 'x' },
    });
    expect(wrong.status).toBe(404);
    const enabled = await h.call('PUT', `/api/competitions/${C}/chiefs/${id}`, {
      token: f.organizer,
      body: { disabled: false, password: 'deputy-pass-2' },
    });
    expect(enabled.status).toBe(200);
    const newLogin = await h.call('POST', '/api/auth/login', {
      body: { ...creds, password: 'deputy-pass-2' },
    });
    expect(newLogin.status).toBe(200);
    // A chief judge's login card: the organizer's one-time link signs them in as a chief.
    const link = await h.call('POST', `/api/competitions/${C}/judges/${id}/login-link`, {
      token: f.organizer,
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const byLink = await h.call('POST', '/api/auth/link-login', {
      body: { token: link.body.token, bearer: true },
    });
    expect(byLink.status, JSON.stringify(byLink.body)).toBe(200);
    expect(byLink.body.user).toMatchObject({ role: 'chief', login: 'deputy' });
    // A chief judge makes cards for judges only, not for another chief.
    const byChief = await h.call('POST', `/api/competitions/${C}/judges/${id}/login-link`, {
      token: f.chief,
    });
    expect(byChief.status).toBe(404);
  });

  it("resets a judge's PIN: the old PIN and the old session stop working", async () => {
    const old = f.judges['J3'];
    const r = await h.call('POST', `/api/competitions/${C}/judges/${f.judgeIds['J3']}/pin`, {
      token: f.organizer,
      body: { pin: '030303' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await h.call('GET', '/api/auth/me', { token: old })).status).toBe(401);
    const before = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J3', pin: '333333' },
    });
    expect(before.status).toBe(401);
    const now = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J3', pin: '030303' },
    });
    expect(now.status).toBe(200);
    const bad = await h.call('POST', `/api/competitions/${C}/judges/${f.judgeIds['J3']}/pin`, {
      token: f.organizer,
      body: { pin: '12' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('body.pin');
  });
});
