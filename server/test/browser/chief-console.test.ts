/// <reference lib="dom" />
/**
 * The chief judge's console in Debian's Chromium at 1024×768, against the real app: every
 * contestant row of the event on one screen, the needs-action view with counts per category,
 * and verifying every clean sheet of the event in one action (a confirm dialog names the count;
 * sheets with a spread or missing marks stay for a look one by one). Screenshots go to
 * screenshots/.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Sheet } from '../../src/contract/api.ts';
import { buildFixture, type Fixture, type Harness } from '../harness.ts';
import { ASSIGNED, FILL, query } from '../helpers.ts';
import { pageErrors, screenshot, startBrowserApp, type BrowserApp } from './browser.ts';

let app: BrowserApp;
let h: Harness;
let f: Fixture;

async function sheets(): Promise<Sheet[]> {
  const r = await h.call('GET', `/api/competitions/${f.competitionId}/sheets?event=battery`, {
    token: f.chief,
  });
  return r.body.sheets as Sheet[];
}

/**
 * Every judge marks and signs every sheet; on E2 J3's seal is 10 points off the others (a
 * spread); J3 signs E5 without its process mark (missing); J2 leaves E6 unsigned.
 */
async function scoreEverything(): Promise<void> {
  for (const s of await sheets()) {
    const entrant = s.entrant?.id ?? '';
    const criteria = (ASSIGNED[s.judge] ?? []).filter(
      (c) => !(s.judge === 'J3' && entrant === 'E5' && c === 'process'),
    );
    const r = await h.call('POST', '/api/marks/batch', {
      token: f.judges[s.judge],
      body: {
        ops: criteria.map((criterion) => ({
          opId: randomUUID(),
          sheetId: s.id,
          criterion,
          value:
            s.judge === 'J3' && entrant === 'E2' && criterion === 'seal' ? 20 : FILL[criterion],
          expectedVersion: 0,
        })),
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (s.judge === 'J2' && entrant === 'E6') continue;
    const signed = await h.call('POST', `/api/sheets/${s.id}/submit`, {
      token: f.judges[s.judge],
      body: { revision: s.revision, pin: f.pins[s.judge] },
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  }
}

async function chiefSignsIn(page: Page): Promise<void> {
  await page.goto('/chief');
  await page.selectOption('#competition', f.competitionId);
  await page.fill('#username', 'chief');
  await page.fill('#password', 'chief-pass-1');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('event-battery').click();
  await page.waitForURL('**/chief/**/battery');
  await expect.poll(() => page.getByTestId('live-status').innerText()).toContain('实时');
}

/** Contestant rows wholly inside the viewport. */
async function rowsOnScreen(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rows = Array.from(document.querySelectorAll('[data-testid="chief-grid"] tbody tr'));
    return rows.filter((r) => {
      const b = r.getBoundingClientRect();
      return b.height > 0 && b.top >= 0 && b.bottom <= window.innerHeight;
    }).length;
  });
}

beforeAll(async () => {
  app = await startBrowserApp();
  ({ h } = app);
  f = await buildFixture(h);
  await scoreEverything();
}, 180_000);

afterAll(async () => {
  await app.close();
});

describe('chief console at 1024×768', () => {
  it('shows every contestant row of the event on one screen', async () => {
    const context = await app.browser.newContext({
      baseURL: app.base,
      viewport: { width: 1024, height: 768 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await chiefSignsIn(page);
    await expect.poll(() => page.getByTestId('cell-E2-seal').innerText()).toContain('20');
    expect(await rowsOnScreen(page)).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'chief-console-1024');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('verifies all clean sheets of the event in one action', async () => {
    const context = await app.browser.newContext({
      baseURL: app.base,
      viewport: { width: 1024, height: 768 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await chiefSignsIn(page);

    // Needs action: E2 (spread), E5 (missing); everything else collapsed.
    await expect.poll(() => page.getByTestId('filter-spread').innerText()).toContain('1');
    await page.getByTestId('filter-action').click();
    expect(await page.getByTestId('filter-action').innerText()).toContain('2');
    expect(await page.getByTestId('filter-missing').innerText()).toContain('1');
    await expect.poll(() => page.locator('[data-testid="chief-grid"] tbody tr').count()).toBe(2);
    expect(await page.getByTestId('row-E2').isVisible()).toBe(true);
    expect(await page.getByTestId('row-E5').isVisible()).toBe(true);
    expect(await page.getByTestId('collapsed').innerText()).toContain('4');
    await screenshot(page, 'chief-needs-action-1024');

    // 6 entrants × 4 judges = 24 sheets; J2|E6 unsigned, E2's three practical sheets in a
    // spread, J3|E5 missing a mark: 19 clean.
    const before = await sheets();
    expect(before.filter((s) => s.status === 'submitted')).toHaveLength(23);
    await expect.poll(() => page.getByTestId('bulk-open').innerText()).toContain('19');
    const auditBefore = await query<{ n: number }>(
      h,
      sql`select count(*)::int as n from audit_log where action = 'sheet.verify'`,
    );
    await page.getByTestId('bulk-open').click();
    const dialog = page.getByTestId('bulk-dialog');
    expect(await dialog.isVisible()).toBe(true);
    expect(await page.getByTestId('bulk-count').innerText()).toContain('将核验 19 份评分表');
    await screenshot(page, 'chief-bulk-confirm-1024');
    await page.getByTestId('bulk-confirm').click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('已核验 19 份评分表');

    const after = await sheets();
    const state = (judge: string, entrant: string): string | undefined =>
      after.find((s) => s.judge === judge && s.entrant?.id === entrant)?.status;
    expect(after.filter((s) => s.status === 'verified')).toHaveLength(19);
    for (const j of ['J1', 'J2', 'J3']) expect(state(j, 'E2'), j).toBe('submitted');
    expect(state('J9', 'E2')).toBe('verified');
    expect(state('J3', 'E5')).toBe('submitted');
    expect(state('J2', 'E6')).toBe('draft');
    const auditAfter = await query<{ n: number }>(
      h,
      sql`select count(*)::int as n from audit_log where action = 'sheet.verify'`,
    );
    expect((auditAfter[0]?.n ?? 0) - (auditBefore[0]?.n ?? 0)).toBe(19);
    // Nothing clean is left to verify.
    await expect.poll(() => page.getByTestId('bulk-open').isDisabled()).toBe(true);
    await screenshot(page, 'chief-bulk-done-1024');

    // A sheet signed elsewhere reaches the console over the live socket (the slow check runs
    // every 30 s; this must come well before), and only that sheet is read again.
    await page.getByTestId('filter-all').click();
    const reads: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/sheets/changes')) reads.push(r.url());
    });
    const e6 = after.find((s) => s.judge === 'J2' && s.entrant?.id === 'E6');
    const signed = await h.call('POST', `/api/sheets/${e6?.id ?? ''}/submit`, {
      token: f.judges['J2'],
      body: { revision: e6?.revision, pin: f.pins['J2'] },
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    await expect
      .poll(() => page.locator('[data-testid="row-E6"] .chip.submitted').count(), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((u) => u.includes('since='))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
