/// <reference lib="dom" />
/**
 * A board's first rows come with its HTML (server/src/http/board-rows.ts): on a phone with
 * JavaScript off, the forest demo's 350-row run shows its first screen of rows; with scripts, the
 * app takes over and there is exactly one standings list, with every row, and never two at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forestFirefighting } from '../../src/demo/index.ts';
import { FIRST_SCREEN_ROWS } from '../../src/http/board-rows.ts';
import { pageErrors, phone, startBrowserApp, type BrowserApp } from './browser.ts';

let app: BrowserApp;
const BOARD = `/c/${forestFirefighting.id}/e/run`;
const ROWS = '[data-testid="standings"] li';

beforeAll(async () => {
  app = await startBrowserApp({ demo: true });
}, 240_000);

afterAll(async () => {
  await app.close();
});

describe('a board page on a phone', () => {
  it('shows the first rows with JavaScript off', async () => {
    const context = await app.browser.newContext({
      baseURL: app.base,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'zh-CN',
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(BOARD);
    expect(await page.locator(ROWS).count()).toBe(FIRST_SCREEN_ROWS);
    const first = page.locator(ROWS).first();
    expect(await first.getByTestId('rank').innerText()).toBe('1');
    expect((await first.getByTestId('name').innerText()).length).toBeGreaterThan(0);
    expect(await first.getByTestId('result').innerText()).toMatch(/^\d+:\d\d\.\d\d$|^\d+\.\d+$/);
    expect(await page.locator('h1').innerText()).not.toBe('');
    expect(await first.isVisible()).toBe(true);
    await context.close();
  });

  it('with scripts, ends with one list of every row, never two lists at once', async () => {
    const context = await phone(app.browser, app.base);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.addInitScript(`
      new MutationObserver(() => {
        if (document.querySelectorAll('[data-testid="standings"]').length > 1) window.doubled = true;
      }).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(BOARD);
    await expect.poll(() => page.locator(ROWS).count(), { timeout: 30_000 }).toBe(350);
    expect(await page.locator('[data-testid="standings"]').count()).toBe(1);
    expect(await page.locator('#first-rows').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { doubled?: boolean }).doubled === true),
    ).toBe(false);
    expect(await page.locator(ROWS).first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
