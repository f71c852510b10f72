/**
 * The floor of the CPU targets, measured in the same run: the minimal server
 * (bench/minimal-server.ts, one prepared insert transaction per request) offered the target rate
 * on a fixed schedule from this process, as the load generator offers marks. Its process's CPU
 * and its Postgres backends' per request are what any server on this stack and machine pays at
 * that rate before doing anything of its own: at a few hundred requests a second, a process
 * that sleeps between requests pays most of its CPU per wake-up, not per byte.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import { latencyOf, type Latency } from '../child-ipc.ts';
import { procCpuMs } from '../machine.ts';
import type { MinimalServerConfig, MinimalServerMessage } from '../write-path-ipc.ts';
import { TARGET_RATE } from '../write-targets.ts';
import { exited, startChild } from './children.ts';
import { backendPids } from './database.ts';
import { SECONDS, WARMUP } from './settings.ts';

export interface MinimalResult {
  readonly rate: number;
  readonly acks: number;
  readonly errors: number;
  readonly latency: Latency;
  /** CPU milliseconds per acknowledged request. */
  readonly serverCpuMs: number;
  readonly pgCpuMs: number;
}

/** Offers `rate` requests a second for `seconds`; latency from each scheduled send time. */
async function offer(
  port: number,
  rate: number,
  seconds: number,
): Promise<{ acks: number; errors: number; latency: Latency }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  let answered = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const one = (due: number, n: number): void => {
      const body = JSON.stringify({ criterion: 'seal', value: String(n % 41), expectedVersion: 0 });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/marks',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 201) latencies.push(performance.now() - due);
            else errors++;
            if (++answered === total) resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        if (++answered === total) resolve();
      });
      req.end(body);
    };
    const tick = (): void => {
      const now = performance.now();
      while (sent < total && start + (1000 * sent) / rate <= now) {
        one(start + (1000 * sent) / rate, sent);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  return { acks: latencies.length, errors, latency: latencyOf(latencies) };
}

export async function runMinimalServer(url: string, admin: postgres.Sql): Promise<MinimalResult> {
  const child = startChild('minimal-server.ts');
  const done = exited(child, 'minimal server baseline');
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (m: MinimalServerMessage) => {
      if (m.type === 'ready') resolve(m.port);
      else reject(new Error(m.error));
    });
    done.catch(reject);
  });
  const config: MinimalServerConfig = { url };
  child.send(config);
  try {
    const port = await ready;
    await offer(port, TARGET_RATE, Math.min(WARMUP, 3));
    const pids = [child.pid ?? -1, ...(await backendPids(admin))];
    const before = pids.map((pid) => procCpuMs(pid) ?? 0);
    const measured = await offer(port, TARGET_RATE, SECONDS);
    const after = pids.map((pid) => procCpuMs(pid) ?? 0);
    const delta = (i: number): number => (after[i] ?? 0) - (before[i] ?? 0);
    const pg = pids.slice(1).reduce((sum, _, i) => sum + delta(i + 1), 0);
    const per = (ms: number): number => (measured.acks > 0 ? ms / measured.acks : NaN);
    return {
      rate: TARGET_RATE,
      ...measured,
      serverCpuMs: per(delta(0)),
      pgCpuMs: per(pg),
    };
  } finally {
    if (child.connected) child.send('stop');
    await done.catch(() => undefined);
  }
}
