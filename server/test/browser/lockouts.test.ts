/// <reference lib="dom" />
/**
 * Sign-in lockouts in Debian's Chromium: a judge locked out by wrong PINs is told how long to
 * wait in Chinese (and a chief judge in English, after switching language); the chief judge sees
 * the locked judge in the console and unlocks them, and the judge signs in at once; the
 * organizer does the same from the judges list.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture, type Harness } from '../harness.ts';
import { screenshot, startBrowserApp, tablet, type BrowserApp } from './browser.ts';

const C = 'lock-test';

let app: BrowserApp;
let h: Harness;
let f: Fixture;

beforeAll(async () => {
  app = await startBrowserApp();
  h = app.h;
  f = await buildFixture(h, C);
}, 120_000);

afterAll(async () => {
  await app.close();
});

/** Five wrong PINs: the sixth attempt, from anywhere, is refused for a minute. */
async function lockJudge(code: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const r = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code, pin: String(100000 + i) },
    });
    expect(r.status).toBe(401);
  }
}

async function newPage(locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await tablet(app.browser, app.base);
  if (locale === 'en') {
    await context.addInitScript(() => {
      localStorage.setItem('skills.locale', 'en');
    });
  }
  return context.newPage();
}

async function judgeSignIn(page: Page, code: string, pin: string): Promise<void> {
  await page.goto('/judge');
  await page.locator('#competition').selectOption(C);
  await page.locator('#code').fill(code);
  await page.locator('#pin').fill(pin);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

describe('sign-in lockouts in Chromium', () => {
  it('tells a locked-out judge how long to wait, in Chinese', async () => {
    await lockJudge('J2');
    const page = await newPage();
    await judgeSignIn(page, 'J2', f.pins['J2'] ?? '');
    await expect
      .poll(() => page.locator('p.error-text').innerText())
      .toMatch(/登录失败次数过多，请 \d+ (分钟|秒)后再试，或请裁判长解锁。/);
    expect(await page.locator('#code-error').innerText()).toBe('暂时锁定');
    await screenshot(page, 'judge-locked-out');
  });

  it('tells a locked-out chief judge the same in English', async () => {
    const created = await h.call('POST', `/api/competitions/${C}/chiefs`, {
      token: f.organizer,
      body: { username: 'deputy', name: '副裁判长', password: 'deputy-pass-1' },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 5; i++) {
      await h.call('POST', '/api/auth/login', {
        body: { username: 'deputy', password: `wrong-${i}`, competitionId: C },
      });
    }
    const page = await newPage('en');
    await page.goto('/chief');
    await page.locator('#competition').selectOption(C);
    await page.locator('#username').fill('deputy');
    await page.locator('#password').fill('deputy-pass-1');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.locator('p.error-text').innerText())
      .toMatch(
        /Too many failed sign-ins: try again in \d+ (min|s), or ask the chief judge to unlock you\./,
      );
    expect(await page.locator('#username-error').innerText()).toBe('Locked for now');
  });

  it('lets the chief judge unlock the judge, who then signs in at once', async () => {
    const chief = await newPage();
    await chief.goto('/chief');
    await chief.locator('#competition').selectOption(C);
    await chief.locator('#username').fill('chief');
    await chief.locator('#password').fill('chief-pass-1');
    await chief.getByRole('button', { name: '登录', exact: true }).click();
    const locked = chief.getByTestId('locked-J2');
    await expect.poll(() => locked.innerText()).toContain('锁定至');
    await screenshot(chief, 'chief-lockouts');
    await locked.getByRole('button', { name: '解锁' }).click();
    await expect
      .poll(() => chief.getByRole('status').innerText())
      .toContain('已解锁 J2，可立即登录。');
    await expect.poll(() => locked.count()).toBe(0);

    const judge = await newPage();
    await judgeSignIn(judge, 'J2', f.pins['J2'] ?? '');
    await judge.waitForURL('**/judge/sheets');
  });

  it('lets the organizer unlock a judge from the judges list', async () => {
    await lockJudge('J3');
    const page = await newPage();
    await page.goto('/admin');
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('organizer-pass-1');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.locator('#new-id').waitFor();
    await page.goto(`/admin/${C}`);
    const chip = page.getByTestId('locked-J3');
    await expect.poll(() => chip.innerText()).toContain('锁定至');
    await page.locator('li', { has: chip }).getByRole('button', { name: '解锁' }).click();
    await expect.poll(() => page.getByTestId('notice').innerText()).toContain('已解锁 J3');
    await expect.poll(() => chip.count()).toBe(0);
    const r = await h.call('POST', '/api/auth/judge-login', {
      body: { competitionId: C, code: 'J3', pin: f.pins['J3'] },
    });
    expect(r.status).toBe(200);
  });
});
