/// <reference lib="dom" />
/**
 * A competition day's screens at the sizes they are used at, on the demo data, in Debian's
 * Chromium: the chief console at 1024×768 on the EV battery event (42 contestants) shows at least
 * 6 contestant rows per screen; a wide board (1920×1080) lists each team's members under the
 * team, in a team event's table too, and a phone's board does not. It also takes the pictures
 * the web README shows (docs/screenshots/: board with team members, board on a phone, big
 * screen, chief console).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evBattery, forestFirefighting } from '../../src/demo/index.ts';
import { docShot, pageErrors, phone, startBrowserApp, type BrowserApp } from './browser.ts';

const FOREST = forestFirefighting.id;

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ demo: true });
}, 600_000);

afterAll(async () => {
  await app.close();
});

function sized(width: number, height: number): Promise<BrowserContext> {
  return app.browser.newContext({
    baseURL: app.base,
    viewport: { width, height },
    locale: 'zh-CN',
  });
}

/** Contestant rows of the chief's grid wholly inside the viewport. */
const rowsOnScreen = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      Array.from(document.querySelectorAll('[data-testid="chief-grid"] tr[data-testid^="row-"]'))
        .map((r) => r.getBoundingClientRect())
        .filter((b) => b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight).length,
  );

/** Rows wholly on screen as the chief opens the event, and once the grid is scrolled to the top. */
async function chiefRowsPerScreen(page: Page): Promise<{ opened: number; grid: number }> {
  const opened = await rowsOnScreen(page);
  await page.evaluate(() => {
    const grid = document.querySelector('[data-testid="chief-grid"]');
    window.scrollTo(0, (grid?.getBoundingClientRect().top ?? 0) + window.scrollY);
  });
  const grid = await rowsOnScreen(page);
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  return { opened, grid };
}

describe('a competition day at its screen sizes', () => {
  it('the chief console at 1024×768 shows at least 6 contestants of the EV battery event', async () => {
    const context = await sized(1024, 768);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto('/chief');
    await page.selectOption('#competition', evBattery.id);
    await page.fill('#username', evBattery.chief.username);
    await page.fill('#password', evBattery.chief.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('event-battery').click();
    await page.waitForURL('**/chief/**/battery');
    const grid = page.locator('[data-testid="chief-grid"] tr[data-testid^="row-"]');
    await expect.poll(() => grid.count(), { timeout: 20_000 }).toBe(42);
    const counted = await chiefRowsPerScreen(page);
    process.stdout.write(
      `chief console 1024×768, rows wholly on screen: ${JSON.stringify(counted)}\n`,
    );
    expect(counted.opened).toBeGreaterThanOrEqual(6);
    expect(counted.grid).toBeGreaterThanOrEqual(6);
    await docShot(page, 'chief-console-1024');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a wide board lists each team's members under the team; a phone's board does not", async () => {
    const context = await sized(1920, 1080);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`/c/${FOREST}/e/theory`);
    const teams = page.getByTestId('team-standings').locator('li');
    await expect.poll(() => teams.count(), { timeout: 20_000 }).toBe(35);
    const first = teams.first().getByTestId('members');
    expect(await first.isVisible()).toBe(true);
    const members = (await first.innerText()).split('、');
    expect(members).toHaveLength(10);
    // The names are the board's own (names are public in this event).
    const names = new Set(await page.getByTestId('standings').getByTestId('name').allInnerTexts());
    expect(members.every((m) => names.has(m))).toBe(true);
    await page.evaluate(() => {
      document.getElementById('teams')?.scrollIntoView();
    });
    await docShot(page, 'board-teams-1920');
    // A team event (the pump relay, ranked by time): each team's row lists its members too.
    await page.goto(`/c/${FOREST}/e/pump`);
    const relay = page.getByTestId('standings').locator('li');
    await expect.poll(() => relay.count(), { timeout: 20_000 }).toBe(35);
    const crew = (await relay.first().getByTestId('members').innerText()).split('、');
    expect(crew).toHaveLength(10);
    expect(crew.every((m) => names.has(m))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();

    const small = await phone(app.browser, app.base);
    const onPhone = await small.newPage();
    await onPhone.goto(`/c/${FOREST}/e/theory`);
    const phoneTeams = onPhone.getByTestId('team-standings').locator('li');
    await expect.poll(() => phoneTeams.count(), { timeout: 20_000 }).toBe(35);
    expect(await phoneTeams.first().getByTestId('members').isVisible()).toBe(false);
    expect(
      await onPhone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await docShot(onPhone, 'board-390');
    await small.close();
  });

  it('the big screen at 1920×1080 and a board at tablet size', async () => {
    const context = await sized(1920, 1080);
    const page = await context.newPage();
    await page.goto(`/c/${FOREST}/e/run/screen`);
    const rows = page.getByTestId('screen-rows').locator('li');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(20);
    // Rows that just arrived settle (their flip animation) before the picture.
    await new Promise((r) => setTimeout(r, 1500));
    await docShot(page, 'big-screen-1920');
    await context.close();

    const tablet = await sized(1024, 768);
    const board = await tablet.newPage();
    await board.goto(`/c/${FOREST}/e/run`);
    await expect
      .poll(() => board.getByTestId('standings').locator('li').count(), { timeout: 20_000 })
      .toBeGreaterThan(20);
    await docShot(board, 'board-1024');
    await tablet.close();
  });
});
