/// <reference lib="dom" />
/**
 * The public pages at a real competition's scale, in Debian's Chromium: the forest demo (35
 * teams of 10, 7 events over 3 days, day 3 not started). An event not started says so; numbers
 * keep the event's precision; a phone finds a contestant by name or bib and keeps "my
 * contestant" on top, without scrolling sideways; the big screen at 1920×1080 fills itself with
 * at least 20 rows, and its QR code points at the configured public address, not at the screen's
 * own. Screenshots go to screenshots/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forestFirefighting } from '../../src/demo/index.ts';
import { ORGANIZER } from '../harness.ts';
import { pageErrors, phone, screenshot, startBrowserApp, type BrowserApp } from './browser.ts';

const PUBLIC_URL = 'https://results.example.org';
const C = forestFirefighting.id;

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ demo: true, publicUrl: PUBLIC_URL });
}, 300_000);

afterAll(async () => {
  await app.close();
});

const board = (page: Page): Locator => page.getByTestId('standings');
const results = (page: Page): Promise<string[]> =>
  board(page).getByTestId('result').allInnerTexts();
const names = (page: Page): Promise<string[]> => board(page).getByTestId('name').allInnerTexts();

/** Whether the page scrolls sideways. */
const overflows = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('the public pages at scale', () => {
  it('says an event that has not started has not started, with no zeros', async () => {
    const context = await phone(app.browser, app.base);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`/c/${C}`);
    const card = page.getByTestId('event-chainsaw');
    await expect
      .poll(() => card.getByTestId('phase').innerText(), { timeout: 15_000 })
      .toBe('未开始');
    expect(await page.getByTestId('event-run').getByTestId('phase').innerText()).toContain('实时');
    // The GNSS event (day 3, scored by points) on its board: not started, nothing entered.
    await page.goto(`/c/${C}/e/gnss`);
    await expect
      .poll(() => page.getByTestId('phase').innerText(), { timeout: 15_000 })
      .toBe('未开始');
    expect(await page.getByTestId('phase-note').innerText()).toContain('尚未开始');
    await expect.poll(() => board(page).locator('li').count()).toBeGreaterThan(20);
    // Nobody has a mark: no result, no module score, reads as a number.
    expect(new Set(await results(page))).toEqual(new Set(['–']));
    await board(page).locator('li').first().getByRole('button').tap();
    const details = await board(page).getByTestId('details').innerText();
    expect(details).not.toMatch(/\b0\.00\b/);
    expect(details).toContain('–');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('prints numbers at the event precision: 83.00, 4:46.60', async () => {
    const context = await phone(app.browser, app.base);
    const page = await context.newPage();
    await page.goto(`/c/${C}/e/theory`);
    await expect.poll(() => board(page).locator('li').count(), { timeout: 15_000 }).toBe(350);
    const scores = await results(page);
    expect(scores.filter((s) => !/^\d+\.\d{2}$/.test(s))).toEqual([]);
    await page.goto(`/c/${C}/e/run`);
    await expect.poll(() => board(page).locator('li').count(), { timeout: 15_000 }).toBe(350);
    const times = (await results(page)).filter((s) => /\d/.test(s));
    expect(times.length).toBeGreaterThan(100);
    expect(times.filter((s) => !/^\d+:\d{2}\.\d{2}$/.test(s))).toEqual([]);
    await context.close();
  });

  it('finds a contestant on a phone by name or bib, keeps mine on top, and never scrolls sideways', async () => {
    const context = await phone(app.browser, app.base);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`/c/${C}/e/theory`);
    await expect.poll(() => board(page).locator('li').count(), { timeout: 15_000 }).toBe(350);
    expect(await overflows(page)).toBe(false);
    const all = await names(page);
    const target = all[200] ?? '';
    const targetRow = board(page).locator('li').nth(200);
    const key = ((await targetRow.getAttribute('data-testid')) ?? '').replace(/^row-/, '');

    const search = page.getByTestId('search');
    await search.fill(target);
    await expect.poll(() => names(page)).toContain(target);
    expect((await names(page)).length).toBeLessThan(5);
    expect(await page.getByTestId('match-count').innerText()).toMatch(/\d+ \/ 350/);
    await screenshot(page, 'board-search-phone');

    // The bib finds the same contestant.
    const bib = await board(page).getByTestId(`row-${key}`).locator('.bib').innerText();
    await search.fill(bib);
    await expect.poll(() => names(page)).toEqual([target]);

    // Pinned as "my contestant": first on the board after a reload, search cleared.
    await board(page).getByTestId(`row-${key}`).getByRole('button').first().tap();
    await page.getByTestId('pin').tap();
    await page.reload();
    await expect.poll(() => board(page).locator('li').count(), { timeout: 15_000 }).toBe(350);
    const mine = page.getByTestId('mine');
    await expect.poll(() => mine.getByTestId('name').innerText()).toBe(target);
    expect(await overflows(page)).toBe(false);
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await screenshot(page, 'board-pinned-phone');
    // The competition home links to my competitor's page.
    await page.goto(`/c/${C}`);
    await expect
      .poll(() => page.getByTestId('mine-link').getAttribute('href'))
      .toBe(`/c/${C}/p/${encodeURIComponent(key)}`);

    // The run board: times, still no sideways scrolling.
    await page.goto(`/c/${C}/e/run`);
    await expect.poll(() => board(page).locator('li').count(), { timeout: 15_000 }).toBe(350);
    expect(await overflows(page)).toBe(false);
    await screenshot(page, 'board-run-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fills the big screen at 1920×1080 with at least 20 rows; the QR code is the public address', async () => {
    const screen = await app.browser.newContext({
      baseURL: app.base,
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
    const big = await screen.newPage();
    const errors = pageErrors(big);
    await big.goto(`/c/${C}/e/theory/screen`);
    const rows = big.getByTestId('screen-rows').locator('li');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
    // Every row on the screen, each readable: at least 24 px type.
    const boxes = await rows.evaluateAll((items) =>
      items.map((li) => {
        const r = li.getBoundingClientRect();
        const name = li.querySelector('.name') ?? li;
        return { bottom: r.bottom, size: parseFloat(getComputedStyle(name).fontSize) };
      }),
    );
    expect(Math.max(...boxes.map((b) => b.bottom))).toBeLessThanOrEqual(1080);
    expect(Math.min(...boxes.map((b) => b.size))).toBeGreaterThanOrEqual(24);
    const qr = big.getByTestId('qr');
    await expect.poll(() => qr.getAttribute('data-text')).toBe(`${PUBLIC_URL}/c/${C}/e/theory`);
    expect(await big.getByTestId('screen-url').innerText()).toBe(
      `results.example.org/c/${C}/e/theory`,
    );
    // Rows that just arrived settle (their flip animation) before the picture.
    await new Promise((r) => setTimeout(r, 1500));
    await screenshot(big, 'big-screen-1920');
    expect(errors).toEqual([]);

    // A board on a wide screen uses the width: a column per event of the team overall table.
    await big.goto(`/c/${C}/o/teams`);
    await expect.poll(() => board(big).locator('li').count(), { timeout: 15_000 }).toBe(35);
    const columns = big.locator('.colhead .col');
    expect(await columns.count()).toBe(8);
    expect(await columns.first().isVisible()).toBe(true);
    expect(await board(big).locator('li').first().locator('.col').count()).toBe(7);
    await screenshot(big, 'board-1920');
    await screen.close();
  });

  it('prints the results sheet at the event’s precision: times as m:ss.xx, like the board', async () => {
    const context = await app.browser.newContext({
      baseURL: app.base,
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto('/admin');
    await page.fill('#username', ORGANIZER.username);
    await page.fill('#password', ORGANIZER.password);
    await page.getByRole('button', { name: '登录' }).click();
    // Signed in once the console offers to create a competition.
    await page.waitForSelector('#new-id', { timeout: 15_000 });
    await page.goto(`/c/${C}/e/run`);
    await expect.poll(() => board(page).locator('li').count(), { timeout: 15_000 }).toBe(350);
    const onBoard = (await results(page)).filter((r) => r !== '–').slice(0, 5);
    expect(onBoard.length).toBeGreaterThan(0);
    await page.goto(`/admin/${C}/results/run`);
    const sheet = page.getByTestId('results-sheet');
    await expect.poll(() => sheet.getByTestId('result').count(), { timeout: 15_000 }).toBe(350);
    const printed = await sheet.getByTestId('result').allInnerTexts();
    for (const r of printed.filter((x) => x !== ''))
      expect(r).toMatch(/^(\d+:\d{2}\.\d{2}|DNF|DNS|DQ)$/);
    expect(printed.slice(0, onBoard.length)).toEqual(onBoard);
    expect(errors).toEqual([]);
    await context.close();
  });
});
