/// <reference lib="dom" />
/**
 * The judge tablet and the chief judge's console in Debian's Chromium, against the real app
 * (API, live endpoint and built web app on one port, PGlite): a judge signs in, scores and
 * signs; marks typed offline survive a reload and reach the server exactly once; two devices
 * changing one mark end in the conflict screen, not an overwrite; the chief judge returns a
 * sheet, the judge corrects it, the chief judge verifies it. Screenshots go to screenshots/.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sheet } from '../../src/contract/api.ts';
import { buildFixture, type Fixture, type Harness } from '../harness.ts';
import { pageErrors, screenshot, startBrowserApp, tablet, type BrowserApp } from './browser.ts';

let app: BrowserApp;
let h: Harness;
let f: Fixture;
let base: string;
/** Entrant → anonymised code, from the recorded draw. */
let codes: Map<string, string>;

beforeAll(async () => {
  app = await startBrowserApp();
  ({ h, base } = app);
  f = await buildFixture(h);
  const draw = await h.call('GET', `/api/competitions/${f.competitionId}/events/battery/draw`, {
    token: f.organizer,
  });
  codes = new Map(
    (draw.body.codes as { entrant: string; code: string }[]).map((c) => [c.entrant, c.code]),
  );
}, 120_000);

afterAll(async () => {
  await app.close();
});

async function judgeSignsIn(context: BrowserContext, code: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/judge');
  await page.selectOption('#competition', f.competitionId);
  await page.fill('#code', code);
  await page.fill('#pin', f.pins[code] ?? '');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/judge/sheets');
  return page;
}

async function openSheet(page: Page, entrant: string): Promise<void> {
  // The list shows one filter at a time (to do, needs attention, done): find the sheet's.
  const link = page.getByTestId(`sheet-${codes.get(entrant) ?? ''}`);
  await page.getByTestId('filter-todo').waitFor();
  for (const filter of ['todo', 'attention', 'done']) {
    await page.getByTestId(`filter-${filter}`).click();
    if (await link.isVisible()) break;
  }
  await link.click();
  await page.waitForURL('**/judge/sheets/*');
  await expect.poll(() => page.locator('#c-seal').isVisible()).toBe(true);
}

/** Types a value into a criterion's field and confirms it with Enter. */
async function enter(page: Page, criterion: string, value: string): Promise<void> {
  const field = page.locator(`#c-${criterion}`);
  await field.fill(value);
  await field.press('Enter');
}

async function syncStatus(page: Page): Promise<string | null> {
  return page.getByTestId('sync-status').getAttribute('data-status');
}

async function sheetOf(judge: string, entrant: string): Promise<Sheet> {
  const r = await h.call('GET', `/api/competitions/${f.competitionId}/sheets?event=battery`, {
    token: f.chief,
  });
  const sheet = (r.body.sheets as Sheet[]).find(
    (s) => s.judge === judge && s.entrant?.id === entrant,
  );
  if (!sheet) throw new Error(`no sheet of ${judge} for ${entrant}`);
  return sheet;
}

async function history(
  sheetId: string,
): Promise<{ criterion: string; version: number; value: string | null }[]> {
  const r = await h.call('GET', `/api/sheets/${sheetId}/history`, { token: f.chief });
  return r.body.marks as { criterion: string; version: number; value: string | null }[];
}

/** "seal@1=30" for each stored version of a mark, oldest first. */
async function versions(sheetId: string, criterion: string): Promise<string[]> {
  return (await history(sheetId))
    .filter((m) => m.criterion === criterion)
    .sort((a, b) => a.version - b.version)
    .map((m) => `${m.criterion}@${String(m.version)}=${m.value ?? ''}`);
}

/** A mark's value on the server (what a page's "synced" may report before a send begins). */
async function onServer(judge: string, entrant: string, criterion: string): Promise<string | null> {
  const sheet = await sheetOf(judge, entrant);
  return sheet.marks.find((m) => m.criterion === criterion)?.value ?? null;
}

/** The judge signs the sheet from another device (the API), as they may. */
async function submitElsewhere(judge: string, sheetId: string): Promise<void> {
  const token = f.judges[judge];
  const current = await h.call('GET', `/api/sheets/${sheetId}`, { token });
  const r = await h.call('POST', `/api/sheets/${sheetId}/submit`, {
    token,
    body: { revision: current.body.revision as number, pin: f.pins[judge] },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** The chief judge acts on a sheet from the console (the API). */
async function chief(
  sheetId: string,
  action: 'return' | 'verify',
  extra: Record<string, string> = {},
): Promise<void> {
  const current = await h.call('GET', `/api/sheets/${sheetId}`, { token: f.chief });
  const r = await h.call('POST', `/api/sheets/${sheetId}/${action}`, {
    token: f.chief,
    body: { revision: current.body.revision as number, ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** Writes a mark over the API (the chief's correction, or the judge's other device). */
async function writeMark(
  token: string | undefined,
  sheetId: string,
  criterion: string,
  value: string,
  expectedVersion: number,
  reason?: string,
): Promise<void> {
  const r = await h.call('POST', `/api/sheets/${sheetId}/marks`, {
    token,
    body: {
      opId: randomUUID(),
      criterion,
      value,
      expectedVersion,
      ...(reason === undefined ? {} : { reason }),
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Counts the mark batches a page sends. */
function batchesSent(page: Page): () => number {
  let sent = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/marks/batch')) sent++;
  });
  return () => sent;
}

/** What is typed in the field, kept on the device (localStorage), whatever its format. */
async function keptOnDevice(page: Page, text: string): Promise<boolean> {
  return page.evaluate(
    (t) => Object.keys(localStorage).some((k) => (localStorage.getItem(k) ?? '').includes(t)),
    text,
  );
}

describe('judge tablet in Chromium', () => {
  it('signs a judge in from the QR login link, and speaks English on request', async () => {
    const link = await h.call(
      'POST',
      `/api/competitions/${f.competitionId}/judges/${f.judgeIds['J9'] ?? ''}/login-link`,
      { token: f.organizer },
    );
    expect(link.status).toBe(201);
    const context = await tablet(app.browser, base);
    const page = await context.newPage();
    await page.goto(
      new URL(link.body.url as string).pathname + new URL(link.body.url as string).hash,
    );
    await page.waitForURL('**/judge/sheets');
    await expect.poll(() => page.getByTestId('who').innerText()).toContain('J9');
    expect(await page.locator('h1').innerText()).toBe('我的评分表');
    await page.getByRole('button', { name: '切换语言' }).click();
    expect(await page.locator('h1').innerText()).toBe('My score sheets');
    expect(await page.getByTestId('sync-status').innerText()).toContain('Synced');
    await page.reload();
    await expect.poll(() => page.locator('h1').innerText()).toBe('My score sheets');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  let judgeContext: BrowserContext;
  let judgePage: Page;

  it('a judge signs in with code and PIN, scores a contestant and signs the sheet', async () => {
    judgeContext = await tablet(app.browser, base);
    judgePage = await judgeSignsIn(judgeContext, 'J1');
    const errors = pageErrors(judgePage);
    await expect.poll(() => judgePage.locator('a.sheet').count()).toBe(6);
    // Codes only: no contestant's name anywhere on the judge's list.
    expect(await judgePage.locator('main').innerText()).not.toContain('选手');
    await openSheet(judgePage, 'E1');
    await enter(judgePage, 'seal', '35.5');
    await enter(judgePage, 'balance', '30');
    // A stepper: judgement 0–10 in steps of 0.5, two steps up from empty → 0.5.
    await judgePage.getByRole('button', { name: '操作规范与职业素养 加一档' }).click();
    await judgePage.getByRole('button', { name: '操作规范与职业素养 加一档' }).click();
    // Out of range is refused on the tablet, with the reason, and nothing is stored.
    await enter(judgePage, 'balance', '41');
    await expect
      .poll(() => judgePage.locator('#c-balance-error').innerText())
      .toContain('超出范围');
    await judgePage.locator('#c-balance').press('Escape');
    await expect.poll(() => syncStatus(judgePage)).toBe('synced');
    // The engine's running totals on the tablet: practical = (35.5 + 30 + 20 × 0.5 ÷ 10) of 100.
    await expect.poll(() => judgePage.getByTestId('totals').innerText()).toContain('66.50');
    await screenshot(judgePage, 'judge-sheet');

    await judgePage.getByRole('button', { name: '核对并签名提交' }).click();
    const dialog = judgePage.getByTestId('submit-dialog');
    await expect.poll(() => dialog.innerText()).toContain('35.5');
    await dialog.locator('#sign-pin').fill(f.pins['J1'] ?? '');
    await dialog.getByRole('button', { name: '签名并提交' }).click();
    await expect.poll(() => judgePage.getByTestId('sheet-status').innerText()).toBe('已提交');

    const sheet = await sheetOf('J1', 'E1');
    expect(sheet.status).toBe('submitted');
    expect(Object.fromEntries(sheet.marks.map((m) => [m.criterion, m.value]))).toEqual({
      seal: '35.5',
      balance: '30',
      process: '0.5',
    });
    expect(errors).toEqual([]);
  });

  it('marks typed offline survive a reload and reach the server exactly once', async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J2');
    // The service worker has cached the app shell once it is ready.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await openSheet(page, 'E1');
    await context.setOffline(true);
    await enter(page, 'seal', '36');
    await enter(page, 'balance', '31.5');
    await page.getByRole('button', { name: '操作规范与职业素养 加一档' }).click();
    await expect.poll(() => syncStatus(page)).toBe('offline');
    const pending = (): Promise<string | null> =>
      page.getByTestId('sync-status').getAttribute('data-pending');
    await expect.poll(pending).toBe('3');
    await screenshot(page, 'judge-sheet-offline');

    // Typed and not confirmed yet: kept as it is typed.
    await page.locator('#c-seal').fill('37');

    // Reloaded with no network: the shell from the service worker, the marks from IndexedDB.
    await page.reload();
    await expect.poll(() => page.locator('#c-seal').inputValue()).toBe('37');
    expect(await page.getByTestId('unconfirmed').innerText()).toContain('37');
    await page.locator('#c-seal').press('Escape');
    expect(await page.locator('#c-seal').inputValue()).toBe('36');
    expect(await page.locator('#c-balance').inputValue()).toBe('31.5');
    await expect.poll(pending).toBe('3');
    const before = await sheetOf('J2', 'E1');
    expect(before.marks).toEqual([]);

    await context.setOffline(false);
    await expect.poll(() => syncStatus(page), { timeout: 20_000 }).toBe('synced');
    const after = await sheetOf('J2', 'E1');
    expect(Object.fromEntries(after.marks.map((m) => [m.criterion, m.value]))).toEqual({
      seal: '36',
      balance: '31.5',
      process: '0.0',
    });
    // Exactly once: one version per mark in the ledger.
    expect((await history(after.id)).map((m) => `${m.criterion}@${m.version}`).sort()).toEqual([
      'balance@1',
      'process@1',
      'seal@1',
    ]);
    await context.close();
  });

  it('two devices change the same mark: the second sees both values and chooses', async () => {
    const a = await tablet(app.browser, base);
    const b = await tablet(app.browser, base);
    const pageA = await judgeSignsIn(a, 'J3');
    const pageB = await judgeSignsIn(b, 'J3');
    await openSheet(pageA, 'E2');
    await openSheet(pageB, 'E2');
    await enter(pageA, 'seal', '20');
    await expect.poll(() => syncStatus(pageA)).toBe('synced');

    // Device B still holds the sheet as it was: its change expects version 0.
    await enter(pageB, 'seal', '25');
    const dialog = pageB.getByTestId('conflict-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByTestId('conflict-mine').innerText()).toBe('25');
    expect(await dialog.getByTestId('conflict-theirs').innerText()).toBe('20');
    expect(await dialog.innerText()).toContain('裁判J3 (J3)');
    expect(await syncStatus(pageB)).toBe('conflict');
    await screenshot(pageB, 'judge-conflict');
    // Nothing was overwritten while the judge decides.
    expect((await sheetOf('J3', 'E2')).marks[0]?.value).toBe('20');

    await dialog.getByRole('button', { name: '用本机的值替换' }).click();
    await expect.poll(() => syncStatus(pageB)).toBe('synced');
    const sheet = await sheetOf('J3', 'E2');
    expect(sheet.marks[0]).toMatchObject({ criterion: 'seal', value: '25', version: 2 });
    expect(sheet.marks[0]?.reason).toContain('冲突');
    await a.close();
    await b.close();
  });

  it('taps while a send is in flight chain after it: in order, no false conflict', async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J3');
    // A slow venue network: every send takes 400 ms.
    await page.route('**/api/marks/batch', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    await openSheet(page, 'E3');
    const up = page.getByRole('button', { name: '操作规范与职业素养 加一档' });
    for (let i = 0; i < 6; i++) {
      await up.click();
      await page.waitForTimeout(120);
    }
    await enter(page, 'seal', '31');
    await enter(page, 'seal', '32');
    // "Synced" can show before the last change is recorded: wait for the server's value.
    await expect.poll(() => onServer('J3', 'E3', 'seal')).toBe('32');
    await expect.poll(() => syncStatus(page)).toBe('synced');
    expect(await page.getByTestId('conflict-dialog').isVisible()).toBe(false);
    const sheet = await sheetOf('J3', 'E3');
    expect(Object.fromEntries(sheet.marks.map((m) => [m.criterion, m.value]))).toEqual({
      process: '2.5',
      seal: '32',
    });
    await context.close();
  });

  it('the chief judge returns a sheet, the judge corrects it, the chief judge verifies', async () => {
    const chiefContext = await tablet(app.browser, base);
    const chief = await chiefContext.newPage();
    const errors = pageErrors(chief);
    await chief.goto('/chief');
    await chief.selectOption('#competition', f.competitionId);
    await chief.fill('#username', 'chief');
    await chief.fill('#password', 'chief-pass-1');
    await chief.getByRole('button', { name: '登录' }).click();
    await chief.getByTestId('event-battery').click();
    await chief.waitForURL('**/chief/**/battery');
    await expect.poll(() => chief.getByTestId('live-status').innerText()).toContain('实时');
    // Every judge's marks side by side, and the aggregate.
    const cell = chief.getByTestId('cell-E1-seal');
    await expect.poll(() => cell.innerText()).toContain('35.5');
    expect(await cell.innerText()).toContain('36');
    await screenshot(chief, 'chief-console');
    await chief.getByRole('button', { name: /001 选手1/ }).click();
    const panel = chief.getByTestId('panel');
    await panel.getByTestId('panel-sheet-J1').getByRole('button', { name: '退回更正' }).click();
    await panel.locator('textarea').fill('密封性测试请复核');
    await panel.getByRole('button', { name: '确认退回' }).click();
    await expect.poll(() => panel.getByTestId('panel-status-J1').innerText()).toBe('已退回');
    await screenshot(chief, 'chief-console-returned');

    // The judge sees the note, gives a reason and corrects the mark, then signs again.
    await judgePage.reload();
    await expect
      .poll(() => judgePage.getByTestId('returned-note').innerText())
      .toContain('密封性测试请复核');
    await judgePage.fill('#reason', '复核后更正');
    await enter(judgePage, 'seal', '34');
    await expect.poll(() => syncStatus(judgePage)).toBe('synced');
    await judgePage.getByRole('button', { name: '核对并签名提交' }).click();
    await judgePage
      .getByTestId('submit-dialog')
      .locator('#sign-pin')
      .fill(f.pins['J1'] ?? '');
    await judgePage.getByRole('button', { name: '签名并提交' }).click();
    await expect.poll(() => judgePage.getByTestId('sheet-status').innerText()).toBe('已提交');

    // The console follows the official table live; the chief verifies.
    await expect
      .poll(() => panel.getByTestId('panel-status-J1').innerText(), { timeout: 15_000 })
      .toBe('已提交');
    await panel.getByTestId('panel-sheet-J1').getByRole('button', { name: '核验' }).click();
    await expect.poll(() => panel.getByTestId('panel-status-J1').innerText()).toBe('已核验');
    const sheet = await sheetOf('J1', 'E1');
    expect(sheet.status).toBe('verified');
    expect(sheet.marks.find((m) => m.criterion === 'seal')).toMatchObject({
      value: '34',
      version: 2,
      reason: '复核后更正',
    });
    expect(errors).toEqual([]);
    await chiefContext.close();
    await judgeContext.close();
  });
});

/**
 * Integrity at the edges: the tablet never sends a value the judge did not decide against the
 * server's current one. Each case uses its own judge × contestant sheet.
 */
describe('judge tablet: nothing sent over a value the judge has not seen', () => {
  it("a field's draft ends with its commit: the chief's correction shows, moving through sends nothing", async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J1');
    const errors = pageErrors(page);
    await openSheet(page, 'E2');
    // Typed, then left by tapping the next field: leaving commits it.
    await page.locator('#c-seal').fill('30');
    await page.locator('#c-balance').click();
    await enter(page, 'balance', '20');
    await expect.poll(() => onServer('J1', 'E2', 'balance')).toBe('20');
    expect(await onServer('J1', 'E2', 'seal')).toBe('30');
    const sheet = await sheetOf('J1', 'E2');
    await submitElsewhere('J1', sheet.id);
    await writeMark(f.chief, sheet.id, 'seal', '28', 1, '复核更正');
    await chief(sheet.id, 'return', { note: '密封性已更正' });

    await page.reload();
    await expect.poll(() => page.getByTestId('returned-note').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#c-seal').inputValue()).toBe('28');
    expect(await page.getByTestId('criterion-seal').getAttribute('data-state')).toBe('synced');
    expect(await page.getByTestId('unconfirmed').count()).toBe(0);
    // Moving through the field, with a reason filled for some other correction, sends nothing.
    await page.fill('#reason', '复核');
    await page.locator('#c-seal').click();
    await page.locator('#c-balance').click();
    await page.locator('#reason').click();
    await page.waitForTimeout(1_000);
    expect(await versions(sheet.id, 'seal')).toEqual(['seal@1=30', 'seal@2=28']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a draft typed before the chief's correction becomes a conflict; keeping the server's value sends nothing", async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J2');
    const errors = pageErrors(page);
    await openSheet(page, 'E2');
    await enter(page, 'seal', '30');
    await expect.poll(() => onServer('J2', 'E2', 'seal')).toBe('30');
    // Typed and not confirmed: kept on the device, typed against version 1.
    await page.locator('#c-seal').fill('31');
    await expect.poll(() => keptOnDevice(page, '31')).toBe(true);
    const sheet = await sheetOf('J2', 'E2');
    await submitElsewhere('J2', sheet.id);
    await writeMark(f.chief, sheet.id, 'seal', '27', 1, '复核更正');
    await chief(sheet.id, 'return', { note: '密封性已更正' });

    await page.reload();
    const dialog = page.getByTestId('conflict-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByTestId('conflict-mine').innerText()).toBe('31');
    expect(await dialog.getByTestId('conflict-theirs').innerText()).toBe('27');
    expect(await dialog.innerText()).toContain('裁判长');
    await screenshot(page, 'judge-stale-draft-conflict');
    expect(await versions(sheet.id, 'seal')).toEqual(['seal@1=30', 'seal@2=27']);

    await dialog.getByRole('button', { name: '保留服务器的值' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('#c-seal').inputValue()).toBe('27');
    await page.fill('#reason', '复核');
    await page.locator('#c-seal').click();
    await page.locator('#c-balance').click();
    await page.waitForTimeout(1_000);
    await page.reload();
    await expect.poll(() => page.locator('#c-seal').inputValue()).toBe('27');
    expect(await dialog.isVisible()).toBe(false);
    expect(await versions(sheet.id, 'seal')).toEqual(['seal@1=30', 'seal@2=27']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeping the server's value after a conflict keeps it: on screen, on the device, on the server", async () => {
    const a = await tablet(app.browser, base);
    const b = await tablet(app.browser, base);
    const pageA = await judgeSignsIn(a, 'J3');
    const pageB = await judgeSignsIn(b, 'J3');
    await openSheet(pageA, 'E4');
    await openSheet(pageB, 'E4');
    await enter(pageA, 'seal', '20');
    await expect.poll(() => onServer('J3', 'E4', 'seal')).toBe('20');
    await enter(pageB, 'seal', '25');
    const dialog = pageB.getByTestId('conflict-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);

    await dialog.getByRole('button', { name: '保留服务器的值' }).click();
    await expect.poll(() => pageB.locator('#c-seal').inputValue()).toBe('20');
    // Moving on from the field sends nothing.
    await pageB.locator('#c-balance').click();
    await pageB.waitForTimeout(1_000);
    expect(await syncStatus(pageB)).toBe('synced');
    const sheet = await sheetOf('J3', 'E4');
    expect(await versions(sheet.id, 'seal')).toEqual(['seal@1=20']);
    await pageB.reload();
    await expect.poll(() => pageB.locator('#c-seal').inputValue()).toBe('20');
    expect(await pageB.getByTestId('unconfirmed').count()).toBe(0);
    await a.close();
    await b.close();
  });

  it('a refused change is shown in Chinese, never as a value; dismissing it sends nothing', async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J1');
    const errors = pageErrors(page);
    const sent = batchesSent(page);
    await openSheet(page, 'E3');
    await enter(page, 'seal', '30');
    await expect.poll(() => onServer('J1', 'E3', 'seal')).toBe('30');
    await context.setOffline(true);
    await enter(page, 'seal', '31');
    await expect.poll(() => syncStatus(page)).toBe('offline');
    // Meanwhile the sheet is signed elsewhere and verified.
    const sheet = await sheetOf('J1', 'E3');
    await submitElsewhere('J1', sheet.id);
    await chief(sheet.id, 'verify');
    await context.setOffline(false);

    const refusal = page.getByTestId('rejected');
    await expect.poll(() => refusal.isVisible(), { timeout: 20_000 }).toBe(true);
    const text = await refusal.innerText();
    expect(text).toContain('裁判长');
    expect(text).not.toMatch(/this sheet|changes now go/);
    await screenshot(page, 'judge-refused');
    // The field shows the server's value, and the sheet its state on the server.
    await expect.poll(() => page.locator('#c-seal').inputValue()).toBe('30');
    await expect.poll(() => page.getByTestId('sheet-status').innerText()).toBe('已核验');

    const before = sent();
    await refusal.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => refusal.count()).toBe(0);
    await page.locator('#c-seal').click({ force: true });
    await page.locator('#c-balance').click({ force: true });
    await page.waitForTimeout(1_000);
    expect(sent()).toBe(before);
    expect(await page.locator('#c-seal').inputValue()).toBe('30');
    expect(await versions(sheet.id, 'seal')).toEqual(['seal@1=30']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a submit whose answer is lost: the tablet asks the server, and says it was submitted', async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J2');
    await openSheet(page, 'E3');
    await enter(page, 'seal', '33');
    await expect.poll(() => onServer('J2', 'E3', 'seal')).toBe('33');
    await expect.poll(() => syncStatus(page)).toBe('synced');
    const sheet = await sheetOf('J2', 'E3');
    // The request reaches the server; its answer never reaches the tablet.
    await page.route('**/api/sheets/*/submit', async (route) => {
      await route.fetch();
      await route.abort('failed');
    });
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && r.url().endsWith(`/api/sheets/${sheet.id}`)) asked.push(r.url());
    });
    await page.getByRole('button', { name: '核对并签名提交' }).click();
    const dialog = page.getByTestId('submit-dialog');
    await dialog.locator('#sign-pin').fill(f.pins['J2'] ?? '');
    await dialog.getByRole('button', { name: '签名并提交' }).click();

    await expect.poll(() => page.getByTestId('sheet-status').innerText()).toBe('已提交');
    expect(asked.length).toBeGreaterThan(0);
    expect(await page.locator('main').innerText()).not.toContain('离线时无法提交');
    expect((await sheetOf('J2', 'E3')).status).toBe('submitted');
    await context.close();
  });

  it('the open sheet refreshes when the network comes back', async () => {
    const context = await tablet(app.browser, base);
    const page = await judgeSignsIn(context, 'J3');
    await openSheet(page, 'E5');
    await context.setOffline(true);
    await expect.poll(() => syncStatus(page)).toBe('offline');
    // The judge's other device marks the sheet meanwhile.
    const sheet = await sheetOf('J3', 'E5');
    await writeMark(f.judges['J3'], sheet.id, 'seal', '18', 0);
    await context.setOffline(false);
    await expect.poll(() => page.locator('#c-seal').inputValue()).toBe('18');
    expect(await page.getByTestId('criterion-seal').getAttribute('data-state')).toBe('synced');
    await context.close();
  });
});
