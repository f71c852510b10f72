/**
 * A board path's HTML (`/c/:competition/e/:event`, `/c/:competition/o/:overall`) carries the
 * board's first rows, drawn from the same public snapshot GET …/snapshot answers, with exactly its
 * visibility: a hidden event or an unpublished competition gets the plain shell (no rows, no
 * names, no event name), names hidden by the event's setting stay hidden (bibs), and a malformed
 * or unknown path is the plain shell, never an error. Drawn once per revision: the same ETag,
 * 304 on revalidation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@skills/db/testing';
import { boardPages } from '../src/app-start.ts';
import type { LiveSnapshot } from '../src/contract/live.ts';
import { publicSnapshotPath } from '../src/contract/live-names.ts';
import { decimal } from '../src/contract/number-text.ts';
import type { PublicRowWire } from '../src/contract/rows.ts';
import { loadWebApp, mountWebApp, type WebApp } from '../src/http/web-app.ts';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { startLive, type LiveRig } from './live-rig.ts';

const C = 'board';
const EVENT_NAME = '电池包密封性测试与模组配平';
const CSS_PATH = '/_app/immutable/assets/0.test.css';
const CSS = ':root{font:18px/1.45 system-ui}body{margin:0}';
const SHELL =
  '<!doctype html><html><head><title>职工技能竞赛 · 评分</title>' +
  `<link href="${CSS_PATH}" rel="stylesheet"></head>` +
  '<body data-x="1"><div id="app"><script>start()</script></div></body></html>';

let webDir: string;
let web: WebApp;

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'skills-board-page-'));
  writeFileSync(join(webDir, 'index.html'), SHELL);
  mkdirSync(join(webDir, '_app/immutable/assets'), { recursive: true });
  writeFileSync(join(webDir, CSS_PATH), CSS);
  const loaded = await loadWebApp(webDir);
  if (loaded === null) throw new Error('the test shell did not load');
  web = loaded;
});
afterAll(() => {
  rmSync(webDir, { recursive: true, force: true });
});

/** The result column's text of each drawn row, by competitor. */
function drawnResults(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(
    /data-testid="row-([^"]+)".*?data-testid="result">([^<]*)<\/span>/g,
  )) {
    out.set(m[1] ?? '', m[2] ?? '');
  }
  return out;
}

describe.each(DATABASE_KINDS)('a board path on %s', (kind) => {
  let h: Harness;
  let f: Fixture;
  let rig: LiveRig;
  /** The web app's answers, mounted as startApp mounts them (on their own app: the API's is built). */
  let site: Hono;

  const page = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    Promise.resolve(site.request(path, { headers }));
  const snapshotNow = async (): Promise<LiveSnapshot> =>
    (await h.server.app.request(publicSnapshotPath(C, 'battery'))).json() as Promise<LiveSnapshot>;
  const html = async (path: string): Promise<string> => {
    const res = await page(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    return res.text();
  };
  const settings = async (body: Record<string, unknown>): Promise<void> => {
    const res = await h.call('PUT', `/api/competitions/${C}/events/battery/settings`, {
      token: f.organizer,
      body,
    });
    expect(res.status).toBe(200);
    await h.server.publisher.settle();
  };

  beforeEach(async () => {
    h = await startHarness(kind);
    f = await buildFixture(h, C);
    rig = await startLive(h.server);
    site = new Hono();
    mountWebApp(site, web, boardPages(h.server, 'drawn'));
    await mark(h, f, f.judges['J9'], await sheetId(h, f, 'J9', 'E1'), 'exam', 80);
    await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', 'E3'), 'seal', 31);
    await h.server.publisher.settle();
  });
  afterEach(async () => {
    await rig.close();
    await h.close();
  });

  it('draws the first rows of a published board, names and results at precision, as the snapshot has them', async () => {
    await settings({ publicNames: true });
    const snapshot = await snapshotNow();
    const text = await html(`/c/${C}/e/battery`);
    expect(text).toContain('data-testid="standings"');
    expect(text).toContain(`<title>${EVENT_NAME} · 成绩公布</title>`);
    expect(text).toContain(`<h1>${EVENT_NAME}</h1>`);
    const drawn = drawnResults(text);
    const rows = snapshot.rows as readonly PublicRowWire[];
    expect(drawn.size).toBe(rows.length);
    for (const row of rows) {
      expect(text).toContain(row.name ?? 'no name');
      const expected = row.status === 'pending' ? '–' : (decimal(row.score) ?? '–');
      expect(drawn.get(row.competitor), row.competitor).toBe(expected);
    }
    // Scores at the event's precision: two places, trailing zeros kept.
    expect([...drawn.values()].filter((v) => /^\d+\.\d\d$/.test(v)).length).toBeGreaterThan(0);
    // The app's own element is still there, after the drawing.
    expect(text.indexOf('id="first-rows"')).toBeLessThan(text.indexOf('<div id="app">'));
    expect(text).toContain('<script>start()</script>');
    // The stylesheet is written in (no request before the rows paint); its link no longer blocks.
    expect(text).toContain(`<style>${CSS}</style>`);
    expect(text).toContain(
      `<link href="${CSS_PATH}" rel="stylesheet" media="print" onload="this.media='all'">`,
    );
  });

  it('draws an overall table at its path, totals at its precision', async () => {
    const snapshot = (await (
      await h.server.app.request(publicSnapshotPath(C, 'overall:delegations'))
    ).json()) as LiveSnapshot;
    const text = await html(`/c/${C}/o/delegations`);
    expect(text).toContain('<h1>代表队团体总分</h1>');
    const drawn = drawnResults(text);
    const rows = snapshot.rows as readonly PublicRowWire[];
    expect(rows.length).toBeGreaterThan(0);
    expect(drawn.size).toBe(rows.length);
    for (const row of rows) {
      const expected = row.status === 'pending' ? '–' : (decimal(row.total) ?? '–');
      expect(drawn.get(row.competitor), row.competitor).toBe(expected);
    }
  });

  it('shows bibs, not names, when the event hides names', async () => {
    await settings({ publicNames: false });
    const text = await html(`/c/${C}/e/battery`);
    expect(text).toContain('data-testid="standings"');
    expect(text).not.toMatch(/选手\d/);
    expect(text).toMatch(/data-testid="name">00\d</);
  });

  it('answers the plain shell for an unpublished event and a hidden competition: no names, no event name', async () => {
    await settings({ publicVisible: false, publicNames: true });
    expect(await html(`/c/${C}/e/battery`)).toBe(SHELL);
    await settings({ publicVisible: true, published: false });
    expect(await html(`/c/${C}/e/battery`)).toBe(SHELL);
  });

  it('answers the plain shell, never an error, for malformed or unknown paths', async () => {
    for (const path of [
      `/c/no-such-thing/e/battery`,
      `/c/${C}/e/nowhere`,
      `/c/${C}/o/nowhere`,
      `/c/NOT%20VALID/e/battery`,
      `/c/${C}/e/%E0%A4%A`,
      `/c/${C}/e/${'x'.repeat(300)}`,
      `/c/${C}/e/battery/more`,
    ]) {
      expect(await html(path), path).toBe(SHELL);
    }
  });

  it('draws once per revision: the same ETag and bytes again, 304 when held, gzip when taken', async () => {
    const path = `/c/${C}/e/battery`;
    const first = await page(path, { 'accept-encoding': 'gzip' });
    const etag = first.headers.get('etag') ?? '';
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const text = gunzipSync(Buffer.from(await first.arrayBuffer())).toString('utf8');
    expect(text).toContain('data-testid="standings"');
    const again = await page(path);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(text);
    expect((await page(path, { 'if-none-match': etag })).status).toBe(304);
    // A new revision is a new page.
    await mark(h, f, f.judges['J9'], await sheetId(h, f, 'J9', 'E2'), 'exam', 90);
    await h.server.publisher.settle();
    let later = etag;
    for (let i = 0; i < 100 && later === etag; i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = (await page(path)).headers.get('etag') ?? '';
    }
    expect(later).not.toBe(etag);
  });

  it('inlines the snapshot as JSON when asked, which reads back as the snapshot route answers it', async () => {
    const inline = new Hono();
    mountWebApp(inline, web, boardPages(h.server, 'inline'));
    const text = await (await inline.request(`/c/${C}/e/battery`)).text();
    const m =
      /<script type="application\/json" id="live-snapshot" data-url="([^"]+)">(.*?)<\/script>/.exec(
        text,
      );
    expect(m?.[1]).toBe(publicSnapshotPath(C, 'battery'));
    const snapshot = await snapshotNow();
    expect(JSON.parse(m?.[2] ?? 'null')).toEqual(snapshot);
    expect(text).toContain('<meta name="live-snapshot" content="inline">');
  });
});

describe('a board path without the live endpoint', () => {
  it('answers the plain shell', async () => {
    const app = new Hono();
    mountWebApp(app, web, {
      inline: false,
      snapshot: () => Promise.reject(new Error('the live endpoint is not running')),
    });
    const res = await app.request(`/c/${C}/e/battery`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(SHELL);
  });
});
