/**
 * The live endpoint as k6 speaks it: a raw websocket in the Socket.IO v4 wire format, following
 * one table (and, for the chief console, watching its competition). Shared by the viewer, board
 * and chief console scenarios so each speaks the protocol the same way the web client does.
 *
 * The wire: `GET /socket.io/?EIO=4&transport=websocket`; the server's open packet `0{…}`; `40`
 * (or `40{"token":…}` to sign in) joins the default namespace and the server answers `40{…}`;
 * `42<id>["subscribe",{competitionId,scope,view,rev?,hash?}]` is answered `43<id>[{ok,sync,…}]`
 * (sync "snapshot", "patches" or "current": only what is newer than the rev/hash sent);
 * `42<id>["watch",{competitionId}]` likewise; then `42["patch",{rev,baseRev,…,at}]` after every
 * committed change and `42["competition",{…}]` after a competition's change; the server's ping
 * `2` is answered with `3`. A patch whose baseRev is not the revision held is a gap: subscribe
 * again with the revision (and hash) held.
 */
import ws from 'k6/ws';

/** What the client holds of the table: the revision and its hash (-1: nothing yet). */
export interface Held {
  rev: number;
  hash: string | undefined;
}

export interface PatchMessage {
  readonly rev: number;
  readonly baseRev: number;
  readonly hash: string;
  readonly at: string;
}

export type SubscribeReply =
  | {
      readonly ok: true;
      readonly sync: 'snapshot';
      readonly snapshot: { readonly rev: number; readonly hash: string };
    }
  | { readonly ok: true; readonly sync: 'patches'; readonly patches: readonly PatchMessage[] }
  | { readonly ok: true; readonly sync: 'current'; readonly rev: number; readonly hash: string }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export interface Follow {
  readonly baseUrl: string;
  readonly competitionId: string;
  readonly scope: string;
  readonly view: 'public' | 'official';
  /** A session token: sent in the namespace join (`40{"token":…}`), as socket.io-client's auth. */
  readonly token?: string;
  /** Also watch the competition (the chief console does). */
  readonly watch?: boolean;
  /** What the client holds already (from the HTTP snapshot), or nothing. */
  readonly held: Held;
  readonly seconds: number;
  onAnswer?(reply: SubscribeReply, bytes: number, first: boolean): void;
  onPatch?(patch: PatchMessage, bytes: number): void;
  onGap?(): void;
  onRefused?(reason: string): void;
  onCompetition?(): void;
}

/** UTF-8 bytes of a string (k6 hands messages over as strings; names are often not ASCII). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return n;
}

/** The revision and hash a subscribe answer leaves the client holding. */
export function heldAfter(reply: SubscribeReply, held: Held): Held {
  if (!reply.ok) return held;
  if (reply.sync === 'snapshot') return { rev: reply.snapshot.rev, hash: reply.snapshot.hash };
  if (reply.sync === 'current') return { rev: reply.rev, hash: reply.hash };
  const last = reply.patches[reply.patches.length - 1];
  return last ? { rev: last.rev, hash: last.hash } : held;
}

/** Follows the table for `seconds`; returns the upgrade's status and whether it was answered. */
export function follow(f: Follow): { status: number; answered: boolean } {
  const url = `${f.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const held: Held = { ...f.held };
  let nextAck = 0;
  /** Ack ids of subscribe requests still unanswered. */
  const asked = new Set<number>();
  let watchId = -1;
  let answered = false;

  const res = ws.connect(url, null, (socket) => {
    const subscribe = (): void => {
      const id = nextAck++;
      asked.add(id);
      const request: Record<string, unknown> = {
        competitionId: f.competitionId,
        scope: f.scope,
        view: f.view,
      };
      if (held.rev >= 0) {
        request['rev'] = held.rev;
        if (held.hash !== undefined) request['hash'] = held.hash;
      }
      socket.send(`42${id}${JSON.stringify(['subscribe', request])}`);
    };

    socket.on('message', (data: string) => {
      if (data === '2') {
        socket.send('3'); // Engine.IO ping → pong
      } else if (data.startsWith('0')) {
        // Engine.IO open → join the default namespace (signed in when there is a token).
        socket.send(f.token === undefined ? '40' : `40${JSON.stringify({ token: f.token })}`);
      } else if (data.startsWith('40')) {
        subscribe();
        if (f.watch === true) {
          watchId = nextAck++;
          socket.send(
            `42${watchId}${JSON.stringify(['watch', { competitionId: f.competitionId }])}`,
          );
        }
      } else if (data.startsWith('44')) {
        f.onRefused?.('connect_error');
        socket.close();
      } else if (data.startsWith('43')) {
        // 43<id>[reply]: the answer to a subscribe (or the watch).
        const bracket = data.indexOf('[');
        const id = Number(data.slice(2, bracket));
        if (id === watchId) return;
        if (!asked.delete(id)) return;
        const [reply] = JSON.parse(data.slice(bracket)) as [SubscribeReply];
        f.onAnswer?.(reply, utf8Bytes(data), !answered);
        answered = true;
        if (!reply.ok) {
          f.onRefused?.(reply.error.code);
          socket.close();
          return;
        }
        Object.assign(held, heldAfter(reply, held));
      } else if (data.startsWith('42[')) {
        const [name, message] = JSON.parse(data.slice(2)) as [string, PatchMessage];
        if (name === 'competition') f.onCompetition?.();
        if (name !== 'patch') return;
        f.onPatch?.(message, utf8Bytes(data));
        if (message.rev <= held.rev || held.rev < 0) return; // already held, or before the answer
        if (message.baseRev !== held.rev) {
          // A revision is missing: ask for what came after the one held.
          f.onGap?.();
          if (asked.size === 0) subscribe();
          return;
        }
        held.rev = message.rev;
        held.hash = message.hash;
      }
    });
    socket.setTimeout(() => {
      socket.close();
    }, f.seconds * 1000);
  });
  return { status: res.status, answered };
}
