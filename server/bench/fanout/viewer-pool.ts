/**
 * The viewers of a phase: viewer generator children (viewers.ts) that open their share of the
 * connections, record what arrives and score it against the revisions' times; and the scores of
 * several runs merged.
 */
import { GENERATORS } from './settings.ts';
import { Child, maxOpenFiles } from './children.ts';
import {
  Histogram,
  type FromViewers,
  type RevTime,
  type ToViewers,
  type ViewerConfig,
} from './fanout-ipc.ts';

type Viewers = Child<ToViewers, FromViewers>;

export interface Grown {
  readonly open: number;
  readonly failed: number;
  readonly ms: number;
  readonly errors: Readonly<Record<string, number>>;
}

export interface Scored {
  readonly latency: Histogram;
  readonly missing: number;
  readonly early: number;
  readonly gaps: number;
  readonly messages: number;
  readonly frameBytes: readonly number[];
  readonly closed: number;
}

export class ViewerPool {
  private constructor(readonly generators: readonly Viewers[]) {}

  static async start(config: ViewerConfig, most: number): Promise<ViewerPool> {
    // More generators when one could not hold its share of the sockets.
    const count = Math.max(GENERATORS, Math.ceil(most / Math.max(1, maxOpenFiles() - 256)));
    const generators = Array.from(
      { length: count },
      (_, i) =>
        new Child<ToViewers, FromViewers>(`viewer generator ${i + 1}`, 'viewers.ts', {
          fds: Math.ceil(most / count) + 64,
        }),
    );
    await Promise.all(generators.map((g) => g.request({ type: 'config', config }, 'ready')));
    return new ViewerPool(generators);
  }

  get pids(): number[] {
    return this.generators.map((g) => g.pid);
  }

  async grow(to: number): Promise<Grown> {
    const n = this.generators.length;
    const answers = await Promise.all(
      this.generators.map((g, i) =>
        g.request(
          { type: 'grow', to: Math.floor(to / n) + (i < to % n ? 1 : 0) },
          'grown',
          900_000,
        ),
      ),
    );
    const errors: Record<string, number> = {};
    for (const a of answers) {
      for (const [k, v] of Object.entries(a.errors)) errors[k] = (errors[k] ?? 0) + v;
    }
    return {
      open: answers.reduce((s, a) => s + a.open, 0),
      failed: answers.reduce((s, a) => s + a.failed, 0),
      ms: Math.max(...answers.map((a) => a.ms)),
      errors,
    };
  }

  async record(): Promise<void> {
    await Promise.all(this.generators.map((g) => g.request({ type: 'record' }, 'recording')));
  }

  async score(points: readonly RevTime[]): Promise<Scored> {
    const answers = await Promise.all(
      this.generators.map((g) => g.request({ type: 'score', points }, 'scored')),
    );
    const latency = new Histogram();
    for (const a of answers) latency.merge(a.score.histogram);
    const sum = (f: (s: (typeof answers)[number]['score']) => number): number =>
      answers.reduce((s, a) => s + f(a.score), 0);
    return {
      latency,
      missing: sum((s) => s.missing),
      early: sum((s) => s.early),
      gaps: sum((s) => s.gaps),
      messages: sum((s) => s.messages),
      frameBytes: answers[0]?.score.frameBytes ?? [],
      closed: sum((s) => s.closed),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.generators.map((g) => g.close({ type: 'close' })));
  }
}

export function mergeScored(parts: readonly Scored[]): Scored {
  const latency = new Histogram();
  for (const p of parts) latency.merge(p.latency.pairs());
  const sum = (f: (s: Scored) => number): number => parts.reduce((n, p) => n + f(p), 0);
  return {
    latency,
    missing: sum((p) => p.missing),
    early: sum((p) => p.early),
    gaps: sum((p) => p.gaps),
    messages: sum((p) => p.messages),
    frameBytes: parts.flatMap((p) => p.frameBytes),
    closed: sum((p) => p.closed),
  };
}
