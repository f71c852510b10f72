/**
 * The delivery phase: a Socket.IO server built from LIVE_SERVER_OPTIONS and a raw `ws` server,
 * each with N viewers in one room, broadcasting the same one-mark patch at a fixed rate; CPU per
 * delivery, broadcast → receipt latency and memory per idle viewer, side by side.
 */
import { latencyOf } from '../child-ipc.ts';
import { sample, table, type CpuSample } from '../machine.ts';
import { Child } from './children.ts';
import { cpuBetween, perViewerKiB, type Cpu } from './cpu.ts';
import type { BroadcastKind, FromServer, Memory, ToServer } from './fanout-ipc.ts';
import { errorsText, kib, latencyCells, ms, pct, secs } from './format.ts';
import { onePatch } from './payload.ts';
import {
  BATCH,
  BROADCAST_RATE,
  DELIVERY_SECONDS,
  IO_EMIT,
  SETTLE_MS,
  VIEWERS,
  sleep,
} from './settings.ts';
import { ViewerPool, mergeScored, type Grown, type Scored } from './viewer-pool.ts';

type ServerChild = Child<ToServer, FromServer>;

export interface DeliveryRow {
  readonly kind: BroadcastKind;
  readonly viewers: number;
  readonly grown: Grown;
  readonly rssKiB: number;
  readonly heapKiB: number;
  readonly cpuUs: number;
  readonly emit: { readonly p50: number; readonly max: number };
  /** Mean share of the viewers whose frame was still queued in the server after the emit, %. */
  readonly queuedPct: number;
  readonly scored: Scored;
  readonly cpu: Cpu;
  readonly payloadBytes: number;
  readonly broadcasts: number;
}

/** One server of the delivery phase with its own viewers. */
interface Contender {
  readonly kind: BroadcastKind;
  readonly server: ServerChild;
  pool: ViewerPool | null;
  base: Memory | null;
  /** The next revision this server broadcasts (each server is its own stream). */
  rev: number;
}

interface Half {
  readonly cpuUs: number;
  readonly deliveries: number;
  readonly emitMs: readonly number[];
  readonly queued: readonly number[];
  readonly scored: Scored;
  readonly before: CpuSample;
  readonly after: CpuSample;
  readonly payloadBytes: number;
}

/**
 * Both servers run side by side, each with its own viewers, and take turns broadcasting in the
 * order Socket.IO, ws, ws, Socket.IO (half the broadcasts each turn): whatever else the machine
 * does during the phase weighs on both alike.
 */
export async function runDelivery(): Promise<Map<BroadcastKind, DeliveryRow[]>> {
  const most = VIEWERS[VIEWERS.length - 1] ?? 0;
  const template = onePatch('ev-bench', 'battery') as unknown as Record<string, unknown>;
  const contenders: Contender[] = (['socket.io', 'ws'] as const).map((kind) => ({
    kind,
    server: new Child<ToServer, FromServer>(`${kind} server`, 'broadcast-server.ts', {
      args: [kind],
      gc: true,
      fds: most + 64,
    }),
    pool: null,
    base: null,
    rev: 1,
  }));
  const rows = new Map<BroadcastKind, DeliveryRow[]>(contenders.map((c) => [c.kind, []]));
  const broadcast = async (c: Contender, count: number): Promise<Half> => {
    const pool = c.pool as ViewerPool;
    await pool.record();
    const before = sample([c.server.pid, ...pool.pids]);
    const { result } = await c.server.request(
      { type: 'broadcast', template, fromRev: c.rev, count, rate: BROADCAST_RATE },
      'broadcasted',
    );
    const after = sample([c.server.pid, ...pool.pids]);
    c.rev += count;
    await sleep(SETTLE_MS);
    return {
      cpuUs: result.cpuUs,
      deliveries: result.deliveries,
      emitMs: result.emitMs,
      queued: result.queued,
      scored: await pool.score(result.sends),
      before,
      after,
      payloadBytes: result.payloadBytes,
    };
  };
  try {
    for (const c of contenders) {
      const { port } = await c.server.next('listening', 60_000);
      c.pool = await ViewerPool.start(
        {
          baseUrl: `http://127.0.0.1:${port}`,
          subscribe: { competitionId: 'ev-bench', scope: 'battery', view: 'public' },
          batch: BATCH,
        },
        most,
      );
      c.base = (await c.server.request({ type: 'memory' }, 'memory')).memory;
    }
    const half = Math.max(1, Math.round((BROADCAST_RATE * DELIVERY_SECONDS) / 2));
    for (const viewers of VIEWERS) {
      const grown = new Map<Contender, Grown>();
      const idle = new Map<Contender, Memory>();
      for (const c of contenders) {
        grown.set(c, await (c.pool as ViewerPool).grow(viewers));
        idle.set(c, (await c.server.request({ type: 'memory' }, 'memory')).memory);
        // Warm-up: one second of broadcasts, not recorded.
        await c.server.request(
          {
            type: 'broadcast',
            template,
            fromRev: c.rev,
            count: BROADCAST_RATE,
            rate: BROADCAST_RATE,
          },
          'broadcasted',
        );
        c.rev += BROADCAST_RATE;
        await sleep(SETTLE_MS);
      }
      const [io, raw] = contenders as [Contender, Contender];
      const halves = new Map<Contender, Half[]>(contenders.map((c) => [c, []]));
      for (const c of [io, raw, raw, io]) halves.get(c)?.push(await broadcast(c, half));
      for (const c of contenders) {
        const parts = halves.get(c) ?? [];
        const g = grown.get(c) as Grown;
        const base = c.base as Memory;
        const now = idle.get(c) as Memory;
        const cpuUs = parts.reduce((n, p) => n + p.cpuUs, 0);
        const deliveries = parts.reduce((n, p) => n + p.deliveries, 0);
        const emit = latencyOf(parts.flatMap((p) => p.emitMs));
        const cpus = parts.map((p) =>
          cpuBetween(p.before, p.after, [c.server.pid], (c.pool as ViewerPool).pids),
        );
        const mean = (f: (x: Cpu) => number): number =>
          cpus.reduce((n, x) => n + f(x), 0) / Math.max(1, cpus.length);
        const row: DeliveryRow = {
          kind: c.kind,
          viewers,
          grown: g,
          rssKiB: perViewerKiB(base, now, g.open, 'rss'),
          heapKiB: perViewerKiB(base, now, g.open, 'heapUsed'),
          cpuUs: deliveries > 0 ? cpuUs / deliveries : NaN,
          emit: { p50: emit.p50, max: emit.max },
          queuedPct: (() => {
            const q = parts.flatMap((p) => p.queued);
            const mean = q.reduce((n, x) => n + x, 0) / Math.max(1, q.length);
            return (100 * mean) / Math.max(1, g.open);
          })(),
          scored: mergeScored(parts.map((p) => p.scored)),
          cpu: {
            server: mean((x) => x.server),
            generators: mean((x) => x.generators),
            postgres: 0,
            other: mean((x) => x.other),
            machine: mean((x) => x.machine),
          },
          payloadBytes: parts[0]?.payloadBytes ?? NaN,
          broadcasts: parts.length * half,
        };
        rows.get(c.kind)?.push(row);
        console.log(
          `  ${c.kind} ${viewers}: ${g.open} viewers in ${secs(g.ms)}` +
            `${g.failed > 0 ? ` (${g.failed} failed: ${errorsText(g.errors)})` : ''}, ` +
            `${row.cpuUs.toFixed(1)} µs/delivery, p95 ${ms(row.scored.latency.percentile(0.95))}, ` +
            `RSS ${row.rssKiB.toFixed(1)} KiB/viewer`,
        );
      }
    }
  } finally {
    for (const c of contenders) {
      await c.pool?.close();
      await c.server.close({ type: 'close' });
    }
  }
  return rows;
}

export function printDelivery(byKind: ReadonlyMap<BroadcastKind, readonly DeliveryRow[]>): void {
  const io = byKind.get('socket.io') ?? [];
  const raw = byKind.get('ws') ?? [];
  const body: string[][] = [];
  for (const viewers of VIEWERS) {
    const a = io.find((r) => r.viewers === viewers);
    const b = raw.find((r) => r.viewers === viewers);
    for (const r of [a, b]) {
      if (!r) continue;
      body.push([
        String(viewers),
        r.kind,
        String(r.grown.open),
        r.cpuUs.toFixed(1),
        `${ms(r.emit.p50)} / ${ms(r.emit.max)}`,
        pct(r.queuedPct),
        ...latencyCells(r.scored.latency),
        `${r.scored.missing}/${r.scored.gaps}`,
        kib(r.rssKiB),
        kib(r.heapKiB),
        `${pct(r.cpu.server)}/${pct(r.cpu.generators)}/${pct(r.cpu.other)} (${pct(r.cpu.machine)})`,
      ]);
    }
    if (a && b) {
      body.push([
        '',
        'ratio',
        '',
        (a.cpuUs / b.cpuUs).toFixed(2),
        (a.emit.p50 / b.emit.p50).toFixed(2),
        '',
        (a.scored.latency.percentile(0.5) / b.scored.latency.percentile(0.5)).toFixed(2),
        (a.scored.latency.percentile(0.95) / b.scored.latency.percentile(0.95)).toFixed(2),
        (a.scored.latency.percentile(0.99) / b.scored.latency.percentile(0.99)).toFixed(2),
        '',
        '',
        (a.rssKiB / b.rssKiB).toFixed(2),
        (a.heapKiB / b.heapKiB).toFixed(2),
        '',
      ]);
    }
  }
  const first = io[0] ?? raw[0];
  console.log(
    `Delivery cost: the same ${first?.payloadBytes ?? '?'}-byte one-mark patch frame, ` +
      `${BROADCAST_RATE} broadcasts/s for ${DELIVERY_SECONDS} s per viewer count and server ` +
      `(in turns: Socket.IO, ws, ws, Socket.IO), Socket.IO (LIVE_SERVER_OPTIONS, ${IO_EMIT ? 'io.to(room).emit' : "the hub's broadcastLocal: one frame written to each socket"}) ` +
      `vs raw ws (Buffer once, send per client)`,
  );
  console.log(
    table(
      [
        'viewers',
        'server',
        'open',
        'cpu µs/delivery',
        'emit p50 / max',
        'queued',
        'p50',
        'p95',
        'p99',
        'max',
        'missing/gaps',
        'RSS/viewer',
        'heap/viewer',
        'cpu server/gen/other (machine)',
      ],
      body,
    ),
  );
  console.log(
    '  latency: broadcast start → arrival at the viewer; queued: viewers whose frame was still ' +
      'held in the server process right after the emit call (Engine.IO holds a packet while the ' +
      'previous write has not called back; ws when the kernel did not take it all); ' +
      'cpu µs/delivery: server process CPU ' +
      'over the broadcasts ÷ (broadcasts × viewers); RSS/heap per idle viewer: (with N − with none) ÷ N ' +
      'after a full GC; cpu: % of one core (other: the rest of the machine; machine: % of all cores); ' +
      'ratio: Socket.IO ÷ ws',
  );
}
