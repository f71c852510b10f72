/// <reference lib="dom" />
/**
 * A public board's first rows in Chromium: they come from the HTTP snapshot the shell fetches
 * with the scripts (gzipped), the socket then subscribes with that snapshot's revision and hash
 * (so it carries no second table), and the board follows a judge's mark live. The scripts a
 * public board loads carry no zod (the schemas are for the API's edges, not the audience).
 */
import type { WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicSnapshotPath } from '../../src/contract/live-names.ts';
import { buildFixture, type Fixture, type Harness } from '../harness.ts';
import { mark, sheetId } from '../helpers.ts';
import { pageErrors, phone, startBrowserApp, type BrowserApp } from './browser.ts';

let app: BrowserApp;
let h: Harness;
let f: Fixture;

beforeAll(async () => {
  app = await startBrowserApp();
  h = app.h;
  f = await buildFixture(h);
  const names = await h.call(
    'PUT',
    `/api/competitions/${f.competitionId}/events/battery/settings`,
    { token: f.organizer, body: { publicNames: true, publicVisible: true } },
  );
  if (names.status !== 200) throw new Error(`settings: ${names.status}`);
  await mark(h, f, f.judges['J9'], await sheetId(h, f, 'J9', 'E1'), 'exam', 80);
  await h.server.publisher.settle();
}, 120_000);

afterAll(async () => {
  await app.close();
});

/** zod's class names survive minification: a script holding one carries zod. */
const ZOD_MARK = /\$Zod[A-Z][A-Za-z]+/;

describe('a public board on a phone', () => {
  it('shows its rows from the HTTP snapshot, subscribes from it, then follows a mark live; no zod', async () => {
    const context = await phone(app.browser, app.base);
    const page = await context.newPage();
    const errors = pageErrors(page);
    const snapshotPath = publicSnapshotPath(f.competitionId, 'battery');
    const snapshots: { status: number; encoding: string | undefined }[] = [];
    const scripts: { url: string; text: Promise<string> }[] = [];
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname === snapshotPath) {
        snapshots.push({ status: res.status(), encoding: res.headers()['content-encoding'] });
      }
      if (url.pathname.endsWith('.js')) scripts.push({ url: url.pathname, text: res.text() });
    });
    const sent: string[] = [];
    const received: string[] = [];
    page.on('websocket', (ws: WebSocket) => {
      ws.on('framesent', (frame) => sent.push(String(frame.payload)));
      ws.on('framereceived', (frame) => received.push(String(frame.payload)));
    });

    await page.goto(`/c/${f.competitionId}/e/battery`);
    const result = page.getByTestId('row-E1').getByTestId('result');
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toBe('16.00');
    await expect.poll(() => page.getByTestId('live-status').innerText()).toBe('实时更新');
    expect(snapshots).toEqual([{ status: 200, encoding: 'gzip' }]);

    // The socket asked from the snapshot's revision and was told it is current: no table twice.
    const subscribe = sent.find((s) => s.includes('"subscribe"'));
    expect(subscribe).toMatch(/"rev":\d+/);
    expect(subscribe).toMatch(/"hash":"[0-9a-f]{64}"/);
    expect(received.some((s) => s.includes('"sync":"current"'))).toBe(true);
    expect(received.some((s) => s.includes('"sync":"snapshot"'))).toBe(false);

    // A judge's mark reaches the board with no reload.
    await mark(h, f, f.judges['J9'], await sheetId(h, f, 'J9', 'E2'), 'exam', 90);
    await expect
      .poll(() => page.getByTestId('row-E2').getByTestId('result').innerText(), {
        timeout: 15_000,
      })
      .toBe('18.00');
    expect(await page.getByTestId('row-E2').getByTestId('rank').innerText()).toBe('1');

    expect(scripts.length).toBeGreaterThan(0);
    const withZod: string[] = [];
    for (const s of scripts) if (ZOD_MARK.test(await s.text)) withZod.push(s.url);
    expect(withZod).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
