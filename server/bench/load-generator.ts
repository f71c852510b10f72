/**
 * The judges' load generator, run as a child process of the write-path bench so that its CPU
 * stays off the server's event loop (the same scenario as load-tests/judges-write.ts for k6).
 *
 * It logs in as each judge with a bearer token, reads their sheets, and then posts marks over
 * keep-alive HTTP: open loop at fixed rates (each request has a scheduled send time, and latency
 * is measured from that time, so a slow server cannot hide its queue: no coordinated omission),
 * then closed loop with N clients for the sustained throughput. Each (sheet, criterion) slot is
 * written by at most one request at a time and its version is tracked from the answers, so every
 * mark is either a first version (expectedVersion 0) or a correct correction.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorText, latencyOf, tellParent } from './child-ipc.ts';
import type {
  GeneratorConfig,
  GeneratorMessage,
  PhaseResult,
  PhaseSpec,
  SetupSummary,
} from './write-path-ipc.ts';
import { seeded, valueFor, type CriterionInfo, type SheetView } from './judging.ts';

interface Slot {
  readonly token: string;
  readonly path: string;
  readonly criterion: CriterionInfo;
  version: number;
  busy: boolean;
  dead: boolean;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });

function send(
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method, path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

class Load {
  private readonly base: URL;
  private readonly slots: Slot[];
  private readonly random: () => number;
  private cursor = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(base: URL, slots: Slot[], random: () => number) {
    this.base = base;
    this.slots = slots;
    this.random = random;
  }

  private take(): Slot | null {
    for (let n = 0; n < this.slots.length; n++) {
      const slot = this.slots[this.cursor] as Slot;
      this.cursor = (this.cursor + 1) % this.slots.length;
      if (!slot.busy && !slot.dead) {
        slot.busy = true;
        return slot;
      }
    }
    return null;
  }

  /** Posts one mark; records its outcome in `stats`, its latency measured from `since`. */
  private async one(stats: Stats, since: number): Promise<void> {
    let slot = this.take();
    while (!slot) {
      // Every (sheet, criterion) is in flight (the server is far behind an open-loop rate):
      // wait for one to come back; the latency still counts from the scheduled time.
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
      });
      slot = this.take();
    }
    stats.sent++;
    const expectedVersion = slot.version;
    if (expectedVersion === 0) stats.firstVersions++;
    else stats.corrections++;
    try {
      const op = {
        opId: randomUUID(),
        criterion: slot.criterion.id,
        value: valueFor(slot.criterion, this.random),
        expectedVersion,
      };
      let r: Answer;
      try {
        r = await send(this.base, 'POST', slot.path, slot.token, op);
      } catch (error) {
        // A keep-alive socket the server closed as we reused it: resend the same operation, as a
        // tablet would. The same opId makes it safe (a stored answer is replayed, not rewritten).
        if ((error as { code?: string }).code !== 'ECONNRESET') throw error;
        stats.resent++;
        r = await send(this.base, 'POST', slot.path, slot.token, op);
      }
      const at = performance.now();
      if (r.status === 201) {
        const body = JSON.parse(r.text) as { mark: { version: number } };
        slot.version = body.mark.version;
        stats.ack(at, at - since);
      } else {
        let code = '';
        try {
          const body = JSON.parse(r.text) as { code?: string; current?: { version?: number } };
          code = body.code ?? '';
          if (code === 'stale_version' && typeof body.current?.version === 'number') {
            slot.version = body.current.version;
          } else if (r.status !== 503 && r.status !== 429) {
            slot.dead = true;
          }
        } catch {
          slot.dead = true;
        }
        stats.error(`${r.status}${code ? ` ${code}` : ''}`);
      }
    } catch (error) {
      slot.dead = true;
      stats.error(`network ${(error as { code?: string }).code ?? String(error)}`);
    } finally {
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  async run(spec: PhaseSpec): Promise<PhaseResult> {
    const stats = new Stats();
    const inflight = new Set<Promise<void>>();
    const track = (p: Promise<void>): void => {
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    };
    const start = performance.now() + 2;
    stats.start = start;
    if (spec.kind === 'open') {
      const interval = 1000 / spec.rate;
      const total = Math.round(spec.rate * spec.seconds);
      let i = 0;
      await new Promise<void>((resolve) => {
        const tick = (): void => {
          const now = performance.now();
          while (i < total && start + i * interval <= now) {
            track(this.one(stats, start + i * interval));
            i++;
          }
          if (i >= total) resolve();
          else setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
        };
        setTimeout(tick, Math.max(0, start - performance.now()));
      });
    } else {
      const end = start + spec.seconds * 1000;
      const client = async (): Promise<void> => {
        while (performance.now() < end) {
          await this.one(stats, performance.now());
        }
      };
      await Promise.all(Array.from({ length: spec.clients }, client));
    }
    // Answers still on their way count if they come within the drain time; the rest time out.
    const drained = await Promise.race([
      Promise.all(inflight).then(() => true),
      new Promise<false>((resolve) => {
        setTimeout(() => {
          resolve(false);
        }, 15_000).unref();
      }),
    ]);
    if (!drained) {
      for (let n = 0; n < inflight.size; n++) stats.error('timeout (no answer 15 s after phase)');
    }
    return stats.result(spec);
  }
}

class Stats {
  start = 0;
  sent = 0;
  ok = 0;
  firstVersions = 0;
  corrections = 0;
  resent = 0;
  lastAck = 0;
  readonly latencies: number[] = [];
  readonly errorKinds: Record<string, number> = {};
  errors = 0;

  ack(at: number, latency: number): void {
    this.ok++;
    this.lastAck = Math.max(this.lastAck, at);
    this.latencies.push(latency);
  }

  error(kind: string): void {
    this.errors++;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  }

  result(spec: PhaseSpec): PhaseResult {
    const elapsed = Math.max(spec.seconds * 1000, this.lastAck - this.start);
    return {
      name: spec.name,
      kind: spec.kind,
      offered: spec.kind === 'open' ? spec.rate : spec.clients,
      seconds: spec.seconds,
      sent: this.sent,
      ok: this.ok,
      errors: this.errors,
      errorKinds: this.errorKinds,
      acksPerSecond: this.ok / (elapsed / 1000),
      latency: latencyOf(this.latencies),
      firstVersions: this.firstVersions,
      corrections: this.corrections,
      resent: this.resent,
    };
  }
}

/** Logs every judge in and turns their sheets into (sheet, criterion) slots, shuffled. */
async function setup(
  config: GeneratorConfig,
  random: () => number,
): Promise<{ slots: Slot[]; summary: SetupSummary }> {
  const base = new URL(config.baseUrl);
  const t0 = performance.now();
  const slots: Slot[] = [];
  let sheetCount = 0;
  for (const judge of config.judges) {
    const login = await send(base, 'POST', '/api/auth/judge-login', null, {
      competitionId: config.competitionId,
      code: judge.code,
      pin: judge.pin,
      bearer: true,
    });
    if (login.status !== 200) throw new Error(`login ${judge.code}: ${login.status} ${login.text}`);
    const { token } = JSON.parse(login.text) as { token: string };
    const list = await send(base, 'GET', '/api/judge/sheets', token);
    if (list.status !== 200) throw new Error(`sheets ${judge.code}: ${list.status} ${list.text}`);
    const { sheets } = JSON.parse(list.text) as { sheets: SheetView[] };
    for (const sheet of sheets) {
      if (sheet.status !== 'draft' && sheet.status !== 'returned') continue;
      sheetCount++;
      for (const criterion of sheet.criteria) {
        if (!judge.criteria.includes(criterion.id)) continue;
        const current = sheet.marks.find((m) => m.criterion === criterion.id);
        slots.push({
          token,
          path: `/api/sheets/${sheet.id}/marks`,
          criterion,
          version: current?.version ?? 0,
          busy: false,
          dead: false,
        });
      }
    }
  }
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [slots[i], slots[j]] = [slots[j] as Slot, slots[i] as Slot];
  }
  return {
    slots,
    summary: {
      judges: config.judges.length,
      sheets: sheetCount,
      slots: slots.length,
      loginMs: performance.now() - t0,
    },
  };
}

function tell(message: GeneratorMessage): Promise<void> {
  return tellParent(message, 'the load generator');
}

async function main(config: GeneratorConfig): Promise<void> {
  const random = seeded(config.seed);
  const { slots, summary } = await setup(config, random);
  await tell({ type: 'ready', setup: summary });
  const load = new Load(new URL(config.baseUrl), slots, random);
  for (const spec of config.phases) {
    await tell({ type: 'phase-start', name: spec.name });
    const result = await load.run(spec);
    await tell({ type: 'phase-end', result, warmup: spec.kind === 'open' && spec.warmup === true });
  }
  await tell({ type: 'done' });
}

process.once('message', (config: GeneratorConfig) => {
  main(config)
    .catch(async (error: unknown) => {
      await tell({
        type: 'failed',
        error: errorText(error),
      }).catch(() => undefined);
      process.exitCode = 1;
    })
    .finally(() => {
      agent.destroy();
      if (process.connected) process.disconnect();
    });
});
