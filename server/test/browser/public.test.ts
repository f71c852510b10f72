/// <reference lib="dom" />
/**
 * The public pages in Debian's Chromium, against the real app (API, live endpoint and built web
 * app on one port, PGlite): a leaderboard open on a phone follows the judges' marks with no
 * reload, with rank-change arrows and the reason for each tie in words; a freeze holds it still;
 * the big screen pages through the table, shows a QR code to the phone view, and follows the
 * reveal ceremony row by row. Screenshots go to screenshots/.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture, type Harness } from '../harness.ts';
import { completeSheets, mark, sheetId, submit } from '../helpers.ts';
import { pageErrors, phone, screenshot, startBrowserApp, type BrowserApp } from './browser.ts';

let app: BrowserApp;
let h: Harness;
let f: Fixture;
let base: string;
/** The address phones reach the app at (PUBLIC_URL): the big screen's QR code points there. */
const PUBLIC_URL = 'https://results.example.org';

beforeAll(async () => {
  app = await startBrowserApp({ publicUrl: PUBLIC_URL });
  ({ h, base } = app);
  f = await buildFixture(h);
  const names = await h.call(
    'PUT',
    `/api/competitions/${f.competitionId}/events/battery/settings`,
    {
      token: f.organizer,
      body: { publicNames: true, publicVisible: true, day: 1 },
    },
  );
  if (names.status !== 200) throw new Error(`settings: ${names.status}`);
}, 120_000);

afterAll(async () => {
  await app.close();
});

/** A judge's mark through the API, as the tablet sends it. */
async function judgeMarks(
  judge: string,
  entrant: string,
  marks: Record<string, number>,
): Promise<string> {
  const id = await sheetId(h, f, judge, entrant);
  for (const [criterion, value] of Object.entries(marks)) {
    await mark(h, f, f.judges[judge], id, criterion, value);
  }
  return id;
}

const board = (page: Page): Locator => page.getByTestId('standings');
const row = (page: Page, competitor: string): Locator =>
  board(page).getByTestId(`row-${competitor}`);
const rankOf = (page: Page, competitor: string): Promise<string> =>
  row(page, competitor).getByTestId('rank').innerText();
const resultOf = (page: Page, competitor: string): Promise<string> =>
  row(page, competitor).getByTestId('result').innerText();
const arrowOf = async (page: Page, competitor: string): Promise<string | null> => {
  const arrow = row(page, competitor).getByTestId('arrow');
  return (await arrow.count()) === 0 ? null : arrow.innerText();
};
/** Competitors in the order the page lists them. */
const order = (page: Page): Promise<string[]> =>
  board(page)
    .locator('li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-testid') ?? ''));

async function setStatus(from: string, status: string, extra: Record<string, unknown> = {}) {
  const r = await h.call('POST', `/api/competitions/${f.competitionId}/events/battery/status`, {
    token: f.organizer,
    body: { from, status, ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('public pages in Chromium', () => {
  let context: BrowserContext;
  let page: Page;

  it('links the competition home, its schedule and its tables', async () => {
    context = await phone(app.browser, base);
    page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto('/');
    await page.getByTestId(`results-${f.competitionId}`).click();
    await page.waitForURL(`**/c/${f.competitionId}`);
    await expect.poll(() => page.locator('h1').innerText()).toBe('电池检测测试赛');
    const card = page.getByTestId('event-battery');
    await expect.poll(() => card.innerText()).toContain('电池包密封性测试与模组配平');
    await expect.poll(() => card.getByTestId('phase').innerText()).toContain('实时');
    expect(await page.getByTestId('day-1').innerText()).toContain('第 1 天');
    expect(await page.getByTestId('overall-delegations').innerText()).toContain('代表队团体总分');
    await card.getByRole('link', { name: '成绩榜' }).click();
    await page.waitForURL('**/e/battery');
    await expect.poll(() => page.getByTestId('live-status').innerText()).toBe('实时更新');
    await expect.poll(() => board(page).locator('li').count()).toBe(6);
    expect(await rankOf(page, 'E1')).toBe('–');
    expect(errors).toEqual([]);
  });

  it('follows the judges with no reload: ranks, totals, arrows and ties in words', async () => {
    const errors = pageErrors(page);
    // Anything that reloads the page loses this.
    await page.evaluate(() => {
      (window as unknown as { kept: string }).kept = 'no reload';
    });

    await judgeMarks('J9', 'E1', { exam: 80 });
    await judgeMarks('J9', 'E2', { exam: 70 });
    await expect.poll(() => resultOf(page, 'E1'), { timeout: 15_000 }).toBe('16.00');
    await expect.poll(() => resultOf(page, 'E2'), { timeout: 15_000 }).toBe('14.00');
    expect(await rankOf(page, 'E1')).toBe('1');
    expect(await rankOf(page, 'E2')).toBe('2');

    // A practical judge scores E2 and signs the sheet: E2 overtakes E1.
    const sheet = await judgeMarks('J1', 'E2', { seal: 30, balance: 30, process: 8 });
    await submit(h, f, 'J1', sheet);
    await expect.poll(() => resultOf(page, 'E2'), { timeout: 15_000 }).toBe('74.80');
    expect(await rankOf(page, 'E2')).toBe('1');
    expect(await rankOf(page, 'E1')).toBe('2');
    await expect.poll(() => arrowOf(page, 'E2')).toBe('↑1');
    await expect.poll(() => arrowOf(page, 'E1')).toBe('↓1');
    expect(await row(page, 'E1').getByTestId('arrow').getAttribute('aria-label')).toBe('下降 1 名');

    // Equal totals: E3 the same as E1 (a shared rank); E5 the same total from the practical
    // module, which the first tie-break puts first.
    await judgeMarks('J9', 'E3', { exam: 80 });
    await judgeMarks('J1', 'E5', { seal: 20 });
    await expect
      .poll(() => order(page), { timeout: 15_000 })
      .toEqual(['row-E2', 'row-E5', 'row-E1', 'row-E3', 'row-E4', 'row-E6']);
    expect([await rankOf(page, 'E5'), await rankOf(page, 'E1'), await rankOf(page, 'E3')]).toEqual([
      '2',
      '3',
      '3',
    ]);
    expect(await row(page, 'E3').getByTestId('tie-badge').innerText()).toBe('并列');
    await expect.poll(() => arrowOf(page, 'E1')).toBe('↓1');

    // Tapping a row opens its breakdown and why it stands there.
    const e1 = row(page, 'E1').getByRole('button').first();
    expect(await e1.getAttribute('aria-expanded')).toBe('false');
    await e1.tap();
    expect(await e1.getAttribute('aria-expanded')).toBe('true');
    const details = row(page, 'E1').getByTestId('details');
    expect(await details.getByTestId('tie-text').locator('p').allInnerTexts()).toEqual([
      '与上一名成绩相同，按第 1 条决胜规则排在其后：“实际操作”得分高者在前（上一名 20.00，本行 0.00）。',
      '与下一名成绩相同，并列第 3 名；并列者的先后不分高下。',
    ]);
    expect(await details.innerText()).toContain('理论知识');
    await row(page, 'E3').getByRole('button').first().tap();
    expect(await row(page, 'E3').getByTestId('tie-text').innerText()).toBe(
      '与上一名成绩相同，并列第 3 名；并列者的先后不分高下。',
    );
    expect(await page.getByTestId('updated').innerText()).toMatch(/^更新于 /);
    expect(await page.getByTestId('phase').getAttribute('data-phase')).toBe('provisional');

    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await screenshot(page, 'leaderboard-phone');
    expect(await page.evaluate(() => (window as unknown as { kept?: string }).kept)).toBe(
      'no reload',
    );
    expect(errors).toEqual([]);
  });

  it('holds still while the event is frozen, and says so', async () => {
    await setStatus('live', 'frozen');
    await expect
      .poll(() => page.getByTestId('phase').getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('frozen');
    expect(await page.getByTestId('phase-note').innerText()).toMatch(/^已于 .+ 封榜/);
    await judgeMarks('J9', 'E4', { exam: 99 });
    await h.server.publisher.settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(await rankOf(page, 'E4')).toBe('–');

    // Thawed: the mark entered meanwhile arrives.
    await setStatus('frozen', 'live');
    await expect.poll(() => rankOf(page, 'E4'), { timeout: 15_000 }).toBe('2');
    expect(await resultOf(page, 'E4')).toBe('19.80');
    expect(await page.getByTestId('phase').getAttribute('data-phase')).toBe('provisional');

    // Taken off the public board: the page says so, and shows no rows.
    const visible = (publicVisible: boolean) =>
      h.call('PUT', `/api/competitions/${f.competitionId}/events/battery/settings`, {
        token: f.organizer,
        body: { publicVisible },
      });
    expect((await visible(false)).status).toBe(200);
    await expect
      .poll(() => page.getByTestId('phase-note').innerText(), { timeout: 15_000 })
      .toBe('本项目成绩尚未公布。');
    expect(await board(page).count()).toBe(0);
    expect((await visible(true)).status).toBe(200);
    await expect.poll(() => rankOf(page, 'E4'), { timeout: 15_000 }).toBe('2');

    // English on request, the same table.
    await page.getByRole('button', { name: '切换语言' }).tap();
    await expect.poll(() => page.getByTestId('live-status').innerText()).toBe('Live');
    expect(await page.getByTestId('phase').innerText()).toContain('Live (provisional)');
    await page.getByRole('button', { name: 'Switch language' }).tap();
  });

  it('shows a contestant their row in each event', async () => {
    await page.goto(`/c/${f.competitionId}/p/E2`);
    const card = page.getByTestId('player-event-battery');
    await expect.poll(() => card.getByTestId('player-rank').innerText()).toContain('第 1 名');
    expect(await card.getByTestId('player-result').innerText()).toBe('74.80');
    expect(await page.locator('h1').innerText()).toBe('选手2');
    await page.goto(`/c/${f.competitionId}/p/nobody`);
    await expect
      .poll(() => page.getByTestId('player-none').innerText())
      .toBe('已公布的项目中没有该选手的成绩。');
    await context.close();
  });

  it('pages the big screen, shows the QR code of the phone view, and follows the reveal', async () => {
    const screen = await app.browser.newContext({
      baseURL: base,
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
    const big = await screen.newPage();
    const errors = pageErrors(big);
    await big.goto(`/c/${f.competitionId}/e/battery/screen`);
    const rows = big.getByTestId('screen-rows').locator('li');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(6);
    expect(await big.getByTestId('screen-title').innerText()).toBe('电池包密封性测试与模组配平');
    // Big type: rows of about 40 px text at 1920×1080.
    const size = await rows
      .first()
      .evaluate((li) => parseFloat(getComputedStyle(li.querySelector('.name') ?? li).fontSize));
    expect(size).toBeGreaterThanOrEqual(36);
    const qr = big.getByTestId('qr');
    await expect
      .poll(() => qr.getAttribute('data-text'))
      .toBe(`${PUBLIC_URL}/c/${f.competitionId}/e/battery`);
    expect((await qr.locator('path').getAttribute('d'))?.length).toBeGreaterThan(500);
    expect((await qr.boundingBox())?.width).toBeGreaterThan(250);
    await screenshot(big, 'big-screen');

    // Four rows a page, turning every two seconds: two pages for six contestants.
    await big.goto(`/c/${f.competitionId}/e/battery/screen?rows=4&seconds=2`);
    const pager = big.getByTestId('pager');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    expect(await pager.getAttribute('data-pages')).toBe('2');
    expect(await pager.innerText()).toMatch(/第 [12] \/ 2 页/);
    await expect.poll(() => pager.getAttribute('data-page'), { timeout: 5_000 }).toBe('2');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => pager.getAttribute('data-page'), { timeout: 5_000 }).toBe('1');

    // The reveal: frozen, finalized and held back, then one row at a time from the bottom.
    await setStatus('live', 'frozen');
    // Within the spread tolerance of the marks the other judges get (FILL), so it can finalize.
    await judgeMarks('J1', 'E5', { seal: 30 });
    await completeSheets(h, f);
    await setStatus('frozen', 'final', { reveal: true });
    await expect
      .poll(() => big.getByTestId('phase').getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('frozen');
    const step = await h.call(
      'POST',
      `/api/competitions/${f.competitionId}/events/battery/reveal`,
      {
        token: f.organizer,
        body: { action: 'next', step: 0 },
      },
    );
    expect(step.status, JSON.stringify(step.body)).toBe(200);
    await expect
      .poll(() => big.getByTestId('phase').getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('reveal');
    expect(await big.getByTestId('reveal-progress').innerText()).toBe('已揭晓 1 / 6');
    // The row just revealed is the last: its page stays up, the row highlighted.
    const newest = big.locator('li.newest');
    await expect.poll(() => newest.count()).toBe(1);
    expect(await newest.innerText()).toContain('刚刚揭晓');
    expect(await pager.getAttribute('data-page')).toBe('2');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await pager.getAttribute('data-page')).toBe('2');
    await screenshot(big, 'big-screen-reveal');

    // The rest at once: the table is official, and the winner, revealed last, is highlighted.
    const rest = await h.call(
      'POST',
      `/api/competitions/${f.competitionId}/events/battery/reveal`,
      {
        token: f.organizer,
        body: { action: 'all', step: 1 },
      },
    );
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    await expect
      .poll(() => big.getByTestId('phase').getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('official');
    await expect.poll(() => pager.getAttribute('data-page')).toBe('1');
    expect(await newest.count()).toBe(1);
    expect(await newest.locator('.c-rank').innerText()).toBe('1');
    expect(errors).toEqual([]);
    await screen.close();
  });
});
