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
    packages: /^@skills\/(scoring(\/.*)?|server\/(contract|live-client|number-text))$/,
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

/**
 * The server's floors (server/README.md "Folders"), bottom first: each folder of server/src, and
 * each file at its root, imports only what stands on a lower floor (and its own folder). So
 * errors/ imports nothing above it, standings/ never imports services/, and nothing below
 * routes/ imports http/. A folder or root file not listed has no floor: its imports are refused
 * until it is placed here (the boundaries test holds this list against the tree).
 */
export const SERVER_FLOORS = [
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
const SERVER_SRC = path.join(root, 'server', 'src');

/**
 * The floor a file of server/src stands on: its folder, or its own name at the root; undefined
 * outside server/src. Tests stand on no floor: they may reach any module they test.
 * @param {string} file
 */
function serverUnitOf(file) {
  const rel = path.relative(SERVER_SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [first] = rel.split(path.sep);
  return first;
}

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
        '{{from}} may not import {{target}}: see the README layout (scoring and db import nothing of the repo; server imports scoring and db; web imports scoring, the server contract (and its zod-free number-text) and the live client).',
      downward:
        'server/src/{{from}} may not import {{target}}: it stands on a higher floor (server/README.md "Folders": {{order}}).',
      unplaced:
        'server/src/{{from}} has no floor: place it in SERVER_FLOORS (eslint.config.js) and server/README.md "Folders".',
    },
    schema: [],
  },
  create(context) {
    const from = workspaceOf(context.filename);
    if (!from) return {};
    const arrows = ARROWS[from];
    const shared = inShared(context.filename);
    const unit = context.filename.endsWith('.test.ts') ? undefined : serverUnitOf(context.filename);
    const floor = unit === undefined ? -1 : SERVER_FLOORS.indexOf(unit);
    /**
     * A relative import inside server/src from a lower floor to its own or a higher one.
     * @param {import('estree').Node} node
     * @param {string} source
     */
    function checkFloor(node, source) {
      if (unit === undefined) return;
      const target = serverUnitOf(path.resolve(path.dirname(context.filename), source));
      if (target === undefined || target === unit) return;
      if (floor < 0) {
        context.report({ node, messageId: 'unplaced', data: { from: unit } });
        return;
      }
      const to = SERVER_FLOORS.indexOf(target);
      if (to >= floor) {
        context.report({
          node,
          messageId: 'downward',
          data: { from: unit, target: source, order: SERVER_FLOORS.join(' < ') },
        });
      }
    }
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
      checkFloor(node, source);
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
    // JSON answers go through jsonAnswer (http/compress.ts), which states their length: the gzip
    // middleware reads back an answer without one to measure it, which on a judge's
    // acknowledgement cost a stream read and a second Response on every mark.
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='c'][callee.property.name='json']",
          message:
            'Answer JSON with jsonAnswer(c, value, status) (http/compress.ts): c.json leaves out the length, and the gzip middleware then reads the answer back.',
        },
      ],
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
