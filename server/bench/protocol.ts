/**
 * What the bench's parent process and its child processes (the load generator and the plain
 * insert baseline) say to each other over the fork IPC channel.
 */

/** One judge as the generator logs in: code, PIN and the criteria they are assigned to mark. */
export interface JudgeLogin {
  readonly code: string;
  readonly pin: string;
  readonly criteria: readonly string[];
}

export type PhaseSpec =
  | {
      readonly kind: 'open';
      readonly name: string;
      /** Offered marks per second on a fixed schedule (open loop). */
      readonly rate: number;
      readonly seconds: number;
      /** Left out of the report (JIT and connection warm-up). */
      readonly warmup?: boolean;
    }
  | {
      readonly kind: 'closed';
      readonly name: string;
      /** Clients, each sending its next mark as soon as the previous one is acknowledged. */
      readonly clients: number;
      readonly seconds: number;
    };

export interface GeneratorConfig {
  readonly baseUrl: string;
  readonly competitionId: string;
  readonly judges: readonly JudgeLogin[];
  readonly phases: readonly PhaseSpec[];
  /** Seed for the slot order and the mark values, so runs are comparable. */
  readonly seed: number;
}

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface PhaseResult {
  readonly name: string;
  readonly kind: 'open' | 'closed';
  /** Offered marks/s (open loop) or client count (closed loop). */
  readonly offered: number;
  readonly seconds: number;
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  /** Error counts by HTTP status / error code / network error. */
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Acknowledged (201) marks per second, from the phase start to the last acknowledgement. */
  readonly acksPerSecond: number;
  /** Milliseconds: from the scheduled send time (open loop) or the send (closed loop) to the answer. */
  readonly latency: Latency;
  /** Marks that were a first version (expectedVersion 0) / a correction of an earlier one. */
  readonly firstVersions: number;
  readonly corrections: number;
  /** Marks sent a second time (same opId) after a reset keep-alive connection. */
  readonly resent: number;
}

export interface SetupSummary {
  readonly judges: number;
  readonly sheets: number;
  readonly slots: number;
  readonly loginMs: number;
}

export type GeneratorMessage =
  | { readonly type: 'ready'; readonly setup: SetupSummary }
  | { readonly type: 'phase-start'; readonly name: string }
  | { readonly type: 'phase-end'; readonly result: PhaseResult; readonly warmup: boolean }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly error: string };

export interface PlainInsertConfig {
  readonly url: string;
  readonly clients: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export interface PlainInsertResult {
  readonly clients: number;
  readonly seconds: number;
  readonly rows: number;
  readonly rowsPerSecond: number;
  readonly latency: Latency;
  readonly errors: number;
}

export type PlainInsertMessage =
  | { readonly type: 'phase-start' }
  | { readonly type: 'phase-end' }
  | { readonly type: 'done'; readonly result: PlainInsertResult }
  | { readonly type: 'failed'; readonly error: string };

/** Nearest-rank percentiles of a list of milliseconds (sorted in place). */
export function latencyOf(samples: number[]): Latency {
  if (samples.length === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  samples.sort((a, b) => a - b);
  const at = (q: number): number =>
    samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: samples[samples.length - 1] ?? NaN };
}

/** An error as a child reports it to the bench: its stack when it has one. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Sends a message to the bench process that forked this one, resolving once it is sent. */
export function tellParent(message: unknown, who: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error(`${who} runs as a forked child of the bench`));
      return;
    }
    process.send(message, (error: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });
}
