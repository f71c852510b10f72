/**
 * The live endpoint: Socket.IO on the API's HTTP server. Viewers subscribe to tables (public
 * rooms need no login; official rooms need the organizer or the competition's chief judge) and
 * watch competitions. Every stored revision reaches every instance: the instance that stored it
 * passes it to the others through the Socket.IO adapter (Postgres LISTEN/NOTIFY, or Redis when
 * REDIS_URL is set) after its transaction committed; each instance applies it to the table it
 * holds in memory and broadcasts it to its own subscribers, encoded and framed once
 * (broadcast.ts). A client that missed anything asks again with the revision it holds; the
 * stored revisions, not the adapter, are what makes that exact, and an instance whose fan-out was
 * away reads back what it missed (fanout.ts).
 *
 * Socket.IO is attached to the HTTP server only once the fan-out listens and every handler is
 * registered: a connection accepted before that would never be answered.
 */
import type { Server as HttpServer } from 'node:http';
import { parse as parseCookies } from 'hono/utils/cookie';
import { Server as IoServer, type Socket } from 'socket.io';
import type { Actor } from '../auth/actor.ts';
import { PUBLIC } from '../auth/actor.ts';
import type { ErrorBody } from '../contract/errors.ts';
import {
  SubscribeRequest,
  UnsubscribeRequest,
  WatchRequest,
  type ClientToServerEvents,
  type LivePatch,
  type ServerToClientEvents,
  type SubscribeReply,
  type WatchReply,
  UNAVAILABLE,
} from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { parse, refuseNul } from '../errors/validate.ts';
import type { Server } from '../server.ts';
import { requireOfficial } from '../domain/access.ts';
import type { PublishedPatch } from '../standings/publisher.ts';
import { overallScope } from '../contract/live.ts';
import { broadcastLocal } from './broadcast.ts';
import { Channel, channelKey, roomOf, type ChannelKey } from './channel.ts';
import { openFanout, type FanoutKind } from './fanout.ts';
import { LIVE_SERVER_OPTIONS } from './options.ts';
import { liveCompetition } from './summary.ts';

interface InterServerEvents {
  revision: (patch: LivePatch) => void;
  competition: (competitionId: string) => void;
}

interface SocketData {
  /** A session token from the handshake (auth.token, or the session cookie of a same-origin page). */
  token: string | null;
  subscriptions: number;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type Io = IoServer<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface LiveOptions {
  /** Fan out through Redis pub/sub instead of Postgres. */
  readonly redisUrl?: string | undefined;
  /** Tables and competitions one connection may follow (default 32). */
  readonly maxFollowed?: number;
}

export interface LiveHub {
  readonly io: Io;
  /** Which fan-out joins this instance to the others. */
  readonly adapter: FanoutKind;
  /** Tables held in memory. */
  channelCount(): number;
  close(): Promise<void>;
}

/** Tables and competitions one socket may follow (a big screen shows a few; a page one or two). */
const MAX_SUBSCRIPTIONS = 32;
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const COMPETITION_ROOM = 'c:';
const competitionRoom = (id: string): string => `${COMPETITION_ROOM}${id}`;

/**
 * A refusal, or (anything else: the database away, a bug) `unavailable`, which the live client
 * asks again later rather than show as the table's error.
 */
function errorBody(error: unknown): ErrorBody {
  if (error instanceof ServiceError) return error.toBody() as ErrorBody;
  console.error('live request failed:', error);
  return { code: UNAVAILABLE, message: 'the request could not be answered now', details: [] };
}

/** The handshake's credentials: a bearer token, or the cookie of a page on this same origin. */
function tokenOf(socket: LiveSocket): string | null {
  const auth: unknown = socket.handshake.auth;
  const given =
    typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  if (typeof given === 'string' && TOKEN.test(given)) return given;
  const headers = socket.handshake.headers;
  const cookie = headers.cookie;
  if (typeof cookie !== 'string') return null;
  // A page of another site must not act with this site's cookie.
  const origin = headers.origin;
  if (typeof origin === 'string' && new URL(origin).host !== headers.host) return null;
  const value = parseCookies(cookie, SESSION_COOKIE)[SESSION_COOKIE];
  return value !== undefined && TOKEN.test(value) ? value : null;
}

/** Refuses a socket that holds as many tables and watches as one may. */
function roomsLeft(socket: LiveSocket, max: number): void {
  if (socket.data.subscriptions < max) return;
  throw new ServiceError('invalid_input', 'too many tables on one connection', {
    details: [detail('subscribe', 'too_many', `at most ${max} tables per connection`)],
  });
}

async function actorOf(ctx: Ctx, token: string | null): Promise<Actor> {
  if (token === null) return PUBLIC;
  const session = await ctx.sessions.resolve(token);
  return session ? { kind: 'user', user: session.user, via: 'bearer' } : PUBLIC;
}

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

  const channels = new Map<string, Channel>();
  const loading = new Map<string, Promise<Channel>>();
  /** Per channel, the work that applies its patches, one after another. */
  const queues = new Map<string, Promise<void>>();

  async function tableName(key: ChannelKey): Promise<string> {
    const { definition } = await ctx.catalog.current(key.competitionId);
    const overall = key.scope.startsWith('overall:')
      ? definition.overall.find((o) => overallScope(o.id) === key.scope)
      : undefined;
    const event = definition.events.find((e) => e.id === key.scope);
    const name = overall?.name ?? event?.name;
    if (name === undefined) throw notFound(`table "${key.scope}"`, 'subscribe.scope');
    return name;
  }

  function channel(key: ChannelKey): Promise<Channel> {
    const k = channelKey(key);
    const held = channels.get(k);
    if (held) return Promise.resolve(held);
    let pending = loading.get(k);
    if (!pending) {
      pending = (async () => {
        const c = new Channel(key);
        await c.load(ctx.db, await tableName(key));
        channels.set(k, c);
        return c;
      })().finally(() => loading.delete(k));
      loading.set(k, pending);
    }
    return pending;
  }

  /** Runs `work` on a table after the work queued before it: patches apply in order. */
  function enqueue(k: string, work: () => Promise<void>): Promise<void> {
    const next = (queues.get(k) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      console.error('live delivery failed:', error);
    });
    queues.set(k, next);
    void next.finally(() => {
      if (queues.get(k) === next) queues.delete(k);
    });
    return next;
  }

  /** Applies the stored revisions after the table's head (up to `to`), sending each on. */
  async function fill(c: Channel, to?: number): Promise<void> {
    for (const missing of await c.stored(ctx.db, c.head.rev, to ?? 2 ** 31 - 1)) {
      if (c.apply(missing) === 'applied') broadcastLocal(io, roomOf(missing), 'patch', missing);
    }
  }

  /** Applies a patch to the table this instance holds and sends it to its subscribers. */
  function deliver(patch: LivePatch): void {
    const k = channelKey(patch);
    if (!channels.has(k)) return; // nobody here watches this table
    void enqueue(k, async () => {
      const c = channels.get(k);
      if (!c) return;
      let outcome = c.apply(patch);
      if (outcome === 'gap') {
        // Another instance's revisions came later than this one: read them first.
        await fill(c, patch.baseRev);
        outcome = c.apply(patch);
        if (outcome === 'gap') {
          await c.load(ctx.db, await tableName(patch));
          return;
        }
      }
      if (outcome === 'applied') broadcastLocal(io, roomOf(patch), 'patch', patch);
    });
  }

  async function announce(competitionId: string): Promise<void> {
    if ((io.of('/').adapter.rooms.get(competitionRoom(competitionId))?.size ?? 0) === 0) return;
    broadcastLocal(
      io,
      competitionRoom(competitionId),
      'competition',
      await liveCompetition(ctx, competitionId),
    );
  }

  /**
   * After the fan-out was away (its connection lost, then back): what the others stored meanwhile
   * never arrives, so every table held reads its revisions back from the database, and every
   * watched competition is announced again.
   */
  function readBack(): void {
    for (const [k, c] of channels) void enqueue(k, () => fill(c));
    for (const room of io.of('/').adapter.rooms.keys()) {
      if (!room.startsWith(COMPETITION_ROOM)) continue;
      void announce(room.slice(COMPETITION_ROOM.length)).catch((error: unknown) => {
        console.error('live announcement failed:', error);
      });
    }
  }

  const fanout = openFanout({
    databaseUrl: ctx.database.url,
    databaseLocation: ctx.database.location,
    redisUrl: options.redisUrl,
    onJoin: readBack,
  });
  if (fanout.adapter) io.adapter(fanout.adapter);
  try {
    await fanout.listening();
  } catch (error) {
    await io.of('/').adapter.close();
    await fanout.close();
    throw error;
  }
  const clustered = fanout.kind !== 'memory';

  const onRevision = (revision: PublishedPatch): void => {
    if (clustered) io.serverSideEmit('revision', revision);
    deliver(revision);
  };
  const onCompetition = (competitionId: string): void => {
    if (clustered) io.serverSideEmit('competition', competitionId);
    void announce(competitionId).catch((error: unknown) => {
      console.error('live announcement failed:', error);
    });
  };
  server.listeners.revision.add(onRevision);
  server.listeners.competitionChanged.add(onCompetition);
  io.on('revision', deliver);
  io.on('competition', (id) => {
    void announce(id).catch((error: unknown) => {
      console.error('live announcement failed:', error);
    });
  });

  // Every minute: drop the tables nobody here watches any more; the others read back anything
  // stored that never arrived (a NOTIFY or publish lost on its way while the fan-out stayed up).
  const sweep = setInterval(() => {
    for (const [k, c] of channels) {
      if (queues.has(k)) continue;
      if ((io.of('/').adapter.rooms.get(roomOf(c.key))?.size ?? 0) === 0) channels.delete(k);
      else if (clustered) void enqueue(k, () => fill(c));
    }
  }, 60_000);
  sweep.unref();

  io.on('connection', (socket: LiveSocket) => {
    socket.data.token = tokenOf(socket);
    socket.data.subscriptions = 0;
    // The HTTP request of the handshake is not needed again: let it go (memory per viewer).
    (socket.conn as unknown as { request: unknown }).request = null;
    (socket.handshake as { headers: unknown }).headers = {};

    socket.on('subscribe', async (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (r: SubscribeReply) => void;
      try {
        refuseNul(raw, 'subscribe');
        const req = parse(SubscribeRequest, raw, 'subscribe');
        const key: ChannelKey = {
          competitionId: req.competitionId,
          scope: req.scope,
          view: req.view,
        };
        if (key.view === 'official') {
          requireOfficial(await actorOf(ctx, socket.data.token), key.competitionId);
        }
        const room = roomOf(key);
        const joining = !socket.rooms.has(room);
        if (joining) roomsLeft(socket, maxFollowed);
        const c = await channel(key);
        // A client ahead of this instance (it came from another one whose revisions have not
        // reached this one yet): read them now rather than send it back in time.
        if (req.rev !== undefined && req.rev > c.head.rev) {
          await enqueue(channelKey(key), () => fill(c));
        }
        // Joined before the answer is read: a patch stored meanwhile arrives (again) after it.
        await socket.join(room);
        if (joining) socket.data.subscriptions++;
        reply(await c.catchUp(ctx.db, req.rev, req.hash));
      } catch (error) {
        reply({ ok: false, error: errorBody(error) });
      }
    });

    socket.on('unsubscribe', async (raw: unknown, ack: unknown) => {
      const reply =
        typeof ack === 'function' ? (ack as (r: { ok: boolean }) => void) : () => undefined;
      const req = UnsubscribeRequest.safeParse(raw);
      if (!req.success) {
        reply({ ok: false });
        return;
      }
      const room = roomOf(req.data);
      if (socket.rooms.has(room)) {
        socket.data.subscriptions--;
        await socket.leave(room);
      }
      reply({ ok: true });
    });

    socket.on('watch', async (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (r: WatchReply) => void;
      try {
        refuseNul(raw, 'watch');
        const req = parse(WatchRequest, raw, 'watch');
        const room = competitionRoom(req.competitionId);
        const joining = !socket.rooms.has(room);
        if (joining) roomsLeft(socket, maxFollowed);
        const competition = await liveCompetition(ctx, req.competitionId);
        await socket.join(room);
        if (joining) socket.data.subscriptions++;
        reply({ ok: true, competition });
      } catch (error) {
        reply({ ok: false, error: errorBody(error) });
      }
    });
  });

  // Only now may connections come: one accepted earlier would have had no handler to answer it
  // (for its whole life), or been served before this instance heard of the others' revisions.
  io.attach(http);

  return {
    io,
    adapter: fanout.kind,
    channelCount: () => channels.size,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        server.listeners.revision.delete(onRevision);
        server.listeners.competitionChanged.delete(onCompetition);
        // Take no new connections first: a viewer reconnecting meanwhile would hold the close.
        const stopped = new Promise<void>((resolve) => {
          http.close(() => {
            resolve();
          });
        });
        // Transports close as in a crash, so clients reconnect (here after a restart, or to
        // another instance). Not io.close(): it closes the HTTP server again, and waits forever
        // for a close that has already happened when there were no connections.
        io.engine.close();
        await io.of('/').adapter.close();
        await stopped;
        await Promise.allSettled([...queues.values()]);
        await fanout.close();
      })();
      return closing;
    },
  };
}
