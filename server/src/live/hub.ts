/**
 * The live endpoint: Socket.IO on the API's HTTP server. Viewers subscribe to tables (public
 * rooms need no login; official rooms need the organizer or the competition's chief judge) and
 * watch competitions. Every stored revision reaches every instance: the instance that stored it
 * passes it to the others through the Socket.IO adapter (Postgres LISTEN/NOTIFY, or Redis when
 * REDIS_URL is set) after its transaction committed; each instance applies it to the table it
 * holds in memory and broadcasts it to its own subscribers, encoded and framed once
 * (broadcast.ts). A client that missed anything asks again with the revision it holds; the
 * stored revisions, not the adapter, are what makes that exact, and an instance whose fan-out was
 * away reads back what it missed (fanout.ts). A public table's current snapshot is also served
 * over HTTP from the same tables (routes/live-snapshot.ts), for pages that fetch it with their scripts.
 *
 * Socket.IO is attached to the HTTP server only once the fan-out listens and every handler is
 * registered: a connection accepted before that would never be answered. With a live process
 * (live-process/) the API process's hub attaches to nothing: the live process, one more instance
 * of this same hub, takes the websockets, and the hub here serves the HTTP snapshot and passes
 * this process's revisions on.
 */

import type { Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import { PUBLIC } from '../auth/actor.ts';
import type { LivePatch } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import type { SnapshotSource } from '../routes/live-snapshot.ts';
import { requireVisible } from '../services/visibility.ts';
import type { Server } from '../server.ts';
import type { PublishedPatch } from '../standings/publisher.ts';
import { openFanout, type Fanout, type FanoutKind } from './fanout.ts';
import { handleConnection } from './handlers.ts';
import { LIVE_SERVER_OPTIONS } from './options.ts';
import { announceLater, watchedCompetitions, type Io, type LiveSocket } from './socket.ts';
import { LiveTables } from './tables.ts';

export interface LiveOptions {
  /** Fan out through Redis pub/sub instead of Postgres. */
  readonly redisUrl?: string | undefined;
  /** Tables and competitions one connection may follow (default 32). */
  readonly maxFollowed?: number;
  /**
   * Whether Socket.IO takes this HTTP server's websockets (default true). False when a live
   * process takes them (live-process/): the hub here then holds tables only for the HTTP
   * snapshot and passes this process's revisions on to the other instances.
   */
  readonly takeConnections?: boolean;
}

export interface LiveHub {
  readonly io: Io;
  /** Which fan-out joins this instance to the others. */
  readonly adapter: FanoutKind;
  /** Tables held in memory. */
  channelCount(): number;
  /**
   * A revision another instance stored, handed over directly rather than through the fan-out
   * (the live process hears the API process's so, ahead of the adapter's copy, which then finds
   * it applied). Applied and broadcast like one from the fan-out.
   */
  deliver(patch: LivePatch): void;
  close(): Promise<void>;
}

/** Tables and competitions one socket may follow (a big screen shows a few; a page one or two). */
const MAX_SUBSCRIPTIONS = 32;

/**
 * The fan-out joining this instance to the others, listening. After it was away (its connection
 * lost, then back) what the others stored meanwhile never arrives, so every table held reads its
 * revisions back from the database, and every watched competition is announced again.
 */
async function joinedFanout(
  io: Io,
  ctx: Ctx,
  tables: LiveTables,
  redisUrl: string | undefined,
): Promise<Fanout> {
  const fanout = openFanout({
    databaseUrl: ctx.database.url,
    databaseLocation: ctx.database.location,
    redisUrl,
    onJoin: () => {
      tables.readBack();
      for (const id of watchedCompetitions(io)) announceLater(io, ctx, id);
    },
  });
  if (fanout.adapter) io.adapter(fanout.adapter);
  try {
    await fanout.listening();
  } catch (error) {
    await io.of('/').adapter.close();
    await fanout.close();
    throw error;
  }
  return fanout;
}

/**
 * Revisions and competition changes, from this instance's publisher and from the others, to the
 * tables and watchers held here. Answers how to stop.
 */
function relay(server: Server, io: Io, tables: LiveTables, clustered: boolean): () => void {
  const { ctx } = server;
  const onRevision = (revision: PublishedPatch): void => {
    if (clustered) io.serverSideEmit('revision', revision);
    tables.deliver(revision);
  };
  const onCompetition = (competitionId: string): void => {
    if (clustered) io.serverSideEmit('competition', competitionId);
    announceLater(io, ctx, competitionId);
  };
  server.listeners.revision.add(onRevision);
  server.listeners.competitionChanged.add(onCompetition);
  io.on('revision', (patch) => {
    tables.deliver(patch);
  });
  io.on('competition', (id) => {
    announceLater(io, ctx, id);
  });
  return () => {
    server.listeners.revision.delete(onRevision);
    server.listeners.competitionChanged.delete(onCompetition);
  };
}

/**
 * The public snapshot over HTTP, from the same tables the sockets are answered from, refused as a
 * public subscribe is: a competition nobody published yet is not found.
 */
function snapshotSource(ctx: Ctx, tables: LiveTables): SnapshotSource {
  return {
    publicSnapshot: async (competitionId, scope) => {
      const channel = await tables.channel({ competitionId, scope, view: 'public' });
      if (channel.hidden) await requireVisible(ctx, PUBLIC, competitionId);
      return channel.snapshot();
    },
  };
}

/**
 * The composition: the Socket.IO server, the fan-out between instances (fanout.ts), the tables
 * held here (tables.ts) and the socket handlers (handlers.ts).
 */
export async function attachLive(
  server: Server,
  http: HttpServer,
  options: LiveOptions = {},
): Promise<LiveHub> {
  const { ctx } = server;
  // Attached to the HTTP server last (see the end), once it can answer every connection.
  const io: Io = new IoServer(LIVE_SERVER_OPTIONS);
  const maxFollowed = options.maxFollowed ?? MAX_SUBSCRIPTIONS;
  let closing: Promise<void> | undefined;
  const tables = new LiveTables(ctx, io);

  const fanout = await joinedFanout(io, ctx, tables, options.redisUrl);
  const clustered = fanout.kind !== 'memory';
  const detach = relay(server, io, tables, clustered);

  // Every minute: drop the tables nobody here watches any more; the others read back anything
  // stored that never arrived (a NOTIFY or publish lost on its way while the fan-out stayed up).
  const sweep = setInterval(() => {
    tables.sweep(clustered);
  }, 60_000);
  sweep.unref();

  const source = snapshotSource(ctx, tables);
  server.snapshots.source = source;

  io.on('connection', (socket: LiveSocket) => {
    handleConnection(socket, { ctx, tables, maxFollowed });
  });

  // Only now may connections come: one accepted earlier would have had no handler to answer it
  // (for its whole life), or been served before this instance heard of the others' revisions.
  const takeConnections = options.takeConnections ?? true;
  if (takeConnections) io.attach(http);

  return {
    io,
    adapter: fanout.kind,
    channelCount: () => tables.size,
    deliver: (patch) => {
      tables.deliver(patch);
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        if (server.snapshots.source === source) server.snapshots.source = null;
        detach();
        // Take no new connections first: a viewer reconnecting meanwhile would hold the close.
        const stopped = new Promise<void>((resolve) => {
          http.close(() => {
            resolve();
          });
        });
        // Transports close as in a crash, so clients reconnect (here after a restart, or to
        // another instance). Not io.close(): it closes the HTTP server again, and waits forever
        // for a close that has already happened when there were no connections.
        if (takeConnections) io.engine.close();
        await io.of('/').adapter.close();
        await stopped;
        await tables.settled();
        await fanout.close();
      })();
      return closing;
    },
  };
}
