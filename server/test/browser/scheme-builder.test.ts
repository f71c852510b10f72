/// <reference lib="dom" />
/**
 * Issue 16, done-when, in Debian's Chromium: an organizer builds a NEW competition entirely
 * through the marking-scheme builder (no JSON typed): a cooking event, theory 30 % by one judge,
 * practical 70 % by three judges on four criteria, two tie-breaks, two award rules. The builder
 * names a problem by its fields' labels; the live preview ranks sample contestants by the engine
 * (a tie the first tie-break settles, explained); the competition is created, edited and saved
 * again through the builder; its scheme is downloaded as XLSX and loaded back unchanged; the
 * 报名表 (序号/姓名/工作单位/身份证号/联系电话) goes in through the mapping preview; a chief
 * judge is created and judges assigned by difference in the console; judges mark over the API,
 * the chief verifies, the organizer finalizes, and the nominations follow the award rules.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZER, type Harness } from '../harness.ts';
import { pageErrors, screenshot, startBrowserApp, tablet, type BrowserApp } from './browser.ts';

const ID = 'cook-2026';
const PRACTICAL = ['刀工', '火候', '调味', '卫生与规范'] as const;
const MAX: Record<string, number> = { 刀工: 30, 火候: 30, 调味: 25, 卫生与规范: 15 };
const PINS: Record<string, string> = {
  J1: '111111',
  J2: '222222',
  J3: '333333',
  J4: '444444',
};
const PEOPLE = ['王一', '李二', '张三', '赵四', '钱五'] as const;

let app: BrowserApp;
let h: Harness;
let page: Page;
let errors: string[];
let organizer: string;

beforeAll(async () => {
  app = await startBrowserApp();
  h = app.h;
  page = await (await tablet(app.browser, app.base)).newPage();
  errors = pageErrors(page);
  organizer = await h.login('/api/auth/login', ORGANIZER);
}, 120_000);

afterAll(async () => {
  await app.close();
});

const id = (testid: string): ReturnType<Page['getByTestId']> => page.getByTestId(testid);
const input = (testid: string): ReturnType<Page['locator']> =>
  page.locator(`[data-testid="${testid}"]`);
const notice = (): Promise<string> => id('notice').innerText();
const problems = (): Promise<string> => id('builder-problems').innerText();

async function get<T>(path: string): Promise<T> {
  const r = await h.call('GET', path, { token: organizer });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** Fills a criterion row of the builder: name, kind points, max, and its panel. */
async function criterion(tp: string, name: string, max: number, judges: number): Promise<void> {
  await input(`${tp}-name`).fill(name);
  await input(`${tp}-max`).fill(String(max));
  await input(`${tp}-judges`).fill(String(judges));
}

/** The preview's rank column, by sample contestant (选手甲 … 选手戊). */
async function previewRanks(): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= 5; i++) {
    out.push(
      await id(`preview-row-p${String(i)}`)
        .locator('td')
        .first()
        .innerText(),
    );
  }
  return out;
}

describe('a new competition built entirely through the builder', () => {
  it('builds the scheme with forms, problems named by labels, preview ranked by the engine', async () => {
    await page.goto('/admin');
    await page.fill('#username', ORGANIZER.username);
    await page.fill('#password', ORGANIZER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.fill('#new-id', ID);
    await page.fill('#new-name', '2026 年职工烹饪技能竞赛');
    await id('builder').waitFor();

    await input('ev0-name').fill('中式烹调');
    // Enter in a field of the builder does not submit the half-built scheme.
    await input('ev0-name').press('Enter');
    await input('ev0-judges').fill('3');
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect((await h.call('GET', `/api/competitions/${ID}`, { token: organizer })).status).toBe(404);
    await input('ev0-aggregation').selectOption('mean');
    await input('ev0-m0-name').fill('理论知识');
    await input('ev0-m0-weight').fill('30');
    await criterion('ev0-m0-c0', '理论考试', 100, 1);
    await input('ev0-m0-c0-aggregation').selectOption('single');

    await id('ev0-add-module').click();
    await input('ev0-m1-name').fill('实际操作');
    // A module without a weight beside a weighted one: named by its labels, in words.
    await expect
      .poll(problems)
      .toContain(
        '赛项 1「中式烹调」 › 模块「实际操作」 › 权重（%） › 同一赛项的模块要么都填权重，要么都不填',
      );
    await input('ev0-m1-weight').fill('70');
    for (const [i, name] of PRACTICAL.entries()) {
      if (i > 0) await id('ev0-m1-add-criterion').click();
      await criterion(`ev0-m1-c${String(i)}`, name, MAX[name] ?? 0, 3);
    }

    // Two tie-breaks: the practical module, then 刀工.
    await id('ev0-add-tiebreak').click();
    await input('ev0-tb0-by').selectOption('module');
    await input('ev0-tb0-module').selectOption({ label: '实际操作' });
    await id('ev0-add-tiebreak').click();
    await input('ev0-tb1-by').selectOption('criterion');
    await input('ev0-tb1-criterion').selectOption({ label: '刀工' });

    // Award rules: 一等奖 rank 1; 二等奖 ranks 2–3 with a minimum score of 60.
    await id('add-award').click();
    await input('aw0-name').fill('一等奖');
    await id('add-award').click();
    await input('aw1-name').fill('二等奖');
    await input('aw1-from').fill('2');
    await input('aw1-to').fill('3');
    await input('aw1-minScore').fill('60');
    await expect.poll(problems).toBe('评分细则有效。');

    // Sample marks: 乙 and 丙 start equal and share rank 2.
    const ranks = id('preview-ranks');
    await ranks.waitFor();
    expect(await previewRanks()).toEqual(['1', '2', '2', '4', '5']);
    // 丙: 7 more in theory (+2.1 weighted), 3 less 刀工 from every judge (−2.1): the same total,
    // and the first tie-break (实际操作) puts 乙 ahead.
    await page.getByLabel('选手丙 理论考试 裁判 1', { exact: true }).fill('87');
    for (const [j, v] of [21, 24, 21].entries()) {
      await page.getByLabel(`选手丙 刀工 裁判 ${String(j + 1)}`, { exact: true }).fill(String(v));
    }
    await expect.poll(previewRanks).toEqual(['1', '2', '3', '4', '5']);
    const score = (p: string): Promise<string> =>
      id(`preview-row-${p}`).locator('td').last().innerText();
    expect(await score('p3')).toBe(await score('p2'));
    await id('preview-row-p3').locator('summary').click();
    const why = await id('preview-why-p3').innerText();
    expect(why).toMatch(/理论知识：87 \/ 100，加权计 26\.1/);
    expect(why).toContain('刀工：21, 24, 21 → 22');
    expect(why).toContain('实际操作');
    expect(why).toMatch(/决胜/);
    await screenshot(page, 'organizer-scheme-builder');
    expect(errors).toEqual([]);
  });

  it('creates the competition, edits and saves through the builder, round-trips the XLSX scheme', async () => {
    await page.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(`**/admin/${ID}`);
    const created = await get<{ version: number; definition: Record<string, unknown> }>(
      `/api/competitions/${ID}/definition`,
    );
    expect(created.version).toBe(1);
    const events = created.definition['events'] as { name: string; modules: unknown[] }[];
    expect(events.map((e) => e.name)).toEqual(['中式烹调']);
    expect(JSON.stringify(created.definition)).toContain('卫生与规范');

    // The console opens the builder on the stored scheme; a rename is saved as version 2.
    await input('aw1-name').waitFor();
    expect(await input('aw1-name').inputValue()).toBe('二等奖');
    await input('aw1-name').fill('二等奖（优秀选手）');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await expect.poll(notice).toContain('2');
    const saved = await get<{ version: number; definition: unknown }>(
      `/api/competitions/${ID}/definition`,
    );
    expect(saved.version).toBe(2);
    expect(JSON.stringify(saved.definition)).toContain('二等奖（优秀选手）');

    // The JSON text shows the same document.
    await id('mode-text').click();
    expect(await page.getByRole('textbox', { name: '评分方案' }).inputValue()).toContain(
      '二等奖（优秀选手）',
    );
    await id('mode-form').click();

    const download = page.waitForEvent('download');
    await id('scheme-download').click();
    const file = await (await download).path();
    await page.setInputFiles('[data-testid="scheme-upload"]', {
      name: 'scheme.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: readFileSync(file),
    });
    await expect
      .poll(
        async () => (await get<{ version: number }>(`/api/competitions/${ID}/definition`)).version,
      )
      .toBe(3);
    const loaded = await get<{ definition: unknown }>(`/api/competitions/${ID}/definition`);
    expect(loaded.definition).toEqual(saved.definition);
  });

  it('imports the 报名表 through the mapping preview, adds a chief, assigns by difference', async () => {
    await page.selectOption('#import-kind', 'contestants');
    const rows = PEOPLE.map(
      (n, i) =>
        `${String(i + 1)},${n},${i % 2 === 0 ? '福州大酒店' : '厦门宾馆'},35020319900101123${String(i)},1380000567${String(i)}`,
    );
    await page.setInputFiles('#import-file', {
      name: '报名表.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF序号,姓名,工作单位,身份证号,联系电话\r\n${rows.join('\r\n')}\r\n`),
    });
    await page.getByRole('button', { name: '预览', exact: true }).click();
    await id('import-preview').waitFor();
    expect(await page.getByLabel('工作单位 对应').inputValue()).toBe('unit');
    await page.getByLabel('身份证号 对应').selectOption('idNumber');
    await page.getByLabel('联系电话 对应').selectOption('phone');
    const commit = page.getByRole('button', { name: '确认导入', exact: true });
    await expect.poll(() => commit.isEnabled()).toBe(true);
    await commit.click();
    await expect.poll(notice).toContain('已导入 5 条选手');
    const roster = await get<{ contestants: { name: string; unit: string }[] }>(
      `/api/competitions/${ID}/contestants`,
    );
    expect(roster.contestants.map((c) => c.unit)).toContain('厦门宾馆');

    await page.selectOption('#import-kind', 'judges');
    const judges = Object.entries(PINS).map(([c, p]) => `${c},裁判${c},烹饪协会,${p}`);
    await page.setInputFiles('#import-file', {
      name: '裁判.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`裁判编号,姓名,工作单位,PIN\r\n${judges.join('\r\n')}\r\n`),
    });
    await page.getByRole('button', { name: '预览', exact: true }).click();
    await expect.poll(() => commit.isEnabled()).toBe(true);
    await commit.click();
    await expect.poll(notice).toContain('已导入 4 条裁判');

    await page.fill('#chief-username', 'cookchief');
    await page.fill('#chief-name', '裁判长');
    await page.fill('#chief-unit', '烹饪协会');
    await page.fill('#chief-password', 'chief-pass-2026');
    await page.getByRole('button', { name: '添加裁判长' }).click();
    await expect.poll(notice).toContain('已添加裁判长 cookchief');

    await page.reload();
    const box = (judge: string, name: string): ReturnType<Page['getByRole']> =>
      page.getByRole('checkbox', { name: `${judge} 评 ${name}` });
    await id('assign-diff').waitFor();
    await box('J4', '理论考试').check();
    for (const judge of ['J1', 'J2', 'J3']) {
      for (const name of PRACTICAL) await box(judge, name).check();
    }
    expect(await id('assign-diff').innerText()).toContain('增加 13 项');
    await page.getByRole('button', { name: '保存分工' }).click();
    await expect.poll(notice).toContain('增加 13 项');

    // Replacing the event that now has score sheets: the server refuses, and the notice says
    // so by the builder's labels, not by a JSON path.
    await id('add-event').click();
    await id('aw1-remove').click();
    await id('aw0-remove').click();
    await id('ev0-remove').click();
    await expect.poll(problems).toBe('评分细则有效。');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const details = id('notice-details');
    await expect
      .poll(() => details.innerText())
      .toContain('赛项 › 已有评分表的赛项不能删除，也不能改编号');
    expect(await details.innerText()).not.toContain('body.');
    expect(await problems()).toContain('赛项 › 已有评分表的赛项不能删除，也不能改编号');
    expect((await get<{ version: number }>(`/api/competitions/${ID}/definition`)).version).toBe(3);
    await page.reload();
  });

  it('runs to nominations: judges mark, the chief verifies, the organizer finalizes', async () => {
    const event = 'e1';
    await h.call('POST', `/api/competitions/${ID}/events/${event}/draw`, {
      token: organizer,
      body: { seed: 'cooking-seed-0001' },
    });
    const live = await h.call('POST', `/api/competitions/${ID}/events/${event}/status`, {
      token: organizer,
      body: { status: 'live', from: 'setup' },
    });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    const chief = await h.login('/api/auth/login', {
      username: 'cookchief',
      password: 'chief-pass-2026',
      competitionId: ID,
    });
    const tokens: Record<string, string> = {};
    for (const [code, pin] of Object.entries(PINS)) {
      tokens[code] = await h.login('/api/auth/judge-login', { competitionId: ID, code, pin });
    }
    const grid = await get<{ criteria: { id: string; name: string }[] }>(
      `/api/competitions/${ID}/events/${event}/assignments`,
    );
    const nameOf = new Map(grid.criteria.map((c) => [c.id, c.name]));
    const { sheets } = await get<{
      sheets: { id: string; judge: string; entrant?: { id: string } }[];
    }>(`/api/competitions/${ID}/sheets?event=${event}`);
    expect(sheets).toHaveLength(20);
    for (const s of sheets) {
      // Contestant n (序号) scores higher the later it is listed: 钱五 first.
      const n = Number(s.entrant?.id ?? '0');
      const criteria = s.judge === 'J4' ? ['理论考试'] : [...PRACTICAL];
      const value = (name: string): number =>
        name === '理论考试' ? 60 + 5 * n : (MAX[name] ?? 0) - 5 + n;
      const ops = [...nameOf].filter(([, name]) => criteria.includes(name as never));
      const r = await h.call('POST', '/api/marks/batch', {
        token: tokens[s.judge],
        body: {
          ops: ops.map(([criterion, name]) => ({
            opId: randomUUID(),
            sheetId: s.id,
            criterion,
            value: value(name),
            expectedVersion: 0,
          })),
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const now = await h.call('GET', `/api/sheets/${s.id}`, { token: tokens[s.judge] });
      const signed = await h.call('POST', `/api/sheets/${s.id}/submit`, {
        token: tokens[s.judge],
        body: { revision: now.body.revision, pin: PINS[s.judge] },
      });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      const verified = await h.call('POST', `/api/sheets/${s.id}/verify`, {
        token: chief,
        body: { revision: signed.body.revision },
      });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    }

    await page.reload();
    await id(`move-${event}-final`).click();
    // 定稿 asks first, saying what it will do.
    await expect.poll(() => id('status-confirm').isVisible()).toBe(true);
    await id('status-confirm-ok').click();
    await expect.poll(() => id(`event-status-${event}`).innerText()).toBe('已定稿');

    await id('nominations-link').click();
    const first = id('award-a1');
    await expect.poll(() => first.isVisible()).toBe(true);
    expect(await first.locator('tbody').innerText()).toContain('钱五');
    const second = await id('award-a2').locator('tbody').innerText();
    expect(second).toContain('赵四');
    expect(second).toContain('张三');
    expect(second).not.toContain('钱五');
    expect(errors).toEqual([]);
  });
});
