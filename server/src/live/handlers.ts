/**
 * What a viewer's socket may ask: subscribe to a table (public rooms need no login; official
 * rooms need the organizer or the competition's chief judge), unsubscribe, and watch a
 * competition. Each request is validated like an HTTP body; a refusal answers its error body,
 * anything else `unavailable` (the client asks again later).
 */
import { parse as parseCookies } from 'hono/utils/cookie';
import type { Actor } from '../auth/actor.ts';
import { PUBLIC } from '../auth/actor.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { ErrorBody } from '../contract/errors.ts';
import {
  SubscribeRequest,
  UnsubscribeRequest,
  WatchRequest,
  type SubscribeReply,
  type WatchReply,
  UNAVAILABLE,
} from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { requireOfficial } from '../domain/access.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { parse, refuseNul } from '../errors/validate.ts';
import { requireVisible } from '../services/visibility.ts';
import { liveCompetition } from './summary.ts';
import { channelKey, roomOf, type ChannelKey } from './channel.ts';
import { competitionRoom, type LiveSocket } from './socket.ts';
import type { LiveTables } from './tables.ts';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

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

export interface HandlerDeps {
  readonly ctx: Ctx;
  readonly tables: LiveTables;
  /** Tables and competitions one connection may follow. */
  readonly maxFollowed: number;
}

/** Registers a new connection's handlers. */
export function handleConnection(
  socket: LiveSocket,
  { ctx, tables, maxFollowed }: HandlerDeps,
): void {
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
      const c = await tables.channel(key);
      // A public table shows a competition nobody published yet as hidden: refuse it outright.
      if (key.view === 'public' && c.hidden) {
        await requireVisible(ctx, await actorOf(ctx, socket.data.token), key.competitionId);
      }
      // A client ahead of this instance (it came from another one whose revisions have not
      // reached this one yet): read them now rather than send it back in time.
      if (req.rev !== undefined && req.rev > c.head.rev) {
        await tables.enqueue(channelKey(key), () => tables.fill(c));
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
      await requireVisible(ctx, await actorOf(ctx, socket.data.token), req.competitionId);
      const competition = await liveCompetition(ctx, req.competitionId);
      await socket.join(room);
      if (joining) socket.data.subscriptions++;
      reply({ ok: true, competition });
    } catch (error) {
      reply({ ok: false, error: errorBody(error) });
    }
  });
}
