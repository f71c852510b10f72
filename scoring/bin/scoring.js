#!/usr/bin/env node
// Launcher for the scoring CLI (src/cli/main.ts): registers tsx so Node can load the TypeScript
// sources directly, then runs the CLI with the real file system and console.
import { readFile } from 'node:fs/promises';
import { register } from 'tsx/esm/api';

register();

const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  stdout: (s) => {
    process.stdout.write(s);
  },
  stderr: (s) => {
    process.stderr.write(s);
  },
});
