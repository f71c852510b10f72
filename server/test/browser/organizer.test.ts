/// <reference lib="dom" />
/**
 * The organizer's console in Debian's Chromium, as a new organizer uses it: create a
 * competition from its definition file, import contestants from XLSX (one bad row imports
 * nothing and is shown) and judges from CSV, assign judges, draw codes reproducibly from a seed,
 * start marking, be refused finalize with the blockers listed, finalize, export the results as
 * XLSX (read back: it matches the standings) and print nominations, refused before finalize.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Standings } from '../../src/contract/api.ts';
import { EV_DEFINITION, ORGANIZER, type Fixture, type Harness } from '../harness.ts';
import { completeSheets } from '../helpers.ts';
import { screenshot, startBrowserApp, tablet, type BrowserApp } from './browser.ts';

const ID = 'xm30-battery';
const PINS: Record<string, string> = { J1: '111111', J2: '222222', J3: '333333', J9: '999999' };
const ASSIGN: Record<string, readonly string[]> = {
  J9: ['理论考试', '高压安全操作（违规则实操模块记零分）'],
  J1: ['电池包密封性测试', '电池模组配平', '操作规范与职业素养'],
  J2: ['电池包密封性测试', '电池模组配平', '操作规范与职业素养'],
  J3: ['电池包密封性测试', '电池模组配平', '操作规范与职业素养'],
};

let app: BrowserApp;
let h: Harness;
let page: Page;

beforeAll(async () => {
  app = await startBrowserApp();
  h = app.h;
  page = await (await tablet(app.browser, app.base)).newPage();
}, 120_000);

afterAll(async () => {
  await app.close();
});

/** A contestants workbook; `bad` leaves one row's name empty (row 4 of the sheet). */
async function contestantsXlsx(bad: boolean): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('选手');
  sheet.addRow(['编号', '参赛号', '姓名', '性别', '单位', '代表队', 'employee']);
  for (let i = 1; i <= 6; i++) {
    sheet.addRow([
      `E${i}`,
      String(i).padStart(3, '0'),
      bad && i === 3 ? '' : `选手${i}`,
      i === 2 || i === 5 ? '女' : '男',
      i % 2 === 0 ? '厦门金龙' : '国网厦门',
      i % 2 === 0 ? '厦门金龙' : '国网厦门',
      i === 6 ? '否' : '是',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function api<T>(path: string, token: string): Promise<T> {
  const r = await h.call('GET', path, { token });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

/** Previews a file; a file with no problems is then imported ("确认导入"). */
async function importFile(kind: string, name: string, mimeType: string, buffer: Buffer) {
  await page.selectOption('#import-kind', kind);
  await page.setInputFiles('#import-file', { name, mimeType, buffer });
  await page.getByRole('button', { name: '预览', exact: true }).click();
  await page.getByTestId('import-preview').waitFor();
  const commit = page.getByRole('button', { name: '确认导入', exact: true });
  const errors = page.getByTestId('import-errors');
  await expect
    .poll(async () => (await errors.isVisible()) || (await commit.isEnabled()))
    .toBe(true);
  if (await commit.isEnabled()) await commit.click();
}

async function notice(): Promise<string> {
  return page.getByTestId('notice').innerText();
}

describe('organizer console in Chromium', () => {
  let organizer: string;

  it('sets up a competition from scratch: definition, XLSX import, judges, assignments', async () => {
    organizer = await h.login('/api/auth/login', ORGANIZER);
    await page.goto('/admin');
    await page.fill('#username', ORGANIZER.username);
    await page.fill('#password', ORGANIZER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.fill('#new-id', ID);
    await page.fill('#new-name', '厦门市第30届职工技能竞赛');
    await page.setInputFiles('#new-file', {
      name: 'ev.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(EV_DEFINITION)),
    });
    await expect.poll(() => page.locator('#new-definition').inputValue()).toContain('battery');
    await page.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(`**/admin/${ID}`);

    // One bad row: the preview shows its row and column, and nothing can be imported.
    await importFile(
      'contestants',
      'contestants.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      await contestantsXlsx(true),
    );
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.isVisible()).toBe(true);
    expect(await errors.locator('tbody tr').first().innerText()).toMatch(/4\s+姓名/);
    expect(
      (await api<{ contestants: unknown[] }>(`/api/competitions/${ID}/contestants`, organizer))
        .contestants,
    ).toEqual([]);
    await screenshot(page, 'organizer-import-refused');

    await importFile(
      'contestants',
      'contestants.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      await contestantsXlsx(false),
    );
    await expect.poll(notice).toContain('已导入 6 条选手');
    const csv = [
      '裁判编号,姓名,PIN',
      ...Object.entries(PINS).map(([c, p]) => `${c},裁判${c},${p}`),
    ].join('\n');
    await importFile('judges', 'judges.csv', 'text/csv', Buffer.from(csv));
    await expect.poll(notice).toContain('已导入 4 条裁判');

    for (const [judge, criteria] of Object.entries(ASSIGN)) {
      for (const criterion of criteria) {
        await page.getByRole('checkbox', { name: `${judge} 评 ${criterion}` }).check();
      }
    }
    await page.getByRole('button', { name: '保存分工' }).click();
    await expect.poll(notice).toContain('共 24 张评分表');
  });

  it('draws codes reproducibly from a seed', async () => {
    const drawOnce = async (): Promise<string> => {
      await page.fill('#draw-seed', 'organizer-seed-0001');
      await page.getByRole('button', { name: '抽签', exact: true }).click();
      await expect.poll(() => page.getByTestId('draw-reproducible').innerText()).toBe('是');
      const draw = await api<{ codes: unknown[] }>(
        `/api/competitions/${ID}/events/battery/draw`,
        organizer,
      );
      return JSON.stringify(draw.codes);
    };
    const first = await drawOnce();
    expect(await page.getByTestId('draw-seed').innerText()).toBe('organizer-seed-0001');
    expect(await drawOnce()).toBe(first);
    await page.getByTestId('draw-print').click();
    await expect.poll(() => page.getByTestId('draw-sheet').locator('tbody tr').count()).toBe(6);
    await page.goBack();
  });

  it('shows a new event as not published until the organizer publishes it', async () => {
    const chip = page.getByTestId('event-published-battery');
    expect(await chip.innerText()).toContain('未发布');
    const publicList = async (): Promise<string[]> =>
      (
        (await h.call('GET', '/api/competitions')).body as { competitions: { id: string }[] }
      ).competitions.map((c) => c.id);
    expect(await publicList()).not.toContain(ID);
    await page.getByTestId('publish-battery').click();
    await expect.poll(() => chip.innerText()).toContain('已发布');
    expect(await publicList()).toContain(ID);
  });

  it('refuses finalize with its blockers, then finalizes; nominations only after it', async () => {
    await page.getByTestId('move-battery-live').click();
    await expect.poll(() => page.getByTestId('event-status-battery').innerText()).toBe('进行中');

    // Nominations before finalize: refused, naming the event.
    await page.getByTestId('nominations-link').click();
    await expect
      .poll(() => page.getByTestId('nominations-refused').innerText())
      .toContain('电池包密封性测试与模组配平');
    await page.goBack();

    // 定稿 asks first, saying what happens and counting the unverified sheets; cancel changes nothing.
    await page.getByTestId('move-battery-final').click();
    const confirm = page.getByTestId('status-confirm');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.innerText()).toContain('定稿后成绩锁定');
    await expect
      .poll(() => page.getByTestId('status-confirm-counts').innerText())
      .toMatch(/共 \d+ 张评分表，\d+ 张未核验/);
    await page.getByTestId('status-confirm-cancel').click();
    await expect.poll(() => confirm.isVisible()).toBe(false);
    expect(await page.getByTestId('blockers-battery').count()).toBe(0);
    expect(await page.getByTestId('event-status-battery').innerText()).toBe('进行中');

    await page.getByTestId('move-battery-final').click();
    await page.getByTestId('status-confirm-ok').click();
    const blockers = page.getByTestId('blockers-battery');
    await expect.poll(() => blockers.isVisible()).toBe(true);
    expect(await blockers.locator('li').count()).toBeGreaterThanOrEqual(24);
    expect(await blockers.innerText()).toContain('未核验');

    // The judges mark (distinct seal marks give distinct ranks), sign, and the sheets are verified.
    const chief = await h.call('POST', `/api/competitions/${ID}/chiefs`, {
      token: organizer,
      body: { username: 'chief30', name: '裁判长', password: 'chief-pass-30' },
    });
    expect(chief.status).toBe(201);
    const judges: Record<string, string> = {};
    for (const [code, pin] of Object.entries(PINS)) {
      judges[code] = await h.login('/api/auth/judge-login', { competitionId: ID, code, pin });
    }
    const f: Fixture = {
      competitionId: ID,
      organizer,
      chief: await h.login('/api/auth/login', {
        username: 'chief30',
        password: 'chief-pass-30',
        competitionId: ID,
      }),
      judges,
      judgeIds: {},
      pins: PINS,
    };
    const sheets = (
      await api<{ sheets: { id: string; judge: string; entrant?: { id: string } }[] }>(
        `/api/competitions/${ID}/sheets?event=battery`,
        organizer,
      )
    ).sheets;
    for (const s of sheets.filter((x) => x.judge !== 'J9')) {
      const i = Number((s.entrant?.id ?? 'E0').slice(1));
      const r = await h.call('POST', `/api/sheets/${s.id}/marks`, {
        token: judges[s.judge],
        body: { opId: randomUUID(), criterion: 'seal', value: 20 + i, expectedVersion: 0 },
      });
      expect(r.status).toBe(201);
    }
    await completeSheets(h, f);

    await page.reload();
    await page.getByTestId('move-battery-final').click();
    await page.getByTestId('status-confirm-ok').click();
    await expect.poll(() => page.getByTestId('event-status-battery').innerText()).toBe('已定稿');
    await screenshot(page, 'organizer-console');

    // The audit chain verifies, and the console lists this competition's latest entries.
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await expect.poll(() => page.getByTestId('audit-result').innerText()).toContain('完整');
    await expect.poll(() => page.getByTestId('audit-log').innerText()).toContain('event.finalize');

    // The exported workbook, read back, matches the official standings.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-xlsx-battery').click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(readFileSync(file)).buffer);
    const cells: string[][] = [];
    book.worksheets[0]?.eachRow((row) => {
      cells.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')),
      );
    });
    const official = await api<Standings>(
      `/api/competitions/${ID}/events/battery/standings?view=official`,
      organizer,
    );
    expect(official.rows).toHaveLength(6);
    for (const row of official.rows) {
      const line = cells.find((c) => c.includes(String(row['name'])));
      expect(line, String(row['name'])).toBeDefined();
      expect(line).toContain(String(row['rank']));
      expect(line?.some((c) => Number(c) === Number(row['score']))).toBe(true);
    }

    // Nominations from the finalized snapshot, with its hash and the rule version.
    await page.getByTestId('nominations-link').click();
    const wuyi = page.getByTestId('award-wuyi');
    await expect.poll(() => wuyi.isVisible()).toBe(true);
    // 选手6 ranks first but is not an employee: passed over, and 选手5 moves up.
    const wuyiNominees = await wuyi.locator('tbody').innerText();
    expect(wuyiNominees).toContain('选手5');
    expect(wuyiNominees).toContain('递补');
    expect(wuyiNominees).not.toContain('选手6');
    expect(await wuyi.innerText()).toContain('因资格不符未推荐');
    const jineng = await page.getByTestId('award-jineng').innerText();
    for (const name of ['选手5', '选手4', '选手3']) expect(jineng).toContain(name);
    expect(await page.getByTestId('award-nvzhigong').innerText()).toContain('选手5');
    const nominations = await api<{ snapshotHash: string }>(
      `/api/competitions/${ID}/nominations`,
      organizer,
    );
    expect(await page.getByTestId('nominations-provenance').innerText()).toContain(
      nominations.snapshotHash,
    );
    await screenshot(page, 'organizer-nominations');
    await page.getByRole('button', { name: '证书' }).click();
    expect(await page.getByTestId('certificate').count()).toBe(5);
  });
});
