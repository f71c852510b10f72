/**
 * The API process's side of the live process (child.ts): forks it, hands it every websocket
 * upgrade to the live path, restarts it when it dies, and stops it on shutdown.
 *
 * Why a process and not worker threads: a socket cannot move to a thread, so a thread could only
 * encode while the API's event loop still wrote every frame to every viewer, which is the cost
 * that held acknowledgements up. A child process takes the socket itself (Node passes the handle
 * over the IPC channel, as @socket.io/sticky does), and from then on the API process never sees
 * that viewer's traffic again.
 *
 * While the live process is starting (or starting again after a crash) an upgrade is answered
 * 503: the live client reconnects by itself and resumes from the revision and hash it holds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Socket } from 'node:net';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { LivePatch } from '../contract/live.ts';
import { LIVE_PATH } from '../live/options.ts';
import { LIVE_ENV, type FromLive, type LiveMemory, type ToLive } from './messages.ts';

export interface LiveProcessOptions {
  readonly databaseUrl: string;
  readonly redisUrl?: string | undefined;
  /**
   * Niceness of the live process (os.setPriority; 0 = the same as the API process). Higher: on a
   * busy machine the API process gets the CPU first.
   */
  readonly nice?: number;
  readonly log?: (line: string) => void;
}

export interface LiveProcess {
  /** The live process's pid (null while none runs). */
  readonly pid: number | null;
  /** Hands an upgrade to the live process; false when none is ready to take it. */
  take(request: Buffer, socket: Socket): boolean;
  /** Hands a revision this process stored to the live process (nothing while none runs). */
  revision(patch: LivePatch): void;
  /** The live process's memory (null while none runs). */
  memory(): Promise<LiveMemory | null>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
/** How long the live process may take to start before the start fails. */
const START_MS = 30_000;
/** Restarts wait 0.1 s, doubling up to 5 s; a process that ran a minute starts the count again. */
const RESTART_MS = [100, 5_000] as const;
const STABLE_MS = 60_000;

/** The loader this process runs TypeScript with, for the child too (tsx under `npm start`). */
function tsxExecArgv(): string[] {
  const argv = [...process.execArgv];
  return argv.some((a) => a.includes('tsx')) ? argv : [...argv, '--import', 'tsx'];
}

/** The upgrade request as it came on the wire: request line, headers, then what followed. */
export function requestBytes(req: IncomingMessage, head: Buffer): Buffer {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    lines.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
  }
  // The parser decoded header bytes as latin1: encoding them so gives the same bytes back.
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), head]);
}

/** The parts of Node's own bookkeeping of a server's sockets that a hand-over touches. */
interface Tracked {
  server?: { _connections: number } | null;
}

/**
 * Lets the API's HTTP server forget a socket before it goes to the live process. Sent as it is,
 * Node would count it as the server's still, and its close would wait for the child to close it
 * (it asks each child it sent sockets to); once every such child has exited, that close never
 * ends. Node does the same subtraction itself for a socket it sends (child_process's
 * `_connections--`); without the server named, it neither tracks it nor waits for anyone.
 */
function detach(socket: Socket): void {
  const tracked = socket as unknown as Tracked;
  if (tracked.server) {
    tracked.server._connections -= 1;
    tracked.server = null;
  }
}

/** Starts one live process and resolves once it is ready to take connections. */
function forkLive(options: LiveProcessOptions): Promise<ChildProcess> {
  const child = fork(CHILD, [], {
    execArgv: tsxExecArgv(),
    env: {
      ...process.env,
      [LIVE_ENV.databaseUrl]: options.databaseUrl,
      [LIVE_ENV.redisUrl]: options.redisUrl ?? '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if ((options.nice ?? 0) !== 0 && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, options.nice ?? 0);
    } catch (error) {
      options.log?.(`live process: its priority was not set (${String(error)})`);
    }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the live process did not start within ${START_MS / 1000} s`));
    }, START_MS);
    const onMessage = (m: FromLive): void => {
      if (m.type === 'memory') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
      if (m.type === 'ready') resolve(child);
      else reject(new Error(`the live process failed to start: ${m.error}`));
    };
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      reject(new Error(`the live process exited while starting (${code ?? signal ?? '?'})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks a live process for its memory. */
function askMemory(child: ChildProcess): Promise<LiveMemory | null> {
  return new Promise((resolve) => {
    const done = (memory: LiveMemory | null): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(memory);
    };
    const onMessage = (m: FromLive): void => {
      if (m.type === 'memory') done(m.memory);
    };
    const onExit = (): void => {
      done(null);
    };
    const timer = setTimeout(onExit, 30_000);
    child.on('message', onMessage);
    child.once('exit', onExit);
    const ask: ToLive = { type: 'memory' };
    child.send(ask);
  });
}

/**
 * Forks the live process and keeps one running until `stop`: resolves once the first one is
 * ready (rejects when it cannot start), starts another when it dies.
 */
export async function startLiveProcess(options: LiveProcessOptions): Promise<LiveProcess> {
  const log =
    options.log ??
    ((line: string) => {
      console.error(line);
    });
  let current: ChildProcess | null = await forkLive(options);
  log(`live process ${current.pid ?? '?'} takes the viewers' websockets`);
  let stopping = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const watch = (child: ChildProcess): void => {
    const started = Date.now();
    child.once('exit', (code, signal) => {
      if (current === child) current = null;
      if (stopping) return;
      if (Date.now() - started > STABLE_MS) failures = 0;
      const wait = Math.min(RESTART_MS[0] * 2 ** failures, RESTART_MS[1]);
      failures += 1;
      log(`live process ${child.pid ?? '?'} exited (${code ?? signal ?? '?'}); starting another`);
      const again = (): void => {
        timer = undefined;
        if (stopping) return;
        forkLive(options).then(
          (next) => {
            if (stopping) {
              next.kill('SIGTERM');
              return;
            }
            current = next;
            log(`live process ${next.pid ?? '?'} takes the viewers' websockets`);
            watch(next);
          },
          (error: unknown) => {
            log(`live process: ${String(error)}`);
            timer = setTimeout(again, RESTART_MS[1]);
          },
        );
      };
      timer = setTimeout(again, wait);
    });
  };
  watch(current);

  return {
    get pid() {
      return current?.pid ?? null;
    },
    take(request, socket) {
      const child = current;
      if (child === null || !child.connected) return false;
      const message: ToLive = { type: 'connection', request: request.toString('base64') };
      detach(socket);
      child.send(message, socket, (error) => {
        if (error) socket.destroy();
      });
      return true;
    },
    revision(patch) {
      const child = current;
      if (child === null || !child.connected) return;
      const message: ToLive = { type: 'revision', patch };
      // A revision lost here still arrives through the fan-out.
      child.send(message, (error) => {
        if (error) log(`live process: a revision was not handed over (${error.message})`);
      });
    },
    memory: () => (current === null ? Promise.resolve(null) : askMemory(current)),
    async stop() {
      stopping = true;
      clearTimeout(timer);
      const child = current;
      current = null;
      if (child === null || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

/** Answers an upgrade nobody here takes, and ends the connection. */
function refuse(socket: Duplex, status: string, extra = ''): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`);
}

/**
 * The API's HTTP server hands every websocket upgrade to the live path to the live process; any
 * other upgrade is refused (nothing else here speaks websockets).
 */
export function handOffUpgrades(http: HttpServer, live: LiveProcess): void {
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!(req.url ?? '').startsWith(LIVE_PATH)) {
      refuse(socket, '404 Not Found');
      return;
    }
    // A socket of the HTTP server (a TLS or test socket would not travel).
    if (!(socket instanceof Socket) || !live.take(requestBytes(req, head), socket)) {
      refuse(socket, '503 Service Unavailable', 'Retry-After: 1\r\n');
    }
  });
}
