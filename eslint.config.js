// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const WORKSPACES = ['scoring', 'db', 'server', 'web', 'load-tests'];

/**
 * Import arrows (README "Layout"): scoring and db import nothing of the repo; server imports
 * scoring and db; web imports scoring, the server's contract and its live client only. A relative import is
 * resolved against the importing file, so climbing into another workspace is caught wherever
 * it goes, and a workspace's own folder that happens to be called "db" is not.
 * @type {Record<string, { workspaces: string[], packages: RegExp }>}
 */
const ARROWS = {
  scoring: { workspaces: [], packages: /^$/ },
  db: { workspaces: [], packages: /^$/ },
  server: { workspaces: ['scoring', 'db'], packages: /^@skills\/(scoring|db)(\/.*)?$/ },
  web: {
    workspaces: ['scoring'],
    packages: /^@skills\/(scoring(\/.*)?|server\/(contract|live-client))$/,
  },
  'load-tests': { workspaces: [], packages: /^$/ },
};

/**
 * The server's contract and live client ship to browsers with the web app: they import each
 * other, scoring and npm packages, never the rest of the server (nor node: modules).
 */
const SHARED = ['server/src/contract', 'server/src/live-client'].map((d) => path.join(root, d));
/** @param {string} file */
const inShared = (file) => SHARED.some((d) => file === d || file.startsWith(d + path.sep));

/** @param {string} file */
function workspaceOf(file) {
  const rel = path.relative(root, file).split(path.sep);
  return rel.length > 1 && WORKSPACES.includes(rel[0] ?? '') ? rel[0] : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const importArrows = {
  meta: {
    type: 'problem',
    messages: {
      forbidden:
        '{{from}} may not import {{target}}: see the README layout (scoring and db import nothing of the repo; server imports scoring and db; web imports scoring, the server contract and the live client).',
    },
    schema: [],
  },
  create(context) {
    const from = workspaceOf(context.filename);
    if (!from) return {};
    const arrows = ARROWS[from];
    const shared = inShared(context.filename);
    /** @param {import('estree').Node & { source?: unknown }} node */
    function check(node) {
      const source = /** @type {{ value?: unknown } | null | undefined} */ (node.source)?.value;
      if (typeof source !== 'string' || !arrows) return;
      if (shared) {
        const relative = source.startsWith('.');
        const bad = relative
          ? !inShared(path.resolve(path.dirname(context.filename), source))
          : source.startsWith('node:') ||
            (source.startsWith('@skills/') && source !== '@skills/scoring');
        if (bad) {
          context.report({
            node,
            messageId: 'forbidden',
            data: { from: 'the contract', target: source },
          });
          return;
        }
      }
      if (source.startsWith('@skills/')) {
        if (!arrows.packages.test(source))
          context.report({ node, messageId: 'forbidden', data: { from, target: source } });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = workspaceOf(path.resolve(path.dirname(context.filename), source));
      if (target && target !== from && !arrows.workspaces.includes(target)) {
        context.report({
          node,
          messageId: 'forbidden',
          data: { from, target: `${target}/ (${source})` },
        });
      }
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/.svelte-kit/**',
      '**/coverage/**',
      // Type-checked by its own tsconfig (web/tsconfig.worker.json: the webworker library).
      'web/src/service-worker.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { repo: { rules: { 'import-arrows': importArrows } } },
    rules: {
      'repo/import-arrows': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // HTTP answers in API tests are untyped JSON by nature; the production code stays strict.
    files: ['server/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
