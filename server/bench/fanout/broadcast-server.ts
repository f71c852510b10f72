/**
 * The server of the delivery-cost phase, run as a forked child (with --expose-gc) so that its CPU
 * and memory are its own: `socket.io` (a Socket.IO server built from LIVE_SERVER_OPTIONS, the
 * production options) or `ws` (a raw `ws` server, no per-message deflate) on the same path.
 * Both speak enough of the Socket.IO wire format for the same viewer generator: the open packet,
 * the namespace connect, the acknowledged `subscribe` (answered "current") and pings.
 *
 * A broadcast sends the same bytes either way, `42["patch",{…}]`, encoded once per broadcast:
 * Socket.IO through the live hub's own broadcast (src/live/broadcast.ts: the frame built once and
 * written to each viewer's socket; `BENCH_IO_EMIT=1` uses `io.to(room).emit` instead, Socket.IO's
 * stock broadcast); raw ws by turning the text into a Buffer once and calling `send` on each
 * client, as ws's own broadcast example does.
 *
 *   argv[2]: socket.io | ws
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { broadcastLocal } from '../../src/live/broadcast.ts';
import { LIVE_PATH, LIVE_SERVER_OPTIONS } from '../../src/live/options.ts';
import { tellParent, errorText } from '../child-ipc.ts';

const STOCK_EMIT = process.env['BENCH_IO_EMIT'] === '1';
import {
  epochMs,
  type BroadcastResult,
  type FromServer,
  type Memory,
  type RevTime,
  type ToServer,
} from './fanout-ipc.ts';

const ROOM = 'bench';
/** The stream's head: what a new subscriber is told it holds ("current"). */
const HEAD = { rev: 0, hash: '0'.repeat(64) };

interface Broadcaster {
  broadcast(patch: Readonly<Record<string, unknown>>): void;
  clients(): number;
  /** Clients with output not yet handed to the kernel, or whose last write has not called back. */
  pending(): number;
  /** Clients with a frame still held in this process (not yet written to the socket). */
  queued(): number;
  close(): Promise<void>;
}

/**
 * Engine.IO's side of a Socket.IO connection: packets wait in writeBuffer while the transport is
 * not writable (its previous frame's write has not called back yet).
 */
function engineOf(conn: unknown): {
  writeBuffer: readonly unknown[];
  transport: { writable: boolean; socket?: { bufferedAmount?: number } };
} {
  return conn as ReturnType<typeof engineOf>;
}

function socketIo(http: ReturnType<typeof createServer>): Broadcaster {
  const io = new IoServer(http, LIVE_SERVER_OPTIONS);
  io.on('connection', (socket) => {
    // As the live hub does (src/live/hub.ts): the handshake's HTTP request is not kept.
    (socket.conn as unknown as { request: unknown }).request = null;
    (socket.handshake as { headers: unknown }).headers = {};
    socket.on('subscribe', (_request: unknown, ack?: (reply: unknown) => void) => {
      void socket.join(ROOM);
      if (typeof ack === 'function') ack({ ok: true, sync: 'current', ...HEAD });
    });
  });
  return {
    broadcast(patch) {
      if (STOCK_EMIT) io.to(ROOM).emit('patch', patch);
      else broadcastLocal(io, ROOM, 'patch', patch);
    },
    clients: () => io.sockets.adapter.rooms.get(ROOM)?.size ?? 0,
    pending: () => {
      let n = 0;
      for (const socket of io.sockets.sockets.values()) {
        const c = engineOf(socket.conn);
        if (c.writeBuffer.length > 0 || !c.transport.writable) n++;
      }
      return n;
    },
    queued: () => {
      let n = 0;
      for (const socket of io.sockets.sockets.values()) {
        const c = engineOf(socket.conn);
        if (c.writeBuffer.length > 0 || (c.transport.socket?.bufferedAmount ?? 0) > 0) n++;
      }
      return n;
    },
    close: () =>
      new Promise((resolve) => {
        void io.close(() => {
          resolve();
        });
      }),
  };
}

function rawWs(http: ReturnType<typeof createServer>): Broadcaster {
  const wss = new WebSocketServer({
    server: http,
    path: LIVE_PATH,
    perMessageDeflate: false,
    maxPayload: LIVE_SERVER_OPTIONS.maxHttpBufferSize,
  });
  const room = new Set<WebSocket>();
  let sids = 0;
  const open = JSON.stringify({
    upgrades: [],
    pingInterval: LIVE_SERVER_OPTIONS.pingInterval,
    pingTimeout: LIVE_SERVER_OPTIONS.pingTimeout,
    maxPayload: LIVE_SERVER_OPTIONS.maxHttpBufferSize,
  });
  wss.on('connection', (ws) => {
    const sid = (++sids).toString(36).padStart(20, '0');
    ws.send(`0{"sid":"${sid}",${open.slice(1)}`);
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text === '3') return;
      if (text === '40') {
        ws.send(`40{"sid":"${sid}"}`);
        return;
      }
      const ack = /^42(\d+)\[/.exec(text);
      if (!ack?.[1]) return;
      const [name] = JSON.parse(text.slice(2 + ack[1].length)) as [unknown];
      if (name !== 'subscribe') return;
      room.add(ws);
      ws.send(`43${ack[1]}[${JSON.stringify({ ok: true, sync: 'current', ...HEAD })}]`);
    });
    ws.on('close', () => {
      room.delete(ws);
    });
  });
  // Engine.IO's heartbeat, one timer for all clients.
  const ping = setInterval(() => {
    for (const ws of wss.clients) ws.send('2');
  }, LIVE_SERVER_OPTIONS.pingInterval);
  ping.unref();
  return {
    broadcast(patch) {
      const frame = Buffer.from(`42${JSON.stringify(['patch', patch])}`);
      for (const ws of room) ws.send(frame, { binary: false });
    },
    clients: () => room.size,
    pending: () => {
      let n = 0;
      for (const ws of room) if (ws.bufferedAmount > 0) n++;
      return n;
    },
    queued: () => {
      let n = 0;
      for (const ws of room) if (ws.bufferedAmount > 0) n++;
      return n;
    },
    close: () =>
      new Promise((resolve) => {
        clearInterval(ping);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => {
          resolve();
        });
      }),
  };
}

function memory(clients: number): Memory {
  // Twice: the first collection can leave garbage that finalizers release.
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, clients };
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

async function broadcastPhase(
  b: Broadcaster,
  template: Readonly<Record<string, unknown>>,
  fromRev: number,
  count: number,
  rate: number,
): Promise<BroadcastResult> {
  const sends: RevTime[] = [];
  const emitMs: number[] = [];
  const queued: number[] = [];
  const clients = b.clients();
  const interval = 1000 / rate;
  const cpu0 = process.cpuUsage();
  const start = performance.now() + 5;
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const rev = fromRev + i;
    // Same keys in the same order as the template: only the revision numbers change.
    const patch = { ...template, rev, baseRev: rev - 1 };
    const t = epochMs();
    const e0 = performance.now();
    b.broadcast(patch);
    emitMs.push(performance.now() - e0);
    sends.push({ rev, t });
    queued.push(b.queued());
    HEAD.rev = rev;
  }
  // Writes that were held back or that the kernel did not take at once finish on later turns
  // of the loop: they count, so wait until every client's output is with the kernel.
  const drainBy = performance.now() + 10_000;
  await sleep(5);
  while (b.pending() > 0 && performance.now() < drainBy) await sleep(20);
  const cpu = process.cpuUsage(cpu0);
  const first = { ...template, rev: fromRev, baseRev: fromRev - 1 };
  return {
    sends,
    emitMs,
    queued,
    cpuUs: cpu.user + cpu.system,
    wallMs: performance.now() - start,
    deliveries: count * clients,
    payloadBytes: Buffer.byteLength(`42${JSON.stringify(['patch', first])}`),
  };
}

function tell(message: FromServer): Promise<void> {
  return tellParent(message, 'the broadcast server');
}

async function main(): Promise<void> {
  const kind: string | undefined = process.argv[2];
  if (kind !== 'socket.io' && kind !== 'ws') throw new Error(`unknown server kind ${String(kind)}`);
  const http = createServer();
  // Plenty of room in the accept queue for a batch of connections.
  await new Promise<void>((resolve) => {
    http.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve);
  });
  const b = kind === 'socket.io' ? socketIo(http) : rawWs(http);
  let chain = Promise.resolve();
  process.on('message', (m: ToServer) => {
    chain = chain
      .then(async () => {
        switch (m.type) {
          case 'memory':
            await tell({ type: 'memory', memory: memory(b.clients()) });
            break;
          case 'broadcast':
            await tell({
              type: 'broadcasted',
              result: await broadcastPhase(b, m.template, m.fromRev, m.count, m.rate),
            });
            break;
          case 'close':
            await b.close();
            http.closeAllConnections();
            http.close();
            await tell({ type: 'closed' });
            process.disconnect();
            break;
        }
      })
      .catch(async (error: unknown) => {
        await tell({
          type: 'failed',
          error: errorText(error),
        }).catch(() => undefined);
        process.exit(1);
      });
  });
  await tell({ type: 'listening', port: (http.address() as AddressInfo).port, live: kind });
}

// The bench is gone (done or killed): nothing more to serve.
process.on('disconnect', () => {
  process.exit(0);
});

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
