import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'repo', root: '.', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        test: { name: 'db', root: './db', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        test: {
          name: 'scoring',
          root: './scoring',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The browser tests wait on pages that other suites share two cores with.
          expect: { poll: { timeout: 15_000 } },
        },
      },
      { test: { name: 'web', root: './web', include: ['src/**/*.test.ts'] } },
    ],
  },
});
