// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import arrows (README "Layout"): scoring and db import nothing of the repo; server imports
 * scoring and db; web imports scoring and the server's contract only. Each rule below forbids
 * the arrows a workspace must not have, by package name and by relative path.
 * @param {string[]} forbidden workspace folder names this workspace must not reach
 * @param {string[]} [allowedPackages] repo packages it may import
 */
function boundary(forbidden, allowedPackages = []) {
  const group = [
    '@skills/*',
    ...allowedPackages.map((name) => `!${name}`),
    ...forbidden.flatMap((dir) => [`../${dir}/**`, `**/../${dir}/**`, `**/../../${dir}/**`]),
  ];
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group,
            message:
              'Import boundary: see the README layout (scoring and db import nothing of the repo; server imports scoring and db; web imports scoring and the server contract).',
          },
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      '**/.svelte-kit/**',
      '**/coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  { files: ['scoring/**'], rules: boundary(['db', 'server', 'web', 'load-tests']) },
  { files: ['db/**'], rules: boundary(['scoring', 'server', 'web', 'load-tests']) },
  {
    files: ['server/**'],
    rules: boundary(
      ['web', 'load-tests'],
      ['@skills/scoring', '@skills/scoring/*', '@skills/db', '@skills/db/*'],
    ),
  },
  {
    files: ['web/**'],
    rules: boundary(
      ['db', 'load-tests'],
      ['@skills/scoring', '@skills/scoring/*', '@skills/server/contract'],
    ),
  },
);
