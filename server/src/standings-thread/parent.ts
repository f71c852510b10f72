/**
 * The API process's side of the standings thread (worker.ts): a Publisher that hands every
 * touch and request to a publisher running in a worker thread, and each revision it stores back
 * to the server's listeners. Why a thread: on the write-path bench at 200 marks/s the
 * recomputes (about four a second, each tens of milliseconds of CPU on a 300-row table) blocked
 * the event loop that acknowledges marks, and p95 acknowledgement went from 16 ms without them to
 * 49 ms with them. A thread, not a process: it needs nothing but the database and the messages
 * below, and its revisions reach the API process without a socket.
 *
 * Postgres only (PGlite lives in one thread). A thread that dies is started again, and what was
 * asked of it and not answered is asked again (a recompute twice stores nothing twice: its
 * second run finds the table at its head); touches are sent again for every competition touched,
 * and the stale sweep would find them besides.
 */
import { Worker } from 'node:worker_threads';
import type { Publisher, RecomputeOptions } from '../standings/publisher.ts';
import type { PublishedPatch } from '../standings/revisions.ts';
import {
  uncrossed,
  type FromThread,
  type ThreadRequest,
  type ThreadSettings,
  type ToThread,
} from './messages.ts';

const WORKER = new URL('./worker.ts', import.meta.url).href;
/**
 * A worker thread does not take the TypeScript loader from its execArgv (Node 20): this small
 * script registers tsx in the thread first, then loads the worker.
 */
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); })`;
/** A thread that dies is started again after this long, doubling up to 5 s. */
const RESTART_MS = [100, 5_000] as const;

export interface ThreadPublisherOptions extends ThreadSettings {
  readonly onRevision: (patch: PublishedPatch) => void;
  readonly onError: (error: unknown) => void;
  readonly onRecomputed?: (ms: number) => void;
  readonly log?: (line: string) => void;
}

interface Pending {
  readonly request: ThreadRequest;
  readonly resolve: (patches: PublishedPatch[]) => void;
  readonly reject: (error: Error) => void;
}

export class ThreadPublisher implements Publisher {
  private readonly options: ThreadPublisherOptions;
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly touched = new Set<string>();
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private failures = 0;
  /** Whether the current thread runs (false from its exit until the next one starts). */
  private alive = true;

  constructor(options: ThreadPublisherOptions) {
    this.options = options;
    this.worker = this.start();
  }

  touch(competitionId: string): void {
    if (this.closing) return;
    this.touched.add(competitionId);
    this.send({ type: 'touch', competitionId });
  }

  async settle(withinMs?: number): Promise<void> {
    if (this.closing) return;
    await this.ask({ type: 'settle', withinMs: withinMs ?? null });
  }

  recompute(competitionId: string, options: RecomputeOptions = {}): Promise<PublishedPatch[]> {
    return this.ask({ type: 'recompute', competitionId, snapshot: options.snapshot === true });
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    // A thread that died is not started again: what was asked of it is refused now.
    const asked = this.alive ? this.ask({ type: 'close' }, true) : this.refusePending();
    this.closing = asked
      .catch((error: unknown) => {
        this.options.onError(error);
      })
      .then(async () => {
        await this.worker.terminate();
      });
    return this.closing;
  }

  /** The thread's id, for tests that stop it as a crash would. */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** Whether a thread runs now (false while one that died waits to be started again, and once closed). */
  get running(): boolean {
    return this.alive;
  }

  /** Ends the thread as a crash would (tests): it is started again. */
  async crash(): Promise<void> {
    await this.worker.terminate();
  }

  private ask(request: ThreadRequest, closing = false): Promise<PublishedPatch[]> {
    if (this.closing && !closing) {
      return Promise.reject(new Error('the standings publisher is closed'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve, reject });
      this.send({ type: 'request', id, request });
    });
  }

  /** Refuses every request still waiting for an answer (the thread is gone for good). */
  private refusePending(): Promise<PublishedPatch[]> {
    for (const p of this.pending.values()) p.reject(new Error('the standings thread ended'));
    this.pending.clear();
    return Promise.resolve([]);
  }

  private send(message: ToThread): void {
    this.worker.postMessage(message);
  }

  private start(): Worker {
    const { onRevision, onError, onRecomputed } = this.options;
    const { databaseUrl, windowMs, busyShare, snapshotEveryMs } = this.options;
    const settings: ThreadSettings = { databaseUrl, windowMs, busyShare, snapshotEveryMs };
    const worker = new Worker(BOOT, { eval: true, workerData: settings });
    const started = Date.now();
    this.alive = true;
    worker.on('message', (m: FromThread) => {
      if (m.type === 'revision') {
        onRevision(m.patch);
      } else if (m.type === 'error') {
        onError(uncrossed(m.error));
      } else if (m.type === 'recomputed') {
        onRecomputed?.(m.ms);
      } else {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'answer') p.resolve([...m.patches]);
        else p.reject(uncrossed(m.error));
      }
    });
    worker.on('error', (error) => {
      onError(error);
    });
    worker.once('exit', (code) => {
      this.alive = false;
      if (this.closing) {
        void this.refusePending();
        return;
      }
      if (Date.now() - started > 60_000) this.failures = 0;
      const wait = Math.min(RESTART_MS[0] * 2 ** this.failures, RESTART_MS[1]);
      this.failures += 1;
      this.log(`standings thread exited (${code}); starting another in ${wait} ms`);
      setTimeout(() => {
        if (this.closing) return;
        this.worker = this.start();
        // What the last one was asked and did not answer, and every competition it had.
        for (const competitionId of this.touched) this.send({ type: 'touch', competitionId });
        for (const [id, p] of this.pending) this.send({ type: 'request', id, request: p.request });
      }, wait).unref();
    });
    return worker;
  }

  private log(line: string): void {
    if (this.options.log) this.options.log(line);
    else console.error(line);
  }
}
