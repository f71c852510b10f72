/**
 * Import arrows (README "Layout") are enforced by lint: each case lints a one-line module placed
 * in a workspace and expects the boundary rule to fire exactly when the arrow is forbidden.
 */
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
  ['server/src/contract/probe.ts', "import './live.ts';", true],
  ['server/src/contract/probe.ts', "import '@skills/scoring';", true],
  ['server/src/contract/probe.ts', "import '../http/app.ts';", false],
  ['server/src/contract/probe.ts', "import '@skills/db';", false],
  ['server/src/live-client/probe.ts', "import '../contract/live.ts';", true],
  ['server/src/live-client/probe.ts', "import '../live/hub.ts';", false],
  ['server/src/live-client/probe.ts', "import 'node:crypto';", false],
];

describe('import boundaries', () => {
  it.each(cases)('%s: %s is allowed = %s', async (file, source, allowed) => {
    expect(await boundaryErrors(file, `${source}\nexport {};\n`)).toBe(allowed ? 0 : 1);
  });
});
