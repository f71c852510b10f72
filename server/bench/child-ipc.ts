/**
 * What every bench child process shares, whichever bench forked it (write path or fan-out): the
 * latency summary it reports, its errors as text, and how it sends a message to its parent.
 */

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

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
