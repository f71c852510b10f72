/**
 * The live endpoint's Socket.IO types (events between instances, what a socket carries) and the
 * competition rooms, shared by the hub (hub.ts), the tables it holds (tables.ts) and the socket
 * handlers (handlers.ts).
 */
import type { Server as IoServer, Socket } from 'socket.io';
import type { ClientToServerEvents, LivePatch, ServerToClientEvents } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { broadcastLocal } from './broadcast.ts';
import { liveCompetition } from './summary.ts';

export interface InterServerEvents {
  revision: (patch: LivePatch) => void;
  competition: (competitionId: string) => void;
}

export interface SocketData {
  /** A session token from the handshake (auth.token, or the session cookie of a same-origin page). */
  token: string | null;
  subscriptions: number;
}

export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type Io = IoServer<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

const COMPETITION_ROOM = 'c:';
export const competitionRoom = (id: string): string => `${COMPETITION_ROOM}${id}`;

/** The competitions watched on this instance (by the rooms it holds). */
export function watchedCompetitions(io: Io): string[] {
  return [...io.of('/').adapter.rooms.keys()]
    .filter((room) => room.startsWith(COMPETITION_ROOM))
    .map((room) => room.slice(COMPETITION_ROOM.length));
}

/** Sends a competition's summary to those here who watch it (nobody: nothing is read). */
export async function announce(io: Io, ctx: Ctx, competitionId: string): Promise<void> {
  if ((io.of('/').adapter.rooms.get(competitionRoom(competitionId))?.size ?? 0) === 0) return;
  broadcastLocal(
    io,
    competitionRoom(competitionId),
    'competition',
    await liveCompetition(ctx, competitionId),
  );
}

/** announce, its failure logged (it runs on its own, answering nobody). */
export function announceLater(io: Io, ctx: Ctx, competitionId: string): void {
  void announce(io, ctx, competitionId).catch((error: unknown) => {
    console.error('live announcement failed:', error);
  });
}
