/**
 * The bench's child processes (load generator, plain-insert baseline, pgbench): started here and
 * remembered, so a failure or Ctrl-C can end them (by pid, nothing else).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, TSX } from './settings.ts';

/** Children this run started. */
export const children = new Set<ChildProcess>();

/** Forks one of the bench's child files (in bench/) with the TypeScript loader. */
export function startChild(file: string): ChildProcess {
  const child = fork(path.join(BENCH_DIR, file), [], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function exited(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} exited with ${signal ?? String(code)}`));
    });
  });
}
