/**
 * Serves the built web app (web/build, a SvelteKit single-page app) on the API's port. Files
 * are read once at start and kept in memory with a gzip copy: the app is a few hundred KiB, and
 * tablets on a venue's Wi-Fi should not wait on the disk or on compression. Hashed assets are
 * cached for a year; everything else revalidates by ETag. Any other page path answers with the
 * app's shell, whose router takes over; a board path's shell comes with the board's first screen
 * drawn in (board-shell.ts), made once per revision of the table and revalidated on every visit.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import type { LiveSnapshot } from '../contract/live.ts';
import { drawBoard } from './board-rows.ts';
import {
  boardPathOf,
  inlineStylesheets,
  shellWithBoard,
  type BoardPath,
  type BoardSnapshots,
} from './board-shell.ts';

/** Where `npm run build -w web` writes the app. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/build', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.webmanifest', '.svg', '.txt']);

interface WebFile {
  readonly body: Uint8Array;
  readonly gzip: Uint8Array | null;
  readonly type: string;
  readonly etag: string;
  readonly immutable: boolean;
}

export interface WebApp {
  readonly files: ReadonlyMap<string, WebFile>;
  /** index.html: the answer to every page path. */
  readonly shell: WebFile;
}

function webFile(body: Uint8Array, ext: string, url: string): WebFile {
  return {
    body,
    gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? new Uint8Array(gzipSync(body)) : null,
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    immutable: url.startsWith('/_app/immutable/'),
  };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Reads a built app into memory; null when it has not been built. */
export async function loadWebApp(dir = DEFAULT_WEB_DIR): Promise<WebApp | null> {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = new Map<string, WebFile>();
  for (const path of await walk(dir)) {
    const url = '/' + relative(dir, path).split(sep).join('/');
    files.set(url, webFile(new Uint8Array(await readFile(path)), extname(path), url));
  }
  const shell = files.get('/index.html');
  if (!shell) return null;
  return { files, shell };
}

function send(c: Context, file: WebFile): Response {
  const headers: Record<string, string> = {
    'content-type': file.type,
    etag: file.etag,
    vary: 'accept-encoding',
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (c.req.header('if-none-match') === file.etag) {
    return new Response(null, { status: 304, headers });
  }
  const accepts = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const body = accepts && file.gzip !== null ? file.gzip : file.body;
  if (body !== file.body) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  return new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers,
  });
}

/** Page paths the app's router owns: anything that is not the API, the live endpoint or a file. */
function isPagePath(path: string): boolean {
  return !path.startsWith('/api/') && !path.startsWith('/socket.io/') && extname(path) === '';
}

/** Boards answered with their first screen drawn in. */
export interface BoardPages {
  /** The public snapshot of a table: the live endpoint's, as GET …/snapshot answers it. */
  readonly snapshot: BoardSnapshots;
  /** Also inline the snapshot as JSON, so the app fetches nothing for it. */
  readonly inline: boolean;
}

/**
 * A board path's shell, drawn once per snapshot object (one per revision of a held table):
 * however many phones ask, the rows are drawn and gzipped once. The plain shell when the public
 * may see nothing of the table.
 */
function boardShells(web: WebApp, boards: BoardPages): (where: BoardPath) => Promise<WebFile> {
  const drawn = new WeakMap<LiveSnapshot, WebFile>();
  const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
  const shellText = inlineStylesheets(text(web.shell.body), (href) => {
    const file = web.files.get(href);
    return file?.type.startsWith('text/css') === true ? text(file.body) : null;
  });
  return async ({ competitionId, scope }) => {
    const snapshot = await boards.snapshot(competitionId, scope);
    let file = drawn.get(snapshot);
    if (file === undefined) {
      const board = drawBoard(snapshot, { competitionId });
      const html =
        board === null ? null : shellWithBoard(shellText, board, snapshot, boards.inline);
      file = html === null ? web.shell : webFile(new TextEncoder().encode(html), '.html', '/');
      drawn.set(snapshot, file);
    }
    return file;
  };
}

/**
 * Mounts the app after the API routes. Without a build, pages answer with how to build it. With
 * `boards`, a board path's shell carries the board's first rows; any failure to draw them (an
 * unknown or hidden table, the live endpoint not running) answers the plain shell, never an error.
 */
export function mountWebApp(app: Hono, web: WebApp | null, boards?: BoardPages): void {
  const boardShell = web !== null && boards !== undefined ? boardShells(web, boards) : null;
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (web === null) {
      if (!isPagePath(path)) return next();
      return c.text('The web app is not built: run `npm run build -w web`, then start again.', 503);
    }
    const file = web.files.get(path);
    if (file) return send(c, file);
    if (!isPagePath(path)) return next();
    const board = boardShell === null ? null : boardPathOf(path);
    if (board === null || boardShell === null) return send(c, web.shell);
    return send(c, await boardShell(board).catch(() => web.shell));
  });
}
