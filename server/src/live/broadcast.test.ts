/**
 * A broadcast written straight to the sockets arrives as Socket.IO's own emit would: every
 * frame length encoding, in order behind what the socket was sent before, and through emit for
 * a socket that is not a plain open websocket.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { broadcastLocal, textFrame } from './broadcast.ts';
import { LIVE_SERVER_OPTIONS } from './options.ts';

describe('broadcastLocal', () => {
  let http: HttpServer;
  let io: Server;
  let clients: Socket[];

  beforeEach(async () => {
    http = createServer();
    io = new Server(http, LIVE_SERVER_OPTIONS);
    io.on('connection', (s) => {
      void s.join('room');
      s.emit('hello', 'first');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    clients = [];
    for (let i = 0; i < 3; i++) {
      clients.push(connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] }));
    }
    await Promise.all(
      clients.map(
        (c) =>
          new Promise<void>((resolve) =>
            c.once('hello', () => {
              resolve();
            }),
          ),
      ),
    );
  });
  afterEach(async () => {
    for (const c of clients) c.disconnect();
    await new Promise<void>((resolve) => {
      void io.close(() => {
        resolve();
      });
    });
  });

  it('delivers payloads of every frame length in order, written straight to each socket', async () => {
    const sizes = [0, 100, 125, 126, 65_535, 65_536, 200_000];
    const got = clients.map(() => [] as number[]);
    clients.forEach((c, i) => c.on('patch', (p: { body: string }) => got[i]?.push(p.body.length)));
    for (const n of sizes) {
      const counted = broadcastLocal(io, 'room', 'patch', { body: 'x'.repeat(n) });
      expect(counted).toEqual({ direct: 3, emitted: 0 });
    }
    await expect.poll(() => got.map((g) => g.length), { timeout: 5000 }).toEqual([7, 7, 7]);
    for (const g of got) expect(g).toEqual(sizes);
  });

  it('builds the frame header for each length', () => {
    expect([...textFrame('ab').subarray(0, 2)]).toEqual([0x81, 2]);
    expect([...textFrame('a'.repeat(126)).subarray(0, 4)]).toEqual([0x81, 126, 0, 126]);
    const big = textFrame('a'.repeat(70_000));
    expect(big[1]).toBe(127);
    expect(Number(big.readBigUInt64BE(2))).toBe(70_000);
    expect(big.length).toBe(70_010);
  });

  it('keeps an emit queued ahead of it first, and uses emit for a socket with packets waiting', async () => {
    const seen: string[] = [];
    clients[0]?.on('patch', (p: { n: string }) => seen.push(p.n));
    const server = [...io.of('/').sockets.values()];
    // A packet waiting in Engine.IO's buffer: the direct write must not overtake it.
    for (const s of server) {
      (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.push({
        type: 'message',
        data: `2${JSON.stringify(['patch', { n: 'queued' }])}`,
        options: {},
      });
    }
    const counted = broadcastLocal(io, 'room', 'patch', { n: 'after' });
    expect(counted).toEqual({ direct: 0, emitted: 3 });
    for (const s of server) (s.conn as unknown as { flush(): void }).flush();
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(['queued', 'after']);
  });
});
