/**
 * What a judge's tablet downloads to open a sheet: the JavaScript of the judge sheet route
 * (/judge/sheets/[id]) with the app's entry and root layout, gzipped, against the budget. The
 * chief grid route is shown for information. A report: it always exits 0.
 *
 * Run after `npm run build -w web`: `npm run size -w web`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const WEB = path.resolve(import.meta.dirname, '..');
const BUILD = path.join(WEB, 'build');
const KIT = path.join(WEB, '.svelte-kit');
const MANIFEST = path.join(KIT, 'output/client/.vite/manifest.json');
const NODES = path.join(KIT, 'generated/client-optimized/nodes');
const BUDGET_KIB = 150;

/** One chunk of the Vite manifest (only what is read here). */
interface Chunk {
  readonly file: string;
  readonly src?: string;
  readonly isEntry?: boolean;
  readonly isDynamicEntry?: boolean;
  readonly imports?: readonly string[];
}
type Manifest = Readonly<Record<string, Chunk>>;

interface Route {
  readonly path: string;
  /** The route's folder under src/routes ("" for the root). */
  readonly dir: string;
  readonly budget: boolean;
}

const ROUTES: readonly Route[] = [
  { path: '/judge/sheets/[id]', dir: 'judge/sheets/[id]', budget: true },
  { path: '/chief/[competition]/[event]', dir: 'chief/[competition]/[event]', budget: false },
];

const read = (file: string): string => readFileSync(file, 'utf8');

/** The files the page itself loads first: modulepreloads and the start/app imports. */
function entryFiles(): string[] {
  const html = read(path.join(BUILD, 'index.html'));
  return [
    ...new Set(Array.from(html.matchAll(/\/(_app\/immutable\/[^"'\s)]+\.js)/g), (m) => m[1] ?? '')),
  ];
}

/** The manifest key of the node whose generated module loads this route file. */
function nodeKey(manifest: Manifest, routeFile: string): string {
  const direct = `src/routes/${routeFile}`;
  if (direct in manifest) return direct;
  for (const key of Object.keys(manifest)) {
    if (!key.startsWith('.svelte-kit/generated/client-optimized/nodes/')) continue;
    const generated = path.join(NODES, path.basename(key));
    if (existsSync(generated) && read(generated).includes(`/src/routes/${routeFile}"`)) return key;
  }
  throw new Error(`no node in the build loads src/routes/${routeFile}`);
}

/** The route's page and every layout above it, as src/routes-relative files. */
function routeFiles(dir: string): string[] {
  const parts = dir === '' ? [] : dir.split('/');
  const layouts = parts
    .map((_, i) => parts.slice(0, i).join('/'))
    .concat(dir)
    .map((d) => (d === '' ? '+layout.svelte' : `${d}/+layout.svelte`))
    .filter((f) => existsSync(path.join(WEB, 'src/routes', f)));
  return [...layouts, `${dir}/+page.svelte`];
}

/** Every file a chunk loads statically, itself included. */
function closure(manifest: Manifest, key: string, into: Set<string>): void {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return;
  into.add(chunk.file);
  for (const next of chunk.imports ?? []) closure(manifest, next, into);
}

function filesOf(manifest: Manifest, route: Route): string[] {
  const files = new Set<string>();
  const entries = Object.keys(manifest).filter(
    (k) => manifest[k]?.isEntry === true && manifest[k].isDynamicEntry !== true,
  );
  for (const key of [...entries, ...routeFiles(route.dir).map((f) => nodeKey(manifest, f))]) {
    closure(manifest, key, files);
  }
  for (const file of entryFiles()) files.add(file);
  return [...files].sort();
}

interface Size {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
}

function sizeOf(file: string): Size {
  const bytes = readFileSync(path.join(BUILD, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

function table(sizes: readonly Size[]): string {
  const rows = [
    ['file', 'raw KiB', 'gzip KiB'],
    ...[...sizes].sort((a, b) => b.gzip - a.gzip).map((s) => [s.file, kib(s.raw), kib(s.gzip)]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number): string =>
    i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
  return rows.map((r) => r.map(cell).join('  ')).join('\n');
}

function main(): void {
  if (!existsSync(path.join(BUILD, 'index.html')) || !existsSync(MANIFEST)) {
    console.log('No build found: run `npm run build -w web` first.');
    return;
  }
  const manifest = JSON.parse(read(MANIFEST)) as Manifest;
  for (const route of ROUTES) {
    const sizes = filesOf(manifest, route).map(sizeOf);
    const raw = sizes.reduce((n, s) => n + s.raw, 0);
    const gzip = sizes.reduce((n, s) => n + s.gzip, 0);
    console.log(`\n${route.path}: ${String(sizes.length)} JS files\n`);
    if (route.budget) console.log(`${table(sizes)}\n`);
    console.log(`total: ${kib(raw)} KiB raw, ${kib(gzip)} KiB gzipped`);
    if (route.budget) {
      const verdict = gzip <= BUDGET_KIB * 1024 ? 'PASS' : 'FAIL';
      console.log(`target: ≤ ${String(BUDGET_KIB)} KiB gzipped: ${verdict}`);
    } else {
      console.log('(for information)');
    }
  }
}

main();
