import { appendFileSync } from 'node:fs';
/**
 * The judge side of the end-to-end phase, in the bench's own process: judges log in with bearer
 * tokens (as bench/load-generator.ts does), and marks go out one at a time through
 * POST /api/sheets/:id/marks at a steady rate. The driver holds one subscriber of its own, the
 * project's typed live client, which applies every patch and checks it against the server's
 * hash, and that is how a mark is tied to its revision without any
 * instrumentation of the server: marks never overlap, so the first revision after the one held
 * before a mark was sent is the one that carries it. A mark that changes nothing the public sees
 * makes no revision; it is counted and left out after a timeout.
 *
 * Commit time is when the mark's HTTP acknowledgement (201) reached the driver.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { LivePatch } from '../../src/contract/live.ts';
import {
  LiveClient,
  type LiveSocket,
  type LiveStats,
  type LiveTable,
  type LiveTableKey,
} from '../../src/live-client/index.ts';
import { seeded, valueFor, type CriterionInfo, type SheetView } from '../judging.ts';
import { latencyOf, type Latency } from '../child-ipc.ts';
import type { JudgeLogin } from '../seed.ts';
import { epochMs, wsFrameBytes, type RevTime } from './fanout-ipc.ts';

interface Slot {
  readonly token: string;
  readonly path: string;
  readonly criterion: CriterionInfo;
  version: number;
}

/** How a patch changed the rows (team rows aside), counted from its SideChange. */
export interface PatchRows {
  /** Rows sent: whole rows, and placements (`partial`). */
  readonly set: number;
  /** Rows moved to a new index (new rows too). */
  readonly moved: number;
  /** Rows whose rank shifted, over all rank ranges. */
  readonly ranked: number;
}

interface SeenPatch {
  readonly rev: number;
  readonly baseRev: number;
  readonly t: number;
  readonly frameBytes: number;
  readonly rows: PatchRows;
}

/** The parts of a patch's `rows` (contract/patch.ts SideChange) the driver counts. */
interface RowsChange {
  readonly set?: readonly unknown[];
  readonly moved?: readonly unknown[];
  readonly ranks?: readonly (readonly [number, number, number])[];
}

function countRows(change: RowsChange | undefined): PatchRows {
  let ranked = 0;
  for (const [from, to] of change?.ranks ?? []) ranked += to - from + 1;
  return { set: change?.set?.length ?? 0, moved: change?.moved?.length ?? 0, ranked };
}

async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** BENCH_DUMP_PATCHES=<file>: the driver's subscriber appends every patch it gets (diagnostics). */
const DUMP = process.env['BENCH_DUMP_PATCHES'];

/**
 * The driver's own viewer: the project's typed live client (src/live-client) on a Socket.IO
 * socket, the way the web app connects. It applies every patch and checks the table's hash
 * after each one (`stats.hashMismatches`), asks again on a gap, and `rev` is the revision the
 * client holds, so a patch counts as received once it was applied and verified.
 *
 * Arrival time and size come from the raw `patch` event on the same socket, heard before the
 * client's own listener: the frame is `42["patch",…]` rebuilt from the parsed event
 * (JSON.parse keeps key order, so it is byte for byte what the server wrote) plus the websocket
 * header.
 */
export class LiveSubscriber {
  /** The revision the client holds, -1 before its first snapshot. */
  rev = -1;
  /** The subscribe answer that carried the first snapshot, `43…` as received, bytes. */
  snapshotBytes = 0;
  readonly patches: SeenPatch[] = [];
  private readonly socket: LiveSocket;
  private readonly client: LiveClient;
  private readonly table: LiveTable;
  /** Patches heard on the socket that the client does not hold yet, by revision. */
  private readonly pending = new Map<number, SeenPatch>();
  private waiting: { after: number; resolve: (p: SeenPatch | null) => void } | null = null;

  private constructor(baseUrl: string, key: LiveTableKey) {
    const socket: LiveSocket = io(baseUrl, { transports: ['websocket'] });
    this.socket = socket;
    // Before the client's listener: the arrival time leaves out the client's own work.
    socket.on('patch', this.onRawPatch);
    // The subscribe answer as received: an Engine.IO message `3<id>[reply]` (an ack).
    socket.io.on('open', () => {
      socket.io.engine.on('packet', (packet) => {
        if (
          this.snapshotBytes === 0 &&
          packet.type === 'message' &&
          typeof packet.data === 'string' &&
          packet.data.startsWith('3') &&
          packet.data.includes('"sync":"snapshot"')
        ) {
          this.snapshotBytes = 1 + Buffer.byteLength(packet.data);
        }
      });
    });
    this.client = new LiveClient(socket);
    this.table = this.client.subscribe(key);
    this.table.onChange((state) => {
      this.onApplied(state.rev);
    });
  }

  /** Patches whose base was not the revision the client held (each one makes it ask again). */
  get gaps(): number {
    return this.client.stats.gaps;
  }

  /** The client's counters: patches applied and verified, hash mismatches, resyncs, … */
  get stats(): LiveStats {
    return this.client.stats;
  }

  static open(baseUrl: string, key: LiveTableKey): Promise<LiveSubscriber> {
    const sub = new LiveSubscriber(baseUrl, key);
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => {
        clearTimeout(timer);
        stop();
        sub.close();
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new Error('the driver subscriber got no answer to subscribe in 30 s'));
      }, 30_000);
      const onConnectError = (error: Error): void => {
        fail(new Error(`the driver subscriber could not connect: ${error.message}`));
      };
      sub.socket.on('connect_error', onConnectError);
      const settle = (): void => {
        if (sub.table.status === 'error') {
          fail(new Error(`subscribe refused: ${JSON.stringify(sub.table.error)}`));
        } else if (sub.table.status === 'live' && sub.table.rev !== null) {
          clearTimeout(timer);
          stop();
          resolve(sub);
        }
      };
      const unsubscribe = sub.table.onChange(settle);
      const stop = (): void => {
        unsubscribe();
        sub.socket.off('connect_error', onConnectError);
      };
      settle();
    });
  }

  private readonly onRawPatch = (patch: LivePatch): void => {
    const t = epochMs();
    const { competitionId, scope, view } = this.table.key;
    if (patch.competitionId !== competitionId || patch.scope !== scope || patch.view !== view) {
      return;
    }
    const text = JSON.stringify(['patch', patch]);
    if (DUMP !== undefined) appendFileSync(DUMP, `${text}\n`);
    const seen: SeenPatch = {
      rev: patch.rev,
      baseRev: patch.baseRev,
      t,
      frameBytes: wsFrameBytes(Buffer.byteLength(`42${text}`)),
      rows: countRows(patch.rows),
    };
    // A revision the client already holds (a duplicate) changes nothing: it is seen now.
    if (patch.rev <= this.rev) this.seen(seen);
    else this.pending.set(patch.rev, seen);
  };

  /** The client applied (and verified) up to `rev`: the patches it took are received. */
  private onApplied(rev: number | null): void {
    if (rev === null || rev <= this.rev) return;
    this.rev = rev;
    const taken = [...this.pending.values()].filter((p) => p.rev <= rev);
    taken.sort((a, b) => a.rev - b.rev);
    for (const p of taken) {
      this.pending.delete(p.rev);
      this.seen(p);
    }
  }

  private seen(p: SeenPatch): void {
    this.patches.push(p);
    if (this.waiting && p.rev > this.waiting.after) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve(p);
    }
  }

  /** The first patch with a revision above `after` (already here, or within timeoutMs). */
  firstAfter(after: number, timeoutMs: number): Promise<SeenPatch | null> {
    const seen = this.patches.find((p) => p.rev > after);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, timeoutMs);
      this.waiting = {
        after,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
    });
  }

  close(): void {
    this.socket.off('patch', this.onRawPatch);
    this.client.close({ disconnect: true });
  }
}

export interface MarkRun {
  readonly offered: number;
  readonly seconds: number;
  readonly sent: number;
  readonly acked: number;
  readonly errors: Readonly<Record<string, number>>;
  /** Acknowledged marks that made no public revision within the timeout. */
  readonly noRevision: number;
  /** Each mark's revision and its commit (acknowledgement) time. */
  readonly points: readonly RevTime[];
  /** The same revisions with the time the mark was sent: the commit lies between the two. */
  readonly sends: readonly RevTime[];
  /** Marks per second actually sent (marks wait for the previous one's revision). */
  readonly achieved: number;
  /** HTTP send → 201. */
  readonly ack: Latency;
  /** The driver's own subscriber: acknowledgement → patch. */
  readonly own: Latency;
  /** The patch frame that carried each mark, bytes on the wire; and how it changed the rows. */
  readonly frameBytes: readonly number[];
  readonly rows: readonly PatchRows[];
}

export class MarkDriver {
  private cursor = 0;

  private constructor(
    private readonly baseUrl: string,
    private readonly slots: Slot[],
    private readonly random: () => number,
    readonly subscriber: LiveSubscriber,
  ) {}

  static async start(options: {
    readonly baseUrl: string;
    readonly competitionId: string;
    readonly eventId: string;
    readonly judges: readonly JudgeLogin[];
    readonly seed: number;
  }): Promise<MarkDriver> {
    const random = seeded(options.seed);
    const slots: Slot[] = [];
    for (const judge of options.judges) {
      const login = await call(options.baseUrl, 'POST', '/api/auth/judge-login', null, {
        competitionId: options.competitionId,
        code: judge.code,
        pin: judge.pin,
        bearer: true,
      });
      if (login.status !== 200) throw new Error(`login ${judge.code}: ${login.status}`);
      const { token } = login.json as { token: string };
      const list = await call(options.baseUrl, 'GET', '/api/judge/sheets', token);
      if (list.status !== 200) throw new Error(`sheets of ${judge.code}: ${list.status}`);
      for (const sheet of (list.json as { sheets: SheetView[] }).sheets) {
        if (sheet.status !== 'draft' && sheet.status !== 'returned') continue;
        for (const criterion of sheet.criteria) {
          if (!judge.criteria.includes(criterion.id)) continue;
          slots.push({
            token,
            path: `/api/sheets/${sheet.id}/marks`,
            criterion,
            version: sheet.marks.find((m) => m.criterion === criterion.id)?.version ?? 0,
          });
        }
      }
    }
    if (slots.length === 0) throw new Error('the judges have no sheet to mark');
    for (let i = slots.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [slots[i], slots[j]] = [slots[j] as Slot, slots[i] as Slot];
    }
    const subscriber = await LiveSubscriber.open(options.baseUrl, {
      competitionId: options.competitionId,
      scope: options.eventId,
      view: 'public',
    });
    return new MarkDriver(options.baseUrl, slots, random, subscriber);
  }

  /**
   * Marks one at a time at `rate` per second for `seconds`. A mark waits for the previous one's
   * revision, so a slow server lowers the rate: no mark is sent after `seconds`.
   */
  async run(rate: number, seconds: number, revisionTimeoutMs = 2000): Promise<MarkRun> {
    const total = Math.max(1, Math.round(rate * seconds));
    const interval = 1000 / rate;
    const errors: Record<string, number> = {};
    const points: RevTime[] = [];
    const sends: RevTime[] = [];
    const ackMs: number[] = [];
    const ownMs: number[] = [];
    const frameBytes: number[] = [];
    const rows: PatchRows[] = [];
    let acked = 0;
    let noRevision = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    let lastSend = start;
    let sent = 0;
    for (let i = 0; i < total && performance.now() < deadline; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => {
          setTimeout(resolve, wait);
        });
      }
      lastSend = performance.now();
      sent++;
      const slot = this.slots[this.cursor % this.slots.length] as Slot;
      this.cursor++;
      const before = this.subscriber.rev;
      const sentAt = epochMs();
      const answer = await call(this.baseUrl, 'POST', slot.path, slot.token, {
        opId: randomUUID(),
        criterion: slot.criterion.id,
        value: valueFor(slot.criterion, this.random),
        expectedVersion: slot.version,
      }).catch((error: unknown) => ({ status: 0, json: String(error) }));
      const ackAt = epochMs();
      if (answer.status !== 201) {
        const code = (answer.json as { code?: string } | null)?.code ?? '';
        const kind = `${answer.status}${code ? ` ${code}` : ''}`;
        errors[kind] = (errors[kind] ?? 0) + 1;
        if (code === 'stale_version') {
          const current = (answer.json as { current?: { version?: number } }).current?.version;
          if (typeof current === 'number') slot.version = current;
        }
        continue;
      }
      acked++;
      ackMs.push(ackAt - sentAt);
      slot.version = (answer.json as { mark: { version: number } }).mark.version;
      const patch = await this.subscriber.firstAfter(before, revisionTimeoutMs);
      if (!patch) {
        noRevision++;
        continue;
      }
      points.push({ rev: patch.rev, t: ackAt });
      sends.push({ rev: patch.rev, t: sentAt });
      ownMs.push(Math.max(0, patch.t - ackAt));
      frameBytes.push(patch.frameBytes);
      rows.push(patch.rows);
    }
    // Sends per second between the first and the last send (the schedule's own rate when no
    // mark waited for the previous one's revision).
    const span = (lastSend - start) / 1000;
    return {
      offered: rate,
      seconds,
      sent,
      acked,
      errors,
      noRevision,
      points,
      sends,
      achieved: sent > 1 && span > 0 ? (sent - 1) / span : rate,
      ack: latencyOf(ackMs),
      own: latencyOf(ownMs),
      frameBytes,
      rows,
    };
  }

  close(): void {
    this.subscriber.close();
  }
}
