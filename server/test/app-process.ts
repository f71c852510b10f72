/**
 * The app as `npm start` runs it (src/main.ts), in a child process a test can kill the way a
 * crash does (SIGKILL: no shutdown hook runs) and start again on the same data, plus a harness
 * that sends the suites' requests to it over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ORGANIZER } from './harness.ts';

const SERVER = fileURLToPath(new URL('..', import.meta.url));

export interface AppProcess {
  /** "http://127.0.0.1:<port>" */
  readonly base: string;
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Sends the signal and resolves once the process is gone. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** Where the app keeps its data: a Postgres URL, or a PGlite folder. */
export type AppData = { readonly databaseUrl: string } | { readonly dataDir: string };

/** Starts `npm start`'s entry point on `data` and resolves once it serves (its banner). */
export async function startAppProcess(data: AppData): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: 'databaseUrl' in data ? data.databaseUrl : '',
      DATA_DIR: 'dataDir' in data ? data.dataDir : '',
      SKILLS_DEMO: '0',
      ADMIN_PASSWORD: ORGANIZER.password,
      WORKERS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const base = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /Home\s+(http:\/\/localhost:\d+)\//.exec(out);
      if (m?.[1]) resolve(m[1].replace('localhost', '127.0.0.1'));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => {
      reject(new Error(`the app exited (${code ?? signal}) before serving:\n${out}`));
    });
  });
  return {
    base,
    child,
    output: () => out,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
