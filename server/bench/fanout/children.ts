/**
 * The fan-out bench's child processes: forked with tsx, optionally with --expose-gc, and with a
 * higher open-file limit when the connections they will hold need one (through `sh -c 'ulimit -n
 * …; exec node …'`, which keeps the IPC channel; up to the hard limit when the soft one cannot be
 * raised that far, as without CAP_SYS_RESOURCE). Messages are awaited by type; a `failed` message
 * or an early exit rejects whoever waits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Children this run started, so a failure or Ctrl-C can end them (by pid, nothing else). */
export const children = new Set<ChildProcess>();

const limits = new Map<'-n' | '-Hn', number>();

function ulimit(flag: '-n' | '-Hn'): number {
  let n = limits.get(flag);
  if (n === undefined) {
    try {
      const out = execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
      n = out === 'unlimited' ? Infinity : Number(out);
    } catch {
      n = 1024;
    }
    limits.set(flag, n);
  }
  return n;
}

/** The soft open-file limit children inherit (`ulimit -n`). */
export function openFileLimit(): number {
  return ulimit('-n');
}

/** The most open files a child can get: the hard limit (`ulimit -Hn`). */
export function maxOpenFiles(): number {
  return Math.max(ulimit('-n'), ulimit('-Hn'));
}

export interface ChildOptions {
  readonly args?: readonly string[];
  /** Run with --expose-gc (memory readings after a full collection). */
  readonly gc?: boolean;
  /** File descriptors the child will hold; the limit is raised when it is too low. */
  readonly fds?: number;
}

interface Waiter {
  readonly type: string;
  resolve(message: unknown): void;
  reject(error: Error): void;
}

export class Child<In, Out extends { readonly type: string }> {
  readonly process: ChildProcess;
  private readonly queue: Out[] = [];
  private readonly waiters: Waiter[] = [];
  private ended: Error | null = null;

  constructor(
    readonly name: string,
    file: string,
    options: ChildOptions = {},
  ) {
    const node = [
      ...(options.gc === true ? ['--expose-gc'] : []),
      '--import',
      TSX,
      path.join(here, file),
      ...(options.args ?? []),
    ];
    const need = (options.fds ?? 0) + 1024;
    const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
    this.process =
      need > openFileLimit()
        ? spawn('sh', ['-c', `ulimit -n ${need} && exec "$0" "$@"`, process.execPath, ...node], {
            stdio: [...stdio],
          })
        : spawn(process.execPath, node, { stdio: [...stdio] });
    children.add(this.process);
    this.process.on('message', (m: Out) => {
      this.receive(m);
    });
    this.process.once('exit', (code, signal) => {
      children.delete(this.process);
      this.end(new Error(`${name} exited with ${signal ?? String(code)}`));
    });
  }

  /** Still running (no exit code or signal yet). */
  running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Throws what ended the child (a `failed` message or an exit), if anything did. */
  check(): void {
    if (this.ended) throw this.ended;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  private receive(m: Out): void {
    if (m.type === 'failed') {
      const error = (m as unknown as { error?: string }).error ?? 'failed';
      this.end(new Error(`${this.name} failed: ${error}`));
      return;
    }
    const i = this.waiters.findIndex((w) => w.type === m.type);
    if (i < 0) {
      this.queue.push(m);
      return;
    }
    const [waiter] = this.waiters.splice(i, 1);
    waiter?.resolve(m);
  }

  private end(error: Error): void {
    this.ended ??= error;
    for (const w of this.waiters.splice(0)) w.reject(this.ended);
  }

  send(message: In): void {
    if (this.ended) throw this.ended;
    this.process.send(message as object);
  }

  /** The next message of this type (one that came earlier and was not taken, first). */
  next<T extends Out['type']>(type: T, timeoutMs = 300_000): Promise<Extract<Out, { type: T }>> {
    const i = this.queue.findIndex((m) => m.type === type);
    if (i >= 0) {
      const [m] = this.queue.splice(i, 1);
      return Promise.resolve(m as Extract<Out, { type: T }>);
    }
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new Error(`${this.name}: no ${type} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const waiter: Waiter = {
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<Out, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  request<T extends Out['type']>(
    message: In,
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<Out, { type: T }>> {
    const answer = this.next(type, timeoutMs);
    this.send(message);
    return answer;
  }

  /** Asks the child to close (`close` → `closed`), then makes sure it is gone. */
  async close(message: In): Promise<void> {
    if (!this.running()) return;
    const gone = new Promise<void>((resolve) => {
      this.process.once('exit', () => {
        resolve();
      });
    });
    try {
      this.send(message);
      await Promise.race([
        gone,
        new Promise((resolve) => {
          setTimeout(resolve, 10_000).unref();
        }),
      ]);
    } catch {
      // Already gone or its channel closed: killed below.
    }
    if (this.running()) {
      this.process.kill();
      await gone;
    }
  }
}

/** Ends every child still running (by its own pid). */
export function killChildren(): void {
  for (const child of children) if (child.exitCode === null) child.kill();
}
