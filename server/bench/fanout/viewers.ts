/**
 * The viewer generator of the fan-out bench, run as a forked child so that its CPU stays off the
 * server's event loop. It holds N websocket connections made with the `ws` package and speaks
 * the Socket.IO v4 wire format by hand, as a k6 script would (see load-tests/viewers.ts and the
 * performance notes): `ws://…/socket.io/?EIO=4&transport=websocket`, the server's open packet
 * `0{…}`, `40` to join the default namespace, `420["subscribe",{…}]` answered by `430[{…}]`,
 * ping `2` answered by `3`, and patches as `42["patch",{…}]`.
 *
 * Per message it does as little as it can: it takes the arrival time first, then finds the
 * `"rev":` and `"baseRev":` numbers with a byte scan (no JSON parse, no string decode). While
 * recording it keeps, per revision, each viewer's first arrival time; the parent then sends the
 * time of each revision (its commit, or the start of its broadcast) and gets a latency histogram
 * over viewers × revisions back.
 *
 * Connections open in batches (config.batch at a time, the next batch once this one has
 * subscribed), so the server's accept queue never overflows.
 */
import WebSocket from 'ws';
import { tellParent, errorText } from '../child-ipc.ts';
import {
  epochMs,
  Histogram,
  wsFrameBytes,
  type FromViewers,
  type RevTime,
  type ToViewers,
  type ViewerConfig,
  type ViewerScore,
} from './fanout-ipc.ts';

const REV = Buffer.from('"rev":');
const BASE_REV = Buffer.from('"baseRev":');
const OK = Buffer.from('"ok":true');
const PATCHES = Buffer.from('"sync":"patches"');
const CONNECT_TIMEOUT_MS = 60_000;

const C_OPEN = 0x30; // '0'
const C_PING = 0x32; // '2'
const C_MESSAGE = 0x34; // '4'
const C_CONNECT = 0x30; // '40'
const C_EVENT = 0x32; // '42'
const C_ACK = 0x33; // '43'
const C_CONNECT_ERROR = 0x34; // '44'

/** The decimal number right after `needle` (first or last occurrence), or -1. */
function intAfter(buf: Buffer, needle: Buffer, last = false): number {
  const at = last ? buf.lastIndexOf(needle) : buf.indexOf(needle);
  if (at < 0) return -1;
  let n = 0;
  let digits = 0;
  for (let i = at + needle.length; i < buf.length; i++) {
    const c = buf[i] as number;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    digits++;
  }
  return digits > 0 ? n : -1;
}

interface Viewer {
  readonly index: number;
  readonly ws: WebSocket;
  lastRev: number;
  subscribed: boolean;
  closed: boolean;
  settle: ((error: string | null) => void) | null;
}

class Generator {
  private readonly url: string;
  private readonly subscribeFrame: string;
  private readonly batch: number;
  private readonly viewers: Viewer[] = [];
  private recording = false;
  /** While recording: per revision, each viewer's first arrival (NaN: none yet). */
  private arrivals = new Map<number, Float64Array>();
  private frames = new Map<number, number>();
  private gaps = 0;
  private messages = 0;
  private closedWhileRecording = 0;

  constructor(config: ViewerConfig) {
    const base = new URL(config.baseUrl);
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    base.pathname = '/socket.io/';
    base.search = '?EIO=4&transport=websocket';
    this.url = base.toString();
    this.subscribeFrame = `420${JSON.stringify(['subscribe', config.subscribe])}`;
    this.batch = Math.max(1, config.batch);
  }

  get open(): number {
    let n = 0;
    for (const v of this.viewers) if (v.subscribed && !v.closed) n++;
    return n;
  }

  private onMessage(v: Viewer, data: Buffer): void {
    const t = epochMs();
    const a = data[0];
    if (a === C_MESSAGE) {
      const b = data[1];
      if (b === C_EVENT) this.onPatch(v, data, t);
      else if (b === C_ACK) this.onAck(v, data);
      else if (b === C_CONNECT) v.ws.send(this.subscribeFrame);
      else if (b === C_CONNECT_ERROR) {
        v.settle?.(`connect error ${data.toString('utf8', 0, 200)}`);
      }
    } else if (a === C_PING && data.length === 1) {
      v.ws.send('3');
    } else if (a === C_OPEN) {
      v.ws.send('40');
    }
  }

  private onAck(v: Viewer, data: Buffer): void {
    if (data.indexOf(OK) < 0) {
      v.settle?.(`subscribe refused: ${data.toString('utf8', 0, 300)}`);
      return;
    }
    // "snapshot" and "current" carry the head revision first; "patches" ends with it.
    v.lastRev = intAfter(data, REV, data.indexOf(PATCHES) >= 0);
    v.subscribed = true;
    v.settle?.(null);
  }

  private onPatch(v: Viewer, data: Buffer, t: number): void {
    const rev = intAfter(data, REV);
    if (this.recording) {
      this.messages++;
      const base = intAfter(data, BASE_REV);
      if (v.lastRev >= 0 && base !== v.lastRev) this.gaps++;
      let seen = this.arrivals.get(rev);
      if (!seen) {
        seen = new Float64Array(this.viewers.length).fill(NaN);
        this.arrivals.set(rev, seen);
        this.frames.set(rev, wsFrameBytes(data.length));
      }
      if (Number.isNaN(seen[v.index])) seen[v.index] = t;
    }
    if (rev > v.lastRev) v.lastRev = rev;
  }

  private connect(): Promise<string | null> {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.url, {
        perMessageDeflate: false,
        skipUTF8Validation: true,
        handshakeTimeout: CONNECT_TIMEOUT_MS,
      });
      const timer = setTimeout(() => {
        v.settle?.('timeout');
        ws.terminate();
      }, CONNECT_TIMEOUT_MS);
      const v: Viewer = {
        index: this.viewers.length,
        ws,
        lastRev: -1,
        subscribed: false,
        closed: false,
        settle: (error) => {
          v.settle = null;
          clearTimeout(timer);
          resolve(error);
        },
      };
      this.viewers.push(v);
      ws.on('message', (data: Buffer) => {
        this.onMessage(v, data);
      });
      ws.on('error', (error: Error & { code?: string }) => {
        v.settle?.(error.code ?? error.message);
      });
      ws.on('close', () => {
        v.closed = true;
        if (this.recording && v.subscribed) this.closedWhileRecording++;
        v.settle?.('closed before subscribing');
      });
    });
  }

  async grow(to: number): Promise<FromViewers> {
    const t0 = performance.now();
    const errors: Record<string, number> = {};
    let failed = 0;
    while (this.open < to && failed <= Math.max(10, to * 0.05)) {
      const n = Math.min(this.batch, to - this.open);
      const outcomes = await Promise.all(Array.from({ length: n }, () => this.connect()));
      for (const error of outcomes) {
        if (error === null) continue;
        failed++;
        errors[error] = (errors[error] ?? 0) + 1;
      }
    }
    // A failed attempt stays in the list as a closed viewer that is never scored.
    return { type: 'grown', open: this.open, failed, ms: performance.now() - t0, errors };
  }

  record(): void {
    this.arrivals = new Map();
    this.frames = new Map();
    this.gaps = 0;
    this.messages = 0;
    this.closedWhileRecording = 0;
    this.recording = true;
  }

  score(points: readonly RevTime[]): ViewerScore {
    this.recording = false;
    const histogram = new Histogram();
    const revs = [...this.arrivals.keys()].sort((a, b) => a - b);
    const columns = revs.map((r) => this.arrivals.get(r) as Float64Array);
    let missing = 0;
    let early = 0;
    const sorted = [...points].sort((a, b) => a.rev - b.rev);
    let from = 0;
    for (const point of sorted) {
      while (from < revs.length && (revs[from] as number) < point.rev) from++;
      for (const v of this.viewers) {
        if (!v.subscribed) continue;
        let arrival = NaN;
        for (let k = from; k < columns.length && Number.isNaN(arrival); k++) {
          const column = columns[k] as Float64Array;
          if (v.index < column.length) arrival = column[v.index] as number;
        }
        if (Number.isNaN(arrival)) {
          missing++;
          continue;
        }
        const ms = arrival - point.t;
        if (ms < 0) early++;
        histogram.add(Math.max(0, ms));
      }
    }
    return {
      histogram: histogram.pairs(),
      missing,
      early,
      gaps: this.gaps,
      messages: this.messages,
      frameBytes: revs.map((r) => this.frames.get(r) ?? 0),
      closed: this.closedWhileRecording,
    };
  }

  close(): void {
    for (const v of this.viewers) if (!v.closed) v.ws.terminate();
  }
}

function tell(message: FromViewers): Promise<void> {
  return tellParent(message, 'the viewer generator');
}

let generator: Generator | null = null;

async function handle(m: ToViewers): Promise<void> {
  switch (m.type) {
    case 'config':
      generator = new Generator(m.config);
      await tell({ type: 'ready' });
      return;
    case 'close':
      generator?.close();
      await tell({ type: 'closed' });
      process.disconnect();
      return;
  }
  if (!generator) throw new Error(`${m.type} before config`);
  switch (m.type) {
    case 'grow':
      await tell(await generator.grow(m.to));
      return;
    case 'record':
      generator.record();
      await tell({ type: 'recording' });
      return;
    case 'score':
      await tell({ type: 'scored', score: generator.score(m.points) });
      return;
  }
}

let chain = Promise.resolve();
process.on('message', (m: ToViewers) => {
  chain = chain
    .then(() => handle(m))
    .catch(async (error: unknown) => {
      await tell({
        type: 'failed',
        error: errorText(error),
      }).catch(() => undefined);
      process.exitCode = 1;
      generator?.close();
      if (process.connected) process.disconnect();
    });
});
process.on('disconnect', () => {
  // The parent is gone (or done): close the sockets so this process can end.
  generator?.close();
});
