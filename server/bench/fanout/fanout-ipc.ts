/**
 * What the fan-out bench's parent process and its children (viewer generators, the broadcast
 * server of the delivery phase, the app server of the end-to-end phase) say over the fork IPC
 * channel, and the latency histogram the generators send back.
 *
 * Times that cross processes are epoch milliseconds with sub-millisecond precision
 * (`performance.timeOrigin + performance.now()`): every process runs on this machine's clock.
 */

/** Epoch milliseconds with sub-millisecond precision, comparable between processes here. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

// ── viewer generator ─────────────────────────────────────────────────────────────────────────

export interface ViewerConfig {
  /** Base URL of the server, `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /** The `subscribe` request each viewer sends. */
  readonly subscribe: Readonly<Record<string, unknown>>;
  /** Connections opened at once; the next batch waits until this one has subscribed. */
  readonly batch: number;
}

/** A revision and when it was committed (e2e) or its broadcast started (delivery). */
export interface RevTime {
  readonly rev: number;
  readonly t: number;
}

export type ToViewers =
  | { readonly type: 'config'; readonly config: ViewerConfig }
  /** Open connections until this generator holds `to` subscribed viewers. */
  | { readonly type: 'grow'; readonly to: number }
  /** Forget what arrived so far and record the arrivals from now on. */
  | { readonly type: 'record' }
  /** Latencies of the recorded arrivals against these revisions' times. */
  | { readonly type: 'score'; readonly points: readonly RevTime[] }
  | { readonly type: 'close' };

export interface ViewerScore {
  /** Latency histogram over viewers × points (see Histogram). */
  readonly histogram: readonly (readonly [number, number])[];
  /** (viewer, point) pairs with no patch at or after the point's revision. */
  readonly missing: number;
  /** Pairs whose patch arrived before the point's time (counted as 0 ms). */
  readonly early: number;
  /** Patches whose baseRev was not the viewer's previous revision. */
  readonly gaps: number;
  /** Patch messages received while recording. */
  readonly messages: number;
  /** Sizes of the patch frames on the wire (websocket header included), one per revision. */
  readonly frameBytes: readonly number[];
  /** Viewers whose connection closed while recording. */
  readonly closed: number;
}

export type FromViewers =
  | { readonly type: 'ready' }
  | {
      readonly type: 'grown';
      readonly open: number;
      readonly failed: number;
      readonly ms: number;
      readonly errors: Readonly<Record<string, number>>;
    }
  | { readonly type: 'recording' }
  | { readonly type: 'scored'; readonly score: ViewerScore }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly error: string };

// ── servers ──────────────────────────────────────────────────────────────────────────────────

export type BroadcastKind = 'socket.io' | 'ws';

export interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  /** Connected clients (delivery server, app workers) or -1 when the server does not know. */
  readonly clients: number;
  /** The app server with BENCH_WORKERS > 1: each worker's own (the figures above are the sums). */
  readonly workers?: readonly WorkerMemory[];
  /** The app's live processes, each its own (included in the figures above). */
  readonly live?: readonly WorkerMemory[];
}

/** One worker process of the app server. */
export interface WorkerMemory extends Memory {
  readonly pid: number;
}

/** Several processes' memory added up (the app's workers, or its live processes). */
export function summedMemory(
  list: readonly Memory[],
): Pick<Memory, 'rss' | 'heapUsed' | 'external' | 'clients'> {
  const sum = (f: (m: Memory) => number): number => list.reduce((n, m) => n + f(m), 0);
  return {
    rss: sum((m) => m.rss),
    heapUsed: sum((m) => m.heapUsed),
    external: sum((m) => m.external),
    clients: sum((m) => m.clients),
  };
}

export type ToServer =
  | { readonly type: 'memory' }
  /** `count` broadcasts of the template (rev from `fromRev` on) at `rate` per second. */
  | {
      readonly type: 'broadcast';
      readonly template: Readonly<Record<string, unknown>>;
      readonly fromRev: number;
      readonly count: number;
      readonly rate: number;
    }
  | { readonly type: 'close' };

export interface BroadcastResult {
  /** When each broadcast started. */
  readonly sends: readonly RevTime[];
  /** How long each broadcast call held the event loop, ms. */
  readonly emitMs: readonly number[];
  /** Clients whose frame was still queued in the process right after each broadcast call. */
  readonly queued: readonly number[];
  /** The server process's CPU (user + system) over the broadcasts, µs. */
  readonly cpuUs: number;
  readonly wallMs: number;
  /** Broadcasts × clients in the room. */
  readonly deliveries: number;
  /** The frame as written: `42["patch",…]`, bytes. */
  readonly payloadBytes: number;
}

export type FromServer =
  | {
      readonly type: 'listening';
      readonly port: number;
      readonly live: string;
      /** The app server's worker processes (none when it serves in its own process). */
      readonly workers?: readonly number[];
      /** The app's live processes (BENCH_LIVE_PROCESS), which hold the viewers. */
      readonly liveProcesses?: readonly number[];
    }
  | { readonly type: 'memory'; readonly memory: Memory }
  | { readonly type: 'broadcasted'; readonly result: BroadcastResult }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly error: string };

/** What the app server's cluster primary asks its workers (BENCH_WORKERS > 1). */
export type ToWorker = { readonly type: 'memory' };

/** What a worker answers, besides src/cluster.ts's own `listening`. */
export type FromWorker =
  | { readonly type: 'memory'; readonly memory: WorkerMemory }
  | { readonly type: 'failed'; readonly error: string };

/** The app server of the end-to-end phase: where its database is. */
export interface AppServerConfig {
  readonly databaseUrl: string;
}

// ── latency histogram ────────────────────────────────────────────────────────────────────────

/** Buckets of 0.1 ms up to 60 s: fine enough for p99 and cheap to merge across processes. */
const RESOLUTION = 10;
const CAP = 60_000 * RESOLUTION;

export class Histogram {
  private readonly counts = new Map<number, number>();
  count = 0;

  add(ms: number): void {
    const key = Math.min(CAP, Math.max(0, Math.round(ms * RESOLUTION)));
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.count++;
  }

  merge(pairs: readonly (readonly [number, number])[]): void {
    for (const [key, n] of pairs) {
      this.counts.set(key, (this.counts.get(key) ?? 0) + n);
      this.count += n;
    }
  }

  pairs(): [number, number][] {
    return [...this.counts];
  }

  /** Nearest-rank percentile in ms (NaN when empty). */
  percentile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const key of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(key) ?? 0;
      if (seen >= rank) return key / RESOLUTION;
    }
    return NaN;
  }

  max(): number {
    return this.count === 0 ? NaN : Math.max(...this.counts.keys()) / RESOLUTION;
  }
}

/** Bytes of a websocket frame from the server (unmasked) carrying `payload` bytes. */
export function wsFrameBytes(payload: number): number {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}
