/**
 * Debian's Chromium, driven by playwright-core (no browser is ever downloaded): the flags the
 * build machines need (no sandbox as root, no GPU, no background calls to Google's hosts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApp, type Started } from '../../src/app-start.ts';
import { DEFAULT_WEB_DIR } from '../../src/http/web-app.ts';
import { ORGANIZER, harnessOf, type Harness } from '../harness.ts';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'screenshots');
/** The screenshots the web README shows (committed; each kept under 300 KB). */
export const DOC_SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A tablet: 1280×800, touch, Chinese. */
export async function tablet(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    hasTouch: true,
    serviceWorkers: 'allow',
  });
}

/** A phone: 390×844, touch, Chinese. */
export async function phone(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** A screenshot for the web README: docs/screenshots/<name>.png, the viewport only. */
export async function docShot(page: Page, name: string): Promise<string> {
  mkdirSync(DOC_SCREENSHOTS, { recursive: true });
  const path = join(DOC_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The whole app on a fresh PGlite folder, with Chromium beside it. */
export interface BrowserApp {
  readonly started: Started;
  readonly h: Harness;
  readonly browser: Browser;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Starts what every browser test needs: the app (API, live endpoint and the built web app on
 * one port) and Chromium. Fails loudly, rather than skipping, when either is missing.
 */
export async function startBrowserApp(
  options: { demo?: boolean; publicUrl?: string } = {},
): Promise<BrowserApp> {
  if (!hasChromium()) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: npm run test:setup installs it (npm test runs it first)`,
    );
  }
  if (!existsSync(join(DEFAULT_WEB_DIR, 'index.html'))) {
    throw new Error('the web app is not built: npm run build -w web (npm test does)');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'skills-browser-'));
  const started = await startApp({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    demo: options.demo ?? false,
    publicUrl: options.publicUrl,
    adminPassword: ORGANIZER.password,
    log: () => undefined,
  });
  const h = harnessOf(started.server, started.database, () => started.stop());
  const browser = await launchChromium();
  return {
    started,
    h,
    browser,
    base: `http://127.0.0.1:${started.port}`,
    async close() {
      await browser.close();
      await h.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects the page's uncaught errors, for a test to expect none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
