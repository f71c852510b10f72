/**
 * What the write-path bench's parent process and its child processes (the load generator and the
 * plain insert baseline) say to each other over the fork IPC channel. What every bench child
 * shares (latency summaries, reporting to the parent) is in child-ipc.ts.
 */
import type { Latency } from './child-ipc.ts';
import type { JudgeLogin } from './seed.ts';

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

export interface MinimalServerConfig {
  readonly url: string;
}

export type MinimalServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'failed'; readonly error: string };
