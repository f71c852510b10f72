/// <reference lib="dom" />
/**
 * Issue 16 in Debian's Chromium: an organizer who is not a programmer imports the union's
 * 报名表 (序号, 姓名, 工作单位, 身份证号, 联系电话 and a 备注 column) through the mapping preview
 * (personal data masked, kept only because they choose to, 备注 dropped), sees the problems in
 * words (第 n 行 › 列 › 问题), creates and disables a chief judge, resets a judge's PIN, and
 * assigns judges by difference: a judge of a contestant's unit is flagged, another organizer's
 * change made meanwhile survives the save, and taking away a cell with marks is refused with
 * the reason shown.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EV_DEFINITION, ORGANIZER, type Harness } from '../harness.ts';
import { screenshot, startBrowserApp, tablet, type BrowserApp } from './browser.ts';

const ID = 'xm31-union';
const ID_NUMBER = '350203199001011234';

let app: BrowserApp;
let h: Harness;
let page: Page;
let organizer: string;

beforeAll(async () => {
  app = await startBrowserApp();
  h = app.h;
  page = await (await tablet(app.browser, app.base)).newPage();
  organizer = await h.login('/api/auth/login', ORGANIZER);
  const r = await h.call('POST', '/api/competitions', {
    token: organizer,
    body: { id: ID, name: '厦门市第31届职工技能竞赛', definition: EV_DEFINITION },
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
}, 120_000);

afterAll(async () => {
  await app.close();
});

async function notice(): Promise<string> {
  return page.getByTestId('notice').innerText();
}

async function preview(kind: string, name: string, text: string): Promise<void> {
  await page.selectOption('#import-kind', kind);
  await page.setInputFiles('#import-file', {
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${text}`),
  });
  await page.getByRole('button', { name: '预览', exact: true }).click();
  await page.getByTestId('import-preview').waitFor();
}

const commit = (): ReturnType<Page['getByRole']> =>
  page.getByRole('button', { name: '确认导入', exact: true });

describe('an organizer sets up a competition without a programmer', () => {
  it('imports the 报名表 through the mapping preview: masked, mapped, nothing stored before', async () => {
    await page.goto('/admin');
    await page.fill('#username', ORGANIZER.username);
    await page.fill('#password', ORGANIZER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#new-id').waitFor();
    await page.goto(`/admin/${ID}`);
    await page.locator('#import-kind').waitFor();

    await preview(
      'contestants',
      '报名表.csv',
      '序号,姓名,工作单位,身份证号,联系电话,备注\r\n' +
        `1,王五,国网厦门供电公司,${ID_NUMBER},13800005678,老选手\r\n` +
        '2,赵六,厦门金龙,35020319920202567X,13912345678,\r\n' +
        '3,钱七,,350203199303031111,,\r\n',
    );
    const box = page.getByTestId('import-preview');
    const text = await box.innerText();
    expect(text).toContain('3502********1234');
    expect(text).toContain('138****5678');
    expect(text).not.toContain(ID_NUMBER);
    // 身份证号 and 联系电话 are dropped unless the organizer keeps them; 备注 must be decided.
    expect(await page.getByLabel('身份证号 对应').inputValue()).toBe('drop');
    expect(await page.getByLabel('工作单位 对应').inputValue()).toBe('unit');
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.innerText()).toMatch(/表头\s+备注\s+这一列没有对应的字段/);
    expect(await commit().isDisabled()).toBe(true);
    await screenshot(page, 'organizer-import-preview');

    await page.getByLabel('身份证号 对应').selectOption('idNumber');
    await page.getByLabel('联系电话 对应').selectOption('phone');
    await page.getByLabel('备注 对应').selectOption('drop');
    await expect.poll(() => commit().isEnabled()).toBe(true);
    const nothingYet = await h.call('GET', `/api/competitions/${ID}/contestants`, {
      token: organizer,
    });
    expect(nothingYet.body.contestants).toEqual([]);
    await commit().click();
    await expect.poll(notice).toContain('已导入 3 条选手');

    const list = await h.call('GET', `/api/competitions/${ID}/contestants`, { token: organizer });
    expect(list.body.contestants[0]).toMatchObject({
      id: '1',
      bib: '1',
      name: '王五',
      unit: '国网厦门供电公司',
      attributes: {},
    });
    const personal = await h.call('GET', `/api/competitions/${ID}/personal-data`, {
      token: organizer,
    });
    expect(personal.body.contestants[0]).toEqual({
      contestant: '1',
      idNumber: '3502********1234',
      phone: '138****5678',
    });
  });

  it('shows a bad judges file row by row in words, then imports the fixed one', async () => {
    await preview(
      'judges',
      '裁判.csv',
      '序号,裁判编号,姓名,工作单位,PIN\r\n1,J1,,国网厦门供电公司,12345\r\n',
    );
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.innerText()).toContain('不能为空');
    expect(await errors.locator('tbody tr').first().innerText()).toMatch(/2\s+姓名\s+不能为空/);
    expect(await errors.innerText()).toContain('PIN 必须是 6 位数字');
    await preview(
      'judges',
      '裁判.csv',
      '序号,裁判编号,姓名,工作单位,PIN\r\n' +
        '1,J1,裁判甲,国网厦门供电公司,111111\r\n' +
        '2,J2,裁判乙,厦门技师学院,222222\r\n' +
        '3,J3,裁判丙,厦门大学,333333\r\n',
    );
    await expect.poll(() => commit().isEnabled()).toBe(true);
    await commit().click();
    await expect.poll(notice).toContain('已导入 3 条裁判');
  });

  it('creates a chief judge, who can sign in, and disables them, who then cannot', async () => {
    await page.fill('#chief-username', 'chief');
    await page.fill('#chief-name', '裁判长');
    await page.fill('#chief-unit', '厦门市总工会');
    await page.fill('#chief-password', 'chief-pass-31');
    await page.getByRole('button', { name: '添加裁判长' }).click();
    await expect.poll(notice).toContain('已添加裁判长 chief');
    const creds = { username: 'chief', password: 'chief-pass-31', competitionId: ID };
    expect((await h.call('POST', '/api/auth/login', { body: creds })).status).toBe(200);
    const row = page.getByTestId('chief-chief');
    await row.getByRole('button', { name: '停用' }).click();
    await expect.poll(notice).toContain('已停用 chief');
    await expect.poll(() => row.innerText()).toContain('已停用');
    expect((await h.call('POST', '/api/auth/login', { body: creds })).status).toBe(401);
    await row.getByRole('button', { name: '启用' }).click();
    await expect.poll(notice).toContain('已启用 chief');
    expect((await h.call('POST', '/api/auth/login', { body: creds })).status).toBe(200);
  });

  it("resets a judge's PIN from the console", async () => {
    const row = page.getByTestId('judge-J3');
    await row.getByRole('button', { name: '重置 PIN' }).click();
    await page.fill('#new-pin-J3', '303030');
    await row.locator('form').getByRole('button', { name: '重置 PIN' }).click();
    await expect.poll(notice).toContain('已重置 J3 的 PIN');
    const login = (pin: string): Promise<{ status: number }> =>
      h.call('POST', '/api/auth/judge-login', { body: { competitionId: ID, code: 'J3', pin } });
    expect((await login('333333')).status).toBe(401);
    expect((await login('303030')).status).toBe(200);
  });

  it('assigns by difference: conflicts flagged, another change kept, marks never orphaned', async () => {
    await page.reload();
    const grid = await h.call('GET', `/api/competitions/${ID}/events/battery/assignments`, {
      token: organizer,
    });
    const name = new Map(
      (grid.body.criteria as { id: string; name: string }[]).map((c) => [c.id, c.name]),
    );
    const box = (judge: string, criterion: string): ReturnType<Page['getByRole']> =>
      page.getByRole('checkbox', { name: `${judge} 评 ${name.get(criterion) ?? criterion}` });
    // J1 works where 王五 works.
    await page.getByTestId('assign-diff').waitFor();
    await expect.poll(() => page.getByTestId('conflict-J1').innerText()).toContain('回避');
    expect(await page.getByTestId('conflict-J2').count()).toBe(0);

    for (const criterion of ['seal', 'balance', 'process']) {
      await box('J1', criterion).check();
      await box('J2', criterion).check();
    }
    await box('J3', 'exam').check();
    expect(await page.getByTestId('assign-diff').innerText()).toContain('增加 7 项');
    await page.getByRole('button', { name: '保存分工' }).click();
    await expect.poll(notice).toContain('增加 7 项');

    // Another organizer adds J3 on seal meanwhile; this page still shows the old grid.
    const other = await h.call(
      'POST',
      `/api/competitions/${ID}/events/battery/assignments/changes`,
      { token: organizer, body: { add: [{ judge: 'J3', criterion: 'seal' }] } },
    );
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    await box('J2', 'process').uncheck();
    await page.getByRole('button', { name: '保存分工' }).click();
    await expect.poll(notice).toContain('取消 1 项');
    const after = await h.call('GET', `/api/competitions/${ID}/events/battery/assignments`, {
      token: organizer,
    });
    const of = (login: string): string[] =>
      (after.body.judges as { login: string; criteria: string[] }[]).find((j) => j.login === login)
        ?.criteria ?? [];
    expect(of('J3').sort()).toEqual(['exam', 'seal']);
    expect(of('J2').sort()).toEqual(['balance', 'seal']);

    // J1 enters a mark; taking seal away from J1 is then refused, with the reason.
    await h.call('POST', `/api/competitions/${ID}/events/battery/draw`, {
      token: organizer,
      body: { seed: 'union-seed-0001' },
    });
    await h.call('POST', `/api/competitions/${ID}/events/battery/status`, {
      token: organizer,
      body: { status: 'live', from: 'setup' },
    });
    const j1 = await h.login('/api/auth/judge-login', {
      competitionId: ID,
      code: 'J1',
      pin: '111111',
    });
    const sheets = await h.call('GET', `/api/competitions/${ID}/sheets?event=battery`, {
      token: organizer,
    });
    const sheet = (sheets.body.sheets as { id: string; judge: string }[]).find(
      (s) => s.judge === 'J1',
    );
    const marked = await h.call('POST', `/api/sheets/${sheet?.id ?? ''}/marks`, {
      token: j1,
      body: { opId: randomUUID(), criterion: 'seal', value: 30, expectedVersion: 0 },
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(201);
    await page.reload();
    await box('J1', 'seal').waitFor();
    await box('J1', 'seal').uncheck();
    await page.getByRole('button', { name: '保存分工' }).click();
    const details = page.getByTestId('notice-details');
    await expect.poll(() => details.innerText()).toContain('J1 已对');
    expect(await details.innerText()).toContain('录入分数，不能取消该分工');
    expect(await details.innerText()).not.toContain('body.');
    expect(await notice()).toContain('未保存，原因如下');
    await screenshot(page, 'organizer-assign-refused');
    const still = await h.call('GET', `/api/competitions/${ID}/events/battery/assignments`, {
      token: organizer,
    });
    expect(
      (still.body.judges as { login: string; criteria: string[] }[])
        .find((j) => j.login === 'J1')
        ?.criteria.sort(),
    ).toEqual(['balance', 'process', 'seal']);
  });
});
