/**
 * Import arrows (README "Layout") are enforced by lint: each case lints a one-line module placed
 * in a workspace and expects the boundary rule to fire exactly when the arrow is forbidden.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The probes are not files of any tsconfig, so they are linted without type information (the
// boundary rule needs none); everything else is the repository's own configuration.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false } } },
  ],
});

async function boundaryErrors(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: file });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'repo/import-arrows').length;
}

const cases: [string, string, boolean][] = [
  ['scoring/src/probe.ts', "import '@skills/db';", false],
  ['scoring/src/probe.ts', "import '@skills/server/contract';", false],
  ['scoring/src/probe.ts', "import '../../db/src/index.ts';", false],
  ['db/src/probe.ts', "import '@skills/scoring';", false],
  ['db/src/probe.ts', "import '../../scoring/src/index.ts';", false],
  ['server/src/probe.ts', "import '@skills/scoring';", true],
  ['server/src/probe.ts', "import '@skills/db';", true],
  ['server/src/probe.ts', "import '@skills/web';", false],
  ['web/src/probe.ts', "import '@skills/scoring';", true],
  ['web/src/probe.ts', "import '@skills/server/contract';", true],
  ['web/src/probe.ts', "import '@skills/server';", false],
  ['web/src/probe.ts', "import '@skills/db';", false],
  ['web/src/probe.ts', "import '../../db/src/index.ts';", false],
  ['web/src/routes/probe.ts', "import '../../../scoring/src/index.ts';", true],
  ['server/src/routes/probe.ts', "import '../db/queries.ts';", true],
  ['server/src/probe.ts', "export * from '../../web/src/lib/x.ts';", false],
  ['scoring/src/probe.ts', "await import('../../server/src/app.ts');", false],
  ['scoring/src/engine/probe.ts', "import '../exact/rational.ts';", true],
  ['web/src/probe.ts', "import '@skills/server/live-client';", true],
  ['web/src/probe.ts', "import '@skills/server/number-text';", true],
  ['server/src/contract/probe.ts', "import './live.ts';", true],
  ['server/src/contract/probe.ts', "import '@skills/scoring';", true],
  ['server/src/contract/probe.ts', "import '../http/app.ts';", false],
  ['server/src/contract/probe.ts', "import '@skills/db';", false],
  ['server/src/live-client/probe.ts', "import '../contract/live.ts';", true],
  ['server/src/live-client/probe.ts', "import '../live/hub.ts';", false],
  ['server/src/live-client/probe.ts', "import 'node:crypto';", false],
];

/**
 * The server's floors, bottom first (server/README.md "Folders"): a folder of server/src, or a
 * file at its root, imports only what stands below it.
 */
const SERVER_FLOORS = [
  'contract',
  'live-client',
  'errors',
  'files',
  'auth',
  'audit',
  'domain',
  'ledger',
  'standings',
  'standings-thread',
  'context.ts',
  'services',
  'http',
  'routes',
  'demo',
  'server.ts',
  'live',
  'live-process',
  'app-start.ts',
  'cluster.ts',
  'main.ts',
  'index.ts',
  'cli',
];
/** A module standing on `unit`'s floor: a file in the folder, or the root file itself. */
const fileOn = (unit: string): string =>
  unit.endsWith('.ts') ? `server/src/${unit}` : `server/src/${unit}/probe.ts`;
const importOf = (from: string, to: string): string => {
  const rel = path.posix.relative(path.posix.dirname(fileOn(from)), fileOn(to));
  return `import '${rel.startsWith('.') ? rel : `./${rel}`}';`;
};

const floorCases: [string, string, boolean][] = [
  ['server/src/errors/probe.ts', "import '../contract/errors.ts';", true],
  ['server/src/errors/probe.ts', "import '../http/app.ts';", false],
  ['server/src/errors/probe.ts', "import '../services/sheets.ts';", false],
  ['server/src/standings/probe.ts', "import '../domain/catalog.ts';", true],
  ['server/src/standings/probe.ts', "import '../services/sheets.ts';", false],
  ['server/src/domain/probe.ts', "import '../standings/state.ts';", false],
  ['server/src/standings-thread/probe.ts', "import '../standings/publisher.ts';", true],
  ['server/src/standings/probe.ts', "import '../standings-thread/parent.ts';", false],
  ['server/src/services/probe.ts', "import '../standings/state.ts';", true],
  ['server/src/services/probe.ts', "import '../http/raw-body.ts';", false],
  ['server/src/ledger/probe.ts', "import '../http/app.ts';", false],
  ['server/src/auth/probe.ts', "import '../context.ts';", false],
  ['server/src/routes/probe.ts', "import '../http/route.ts';", true],
  ['server/src/routes/probe.ts', "import '../services/sheets.ts';", true],
  ['server/src/live/probe.ts', "import '../server.ts';", true],
  ['server/src/server.ts', "import './live/hub.ts';", false],
  ['server/src/contract/live.ts', "import './patch.ts';", true],
  // A folder with no floor is refused until it is placed.
  ['server/src/unplaced/probe.ts', "import '../errors/service-error.ts';", false],
  // Tests stand on no floor: they reach whatever they test.
  ['server/src/errors/probe.test.ts', "import '../server.ts';", true],
  // Each floor may import the one below it, and never the one above.
  ...SERVER_FLOORS.slice(1).flatMap((unit, i): [string, string, boolean][] => {
    const below = SERVER_FLOORS[i] ?? '';
    return [
      [fileOn(unit), importOf(unit, below), true],
      [fileOn(below), importOf(below, unit), false],
    ];
  }),
];

describe('import boundaries', () => {
  it.each(cases)('%s: %s is allowed = %s', async (file, source, allowed) => {
    expect(await boundaryErrors(file, `${source}\nexport {};\n`)).toBe(allowed ? 0 : 1);
  });
});

describe('server floors', () => {
  it.each(floorCases)('%s: %s is allowed = %s', async (file, source, allowed) => {
    expect(await boundaryErrors(file, `${source}\nexport {};\n`)).toBe(allowed ? 0 : 1);
  });

  it('places every folder and root file of server/src on a floor', () => {
    const src = new URL('../server/src', import.meta.url).pathname;
    const units = readdirSync(src, { withFileTypes: true })
      .filter((e) => e.isDirectory() || (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')))
      .map((e) => e.name);
    expect(units.sort()).toEqual([...SERVER_FLOORS].sort());
  });
});
