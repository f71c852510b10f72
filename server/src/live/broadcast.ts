/**
 * One event to every socket of a room on this instance, at the cost of a raw websocket write.
 *
 * `io.to(room).emit()` encodes once, but then walks Engine.IO's per-socket packet machinery for
 * every viewer (a packet object, a write buffer, flush and drain events): about half again the
 * CPU of the write itself, which is what ten thousand viewers wait on. Here the websocket frame
 * (Engine.IO message "4", Socket.IO event "2", the JSON) is built once per broadcast and written
 * straight to each viewer's TCP socket, behind whatever that socket already queued, so the order
 * of everything it is sent is kept. A socket that is not an open websocket with an empty
 * Engine.IO buffer (upgrading, closing, a packet waiting) gets the ordinary emit instead.
 */
import type { Server } from 'socket.io';

/** The Engine.IO and ws internals this relies on (engine.io 6, ws 8; pinned by the live tests). */
interface EngineSocket {
  readonly readyState: string;
  readonly upgrading: boolean;
  readonly writeBuffer: readonly unknown[];
  readonly transport: {
    readonly name: string;
    readonly socket?: {
      readonly _socket?: { readonly writable: boolean; write(b: Buffer): boolean };
    };
  };
}

/** An unmasked, final text frame holding `payload`. */
export function textFrame(payload: string): Buffer {
  const data = Buffer.from(payload);
  const n = data.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81;
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  data.copy(frame, head);
  return frame;
}

/** The frame of a Socket.IO event on the main namespace. */
export function eventFrame(event: string, payload: unknown): Buffer {
  return textFrame(`42${JSON.stringify([event, payload])}`);
}

export interface BroadcastCount {
  /** Written straight to the socket. */
  readonly direct: number;
  /** Sent through Socket.IO's emit. */
  readonly emitted: number;
}

export function broadcastLocal(
  io: Server,
  room: string,
  event: string,
  payload: unknown,
): BroadcastCount {
  const nsp = io.of('/');
  const ids = nsp.adapter.rooms.get(room);
  let direct = 0;
  let emitted = 0;
  if (!ids) return { direct, emitted };
  let frame: Buffer | null = null;
  for (const id of ids) {
    const socket = nsp.sockets.get(id);
    if (!socket) continue;
    const conn = socket.conn as unknown as EngineSocket;
    const raw = conn.transport.socket?._socket;
    if (
      conn.readyState === 'open' &&
      !conn.upgrading &&
      conn.writeBuffer.length === 0 &&
      conn.transport.name === 'websocket' &&
      raw?.writable === true
    ) {
      frame ??= eventFrame(event, payload);
      raw.write(frame);
      direct++;
    } else {
      socket.emit(event, payload);
      emitted++;
    }
  }
  return { direct, emitted };
}
