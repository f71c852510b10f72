/// <reference lib="dom" />
/**
 * The judge's side of a competition day at real scale, in Debian's Chromium on the forest demo
 * (35 teams of 10): the finish-line timer J10 has 180 one-criterion sheets. In list entry they
 * type 35 times, Enter moving to the next row, and sign the 35 sheets with one PIN (one request,
 * one audit entry per sheet). On a 390×844 phone a sheet fits the screen's width and every key of
 * the docked keypad can be tapped; a sheet with nothing marked cannot be signed. At 1024×768 a
 * criterion row is short enough for 8 to fit on a screen. Screenshots go to docs/screenshots/.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { auditLog } from '@skills/db';
import { forestFirefighting } from '../../src/demo/index.ts';
import { ORGANIZER } from '../harness.ts';
import { query } from '../helpers.ts';
import { docShot, pageErrors, phone, startBrowserApp, type BrowserApp } from './browser.ts';

const C = forestFirefighting.id;
const pinOf = (code: string): string =>
  forestFirefighting.judges.find((j) => j.code === code)?.pin ?? '';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ demo: true });
}, 600_000);

afterAll(async () => {
  await app.close();
});

/** A laptop or a tablet with a keyboard at the finish line: 1024×768, Chinese. */
function laptop(): Promise<BrowserContext> {
  return app.browser.newContext({
    baseURL: app.base,
    viewport: { width: 1024, height: 768 },
    locale: 'zh-CN',
  });
}

async function signIn(context: BrowserContext, code: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/judge');
  await page.selectOption('#competition', C);
  await page.fill('#code', code);
  await page.fill('#pin', pinOf(code));
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/judge/sheets');
  return page;
}

/**
 * The batch-sign dialog's PIN field and buttons: each wholly on the screen, at least 44 px
 * tall, and what a tap at its centre hits (not the docked keypad, not a banner); and whether the
 * page or the dialog scrolls sideways.
 */
const reachable = (page: Page): Promise<{ overflow: boolean; blocked: string[] }> =>
  page.evaluate(() => {
    const dialog = document.querySelector('[data-testid="batch-dialog"]');
    if (dialog === null) return { overflow: true, blocked: ['no dialog'] };
    const d = dialog.getBoundingClientRect();
    const overflow =
      document.documentElement.scrollWidth > window.innerWidth ||
      dialog.scrollWidth > dialog.clientWidth ||
      d.left < 0 ||
      d.right > window.innerWidth;
    const controls = [
      dialog.querySelector('#batch-pin'),
      ...Array.from(dialog.querySelectorAll('form > .row:last-child button')),
    ];
    const blocked = controls.flatMap((el) => {
      if (el === null) return ['missing'];
      const r = el.getBoundingClientRect();
      const inside =
        r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const ok = inside && r.height >= 44 && hit !== null && (hit === el || el.contains(hit));
      return ok
        ? []
        : [
            `${el.id || el.textContent}: ${Math.round(r.top)}–${Math.round(r.bottom)} h${Math.round(r.height)} hit ${hit?.outerHTML.slice(0, 60) ?? 'nothing'}`,
          ];
    });
    return { overflow, blocked };
  });

/** Whether the page scrolls sideways. */
const overflows = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('a judge at real scale', () => {
  it('a timing judge enters 35 times in list mode and signs a batch once', async () => {
    const context = await laptop();
    const page = await signIn(context, 'J10');
    const errors = pageErrors(page);
    // The list: progress always in view, the next sheets to mark first.
    await expect
      .poll(() => page.getByTestId('sheets-progress').innerText(), { timeout: 15_000 })
      .toBe('已签名 100 / 180');
    expect(await page.getByTestId('filter-todo').innerText()).toBe('待办（80）');
    expect(await page.getByTestId('filter-done').innerText()).toBe('已完成（100）');
    await page.getByTestId('list-mode-run').click();
    await page.waitForURL('**/judge/list/run');
    const rows = page.getByTestId('list-rows').locator('li');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(180);
    expect(await page.getByTestId('list-progress').innerText()).toBe('已签名 100 / 180');

    // The first 35 open rows, in roster order; typing into the first, Enter moves on.
    const open = page.locator('[data-testid="list-rows"] li[data-status="draft"] input');
    const ids = (await open.evaluateAll((els) => els.map((e) => e.id))).slice(0, 35);
    expect(ids).toHaveLength(35);
    await page.locator(`#${ids[0] ?? ''}`).click();
    const typed = new Map<string, string>();
    for (const [i, id] of ids.entries()) {
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
      const time = `24:${String(10 + i).padStart(2, '0')}.${String(i % 10)}5`;
      typed.set(id.slice(2), time);
      await page.keyboard.type(time);
      await page.keyboard.press('Enter');
    }
    await expect
      .poll(() => page.getByTestId('sync-status').getAttribute('data-status'), {
        timeout: 20_000,
      })
      .toBe('synced');
    expect(await page.getByTestId('list-entered').innerText()).toBe('135 / 180');
    // The screen as the judge opens it: tools on top, rows in roster order.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await docShot(page, 'judge-list-1024');

    // On the server: each value once, as typed.
    const organizer = await app.h.login('/api/auth/login', ORGANIZER);
    const onServer = await app.h.call('GET', `/api/competitions/${C}/sheets?event=run`, {
      token: organizer,
    });
    const byId = new Map(
      (onServer.body.sheets as { id: string; marks: { criterion: string; value: string }[] }[]).map(
        (s) => [s.id, s],
      ),
    );
    for (const [sheetId, time] of typed) {
      expect(byId.get(sheetId)?.marks.find((m) => m.criterion === 'time')?.value).toBe(time);
    }

    // One signature: the 35 complete sheets, one request, one PIN.
    const submits: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/sheets/submit')) submits.push(r.method());
    });
    await page.getByTestId('batch-open').click();
    const dialog = page.getByTestId('batch-dialog');
    expect(await dialog.getByTestId('batch-count').innerText()).toBe('已选 35 张');
    await dialog.locator('#batch-pin').fill(pinOf('J10'));
    await dialog.getByRole('button', { name: '签名并提交 35 张' }).click();
    await expect
      .poll(() => dialog.getByTestId('batch-result').innerText(), { timeout: 20_000 })
      .toBe('已签名 35 张评分表。');
    expect(submits).toEqual(['POST']);
    await dialog.getByRole('button', { name: '关闭' }).click();
    await expect
      .poll(() => page.getByTestId('list-progress').innerText(), { timeout: 15_000 })
      .toBe('已签名 135 / 180');

    const sheetIds = [...typed.keys()];
    const after = await app.h.call('GET', `/api/competitions/${C}/sheets?event=run`, {
      token: organizer,
    });
    const statuses = (after.body.sheets as { id: string; status: string }[])
      .filter((s) => typed.has(s.id))
      .map((s) => s.status);
    expect(statuses).toEqual(sheetIds.map(() => 'submitted'));
    // One audit entry per sheet, each the judge's own submit.
    const entries = await query<{ sheet: string; actor: string }>(
      app.h,
      sql`select data->>'sheet' as sheet, actor from ${auditLog}
          where action = 'sheet.submit' and ${inArray(sql`data->>'sheet'`, sheetIds)}`,
    );
    expect(entries.map((e) => e.sheet).sort()).toEqual([...sheetIds].sort());
    expect(new Set(entries.map((e) => e.actor)).size).toBe(1);
    expect(entries[0]?.actor).toContain('J10');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a phone-sized (390×844) judge sheet has no horizontal overflow and every keypad key is tappable', async () => {
    const context = await phone(app.browser, app.base);
    const page = await signIn(context, 'J10');
    const errors = pageErrors(page);
    await page.getByTestId('list-mode-run').waitFor({ timeout: 15_000 });
    expect(await overflows(page)).toBe(false);
    // The list on a phone: no sideways scrolling either, the keypad docked under the rows.
    await page.getByTestId('list-mode-run').tap();
    await expect
      .poll(() => page.getByTestId('list-rows').locator('li').count(), { timeout: 15_000 })
      .toBe(180);
    await page.locator('[data-testid="list-rows"] li[data-status="draft"] input').first().tap();
    await page.getByTestId('keypad-dock').waitFor();
    expect(await overflows(page)).toBe(false);
    await docShot(page, 'judge-list-390');

    // An open sheet, from the to-do filter (the next to mark first).
    await page.goto('/judge/sheets');
    await page.getByTestId('filter-todo').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid^="sheet-"]').first().tap();
    await page.waitForURL('**/judge/sheets/*');
    const field = page.locator('#c-time');
    await field.waitFor();
    await field.tap();
    const keypad = page.getByTestId('keypad-dock');
    await keypad.waitFor();
    expect(await overflows(page)).toBe(false);
    const keys = keypad.getByRole('button');
    expect(await keys.count()).toBe(14);
    const blocked = await keys.evaluateAll((buttons) =>
      buttons.flatMap((b) => {
        const r = b.getBoundingClientRect();
        const inside =
          r.left >= 0 &&
          r.top >= 0 &&
          r.right <= window.innerWidth &&
          r.bottom <= window.innerHeight;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return inside && hit !== null && (hit === b || b.contains(hit))
          ? []
          : [`${b.textContent}: ${hit?.outerHTML.slice(0, 80) ?? 'nothing'}`];
      }),
    );
    expect(blocked).toEqual([]);
    // Every key at least a fingertip wide and tall.
    const sizes = await keys.evaluateAll((buttons) =>
      buttons.map((b) =>
        Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height),
      ),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(44);
    // The field is above the keypad, not under it.
    const fieldBox = await field.boundingBox();
    const keypadBox = await keypad.boundingBox();
    expect((fieldBox?.y ?? 0) + (fieldBox?.height ?? 0)).toBeLessThanOrEqual(keypadBox?.y ?? 0);
    // Typed on the keypad: 2 4 : 3 0 . 5 0, OK.
    for (const k of ['2', '4', ':', '3', '0', '.', '5', '0']) {
      await keypad.getByRole('button', { name: k, exact: true }).tap();
    }
    expect(await field.inputValue()).toBe('24:30.50');
    await docShot(page, 'judge-sheet-390');
    await keypad.getByRole('button', { name: '确定' }).tap();
    await expect
      .poll(() => page.getByTestId('criterion-time').getAttribute('data-state'), {
        timeout: 15_000,
      })
      .toBe('synced');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 390×844 phone the batch-sign dialog fits: no sideways scroll, PIN and buttons in reach', async () => {
    // Twelve more of J10's times entered (from another device): twelve sheets ready to sign.
    const token = await app.h.login('/api/auth/judge-login', {
      competitionId: C,
      code: 'J10',
      pin: pinOf('J10'),
    });
    const organizer = await app.h.login('/api/auth/login', ORGANIZER);
    const all = await app.h.call('GET', `/api/competitions/${C}/sheets?event=run`, {
      token: organizer,
    });
    const open = (
      all.body.sheets as { id: string; judge: string; status: string; marks: unknown[] }[]
    )
      .filter((s) => s.judge === 'J10' && s.status === 'draft' && s.marks.length === 0)
      .slice(0, 12);
    expect(open).toHaveLength(12);
    const marked = await app.h.call('POST', '/api/marks/batch', {
      token,
      body: {
        ops: open.map((s, i) => ({
          opId: randomUUID(),
          sheetId: s.id,
          criterion: 'time',
          value: `25:${String(10 + i)}.05`,
          expectedVersion: 0,
        })),
      },
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);

    const context = await phone(app.browser, app.base);
    const page = await signIn(context, 'J10');
    const errors = pageErrors(page);
    await page.getByTestId('list-mode-run').tap();
    await expect
      .poll(() => page.getByTestId('list-rows').locator('li').count(), { timeout: 15_000 })
      .toBe(180);
    // A row in hand, its keypad docked, when the judge opens the dialog.
    await page.locator('[data-testid="list-rows"] li[data-status="draft"] input').first().tap();
    await page.getByTestId('keypad-dock').waitFor();
    await page.getByTestId('batch-open').tap();
    const dialog = page.getByTestId('batch-dialog');
    // The twelve, and any sheet an earlier test completed on the phone.
    const chosen = Number(
      /已选 (\d+) 张/.exec(await dialog.getByTestId('batch-count').innerText())?.[1],
    );
    expect(chosen).toBeGreaterThanOrEqual(12);
    await dialog.locator('#batch-pin').tap();
    await docShot(page, 'judge-batch-sign-390');
    expect(await reachable(page)).toEqual({ overflow: false, blocked: [] });
    // With the phone's own number pad up (about 300 px of the 844), the PIN and the buttons
    // are still on the screen and not under anything.
    await page.setViewportSize({ width: 390, height: 544 });
    await dialog.locator('#batch-pin').focus();
    expect(await reachable(page)).toEqual({ overflow: false, blocked: [] });
    await dialog.locator('#batch-pin').fill(pinOf('J10'));
    await dialog.getByRole('button', { name: `签名并提交 ${String(chosen)} 张` }).tap();
    await expect
      .poll(() => dialog.getByTestId('batch-result').innerText(), { timeout: 20_000 })
      .toBe(`已签名 ${String(chosen)} 张评分表。`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a sheet with every criterion empty cannot be signed, on the tablet or on the server', async () => {
    const context = await laptop();
    const page = await signIn(context, 'J11');
    await page.getByTestId('filter-todo').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid^="sheet-"]').first().click();
    await page.waitForURL('**/judge/sheets/*');
    await page.locator('#c-drop').waitFor();
    const sign = page.getByRole('button', { name: '核对并签名提交' });
    expect(await sign.isDisabled()).toBe(true);
    expect(await page.getByTestId('submit-why').innerText()).toBe('每一项都未评分，不能签名。');
    // The server refuses it too, with its own code.
    const sheetId = page.url().split('/').at(-1) ?? '';
    const token = await app.h.login('/api/auth/judge-login', {
      competitionId: C,
      code: 'J11',
      pin: pinOf('J11'),
    });
    const current = await app.h.call('GET', `/api/sheets/${sheetId}`, { token });
    expect(current.body.marks).toEqual([]);
    const r = await app.h.call('POST', `/api/sheets/${sheetId}/submit`, {
      token,
      body: { revision: current.body.revision as number, pin: pinOf('J11') },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('empty_sheet');
    // A penalty judge sees no partial event score: only their own criterion counts here.
    await page.getByRole('button', { name: /无/ }).first().click();
    await expect
      .poll(() => page.getByTestId('criterion-drop').getAttribute('data-state'), {
        timeout: 15_000,
      })
      .toBe('synced');
    expect(await sign.isDisabled()).toBe(false);
    expect(await page.getByTestId('event-total').count()).toBe(0);
    expect(await page.getByTestId('totals-hint').innerText()).toContain('裁判长汇总');
    await context.close();
  });

  it('at 1024×768 a criterion row is short enough for 8 to fit on a screen', async () => {
    const context = await laptop();
    const page = await signIn(context, 'J02');
    await page.getByTestId('filter-done').click();
    await page.locator('[data-testid^="sheet-"]').first().click();
    await page.waitForURL('**/judge/sheets/*');
    const rows = page.locator('[data-testid^="criterion-"]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(6);
    await docShot(page, 'judge-sheet-1024');
    const boxes = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    // All six drone criteria on one screen, each at most 80 px tall: 8 take ≤ 640 px of 768.
    expect(boxes.every((b) => b.bottom <= 768)).toBe(true);
    expect(Math.max(...boxes.map((b) => b.height))).toBeLessThanOrEqual(80);
    await context.close();
  });
});
