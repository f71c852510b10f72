/**
 * Viewers following an event's live standings (DESIGN §8, fan-out): each VU is one public viewer
 * on a raw websocket speaking the Socket.IO v4 wire format (see the performance notes and
 * server/src/contract/live.ts). Use k6 for a sample of viewers beside the judges' writes; the mass
 * of viewers comes from the Node generator of `npm run bench:fanout` (server/bench/fanout/).
 *
 *   k6 run load-tests/viewers.ts -e BASE_URL=http://127.0.0.1:3000 -e COMPETITION=ev-bench \
 *     -e EVENT=battery -e VIEWERS=200 -e DURATION=60
 *
 * Environment:
 *   BASE_URL      the server (default http://127.0.0.1:3000)
 *   COMPETITION   the competition id (default ev-bench: what the server benches seed)
 *   EVENT         the event whose public table the viewers follow (default battery)
 *   VIEWERS       viewers (VUs, default 100), DURATION seconds each stays connected (default 60)
 *
 * The wire: `GET /socket.io/?EIO=4&transport=websocket`; the server's open packet `0{…}`; `40`
 * joins the default namespace and the server answers `40{…}`; the viewer sends
 * `42<id>["subscribe",{competitionId,scope,view:"public"}]` and the answer comes back as
 * `43<id>[{ok,sync:"snapshot"|"patches"|"current",…}]`; then every committed change arrives as
 * `42["patch",{rev,baseRev,rows,…,at}]`; the server's ping `2` is answered with `3`.
 *
 * Each viewer checks the stream: a patch applies when its baseRev is the revision the viewer
 * holds; a patch from further ahead is a gap, and the viewer subscribes again with the revision
 * (and hash) it holds, as the web client does. It measures the time to the first answer, the
 * patches' sizes on the wire (payload bytes) and their age on arrival (now − the patch's `at`,
 * meaningful when k6 runs on the server's machine or with synchronized clocks).
 */
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import type { Options, Scenario } from 'k6/options';
import ws from 'k6/ws';

const BASE_URL = (__ENV['BASE_URL'] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const COMPETITION = __ENV['COMPETITION'] ?? 'ev-bench';
const EVENT = __ENV['EVENT'] ?? 'battery';
const VIEWERS = Number(__ENV['VIEWERS'] ?? '100');
const DURATION = Number(__ENV['DURATION'] ?? '60');

// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- @types/k6 declares BaseScenario as a class, but k6 scenarios are plain objects
const viewers: Scenario = {
  executor: 'per-vu-iterations',
  vus: VIEWERS,
  iterations: 1,
  maxDuration: `${DURATION + 30}s`,
};

export const options: Options = {
  scenarios: { viewers },
  thresholds: {
    standings_first_answer_ms: ['p(95)<1000'],
    standings_subscribe_refused: ['count==0'],
    standings_gaps: ['count==0'],
  },
};

const firstAnswer = new Trend('standings_first_answer_ms', true);
const patchAge = new Trend('standings_patch_age_ms', true);
const patchBytes = new Trend('standings_patch_bytes');
const patches = new Counter('standings_patches');
const gaps = new Counter('standings_gaps');
const refused = new Counter('standings_subscribe_refused');

/** What the viewer holds of the table: the revision and its hash (-1: nothing yet). */
interface Held {
  rev: number;
  hash: string | undefined;
}

interface PatchMessage {
  readonly rev: number;
  readonly baseRev: number;
  readonly hash: string;
  readonly at: string;
}

type SubscribeReply =
  | {
      readonly ok: true;
      readonly sync: 'snapshot';
      readonly snapshot: { readonly rev: number; readonly hash: string };
    }
  | { readonly ok: true; readonly sync: 'patches'; readonly patches: readonly PatchMessage[] }
  | { readonly ok: true; readonly sync: 'current'; readonly rev: number; readonly hash: string }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** UTF-8 bytes of a string (k6 hands messages over as strings; names are often not ASCII). */
function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return n;
}

/** The revision and hash a subscribe answer leaves the viewer holding. */
function heldAfter(reply: SubscribeReply, held: Held): Held {
  if (!reply.ok) return held;
  if (reply.sync === 'snapshot') return { rev: reply.snapshot.rev, hash: reply.snapshot.hash };
  if (reply.sync === 'current') return { rev: reply.rev, hash: reply.hash };
  const last = reply.patches[reply.patches.length - 1];
  return last ? { rev: last.rev, hash: last.hash } : held;
}

export default function (): void {
  const url = `${BASE_URL.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const opened = Date.now();
  const held: Held = { rev: -1, hash: undefined };
  let nextAck = 0;
  /** Ack ids of subscribe requests still unanswered. */
  const asked = new Set<number>();
  let answered = false;

  const res = ws.connect(url, null, (socket) => {
    const subscribe = (): void => {
      const id = nextAck++;
      asked.add(id);
      const request: Record<string, unknown> = {
        competitionId: COMPETITION,
        scope: EVENT,
        view: 'public',
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
        socket.send('40'); // Engine.IO open → join the default namespace
      } else if (data.startsWith('40')) {
        subscribe();
      } else if (data.startsWith('44')) {
        refused.add(1, { reason: 'connect_error' });
        socket.close();
      } else if (data.startsWith('43')) {
        // 43<id>[reply]: the answer to a subscribe.
        const bracket = data.indexOf('[');
        const id = Number(data.slice(2, bracket));
        if (!asked.delete(id)) return;
        const [reply] = JSON.parse(data.slice(bracket)) as [SubscribeReply];
        if (!answered) {
          answered = true;
          firstAnswer.add(Date.now() - opened);
        }
        if (!reply.ok) {
          refused.add(1, { reason: reply.error.code });
          socket.close();
          return;
        }
        Object.assign(held, heldAfter(reply, held));
      } else if (data.startsWith('42[')) {
        const [name, patch] = JSON.parse(data.slice(2)) as [string, PatchMessage];
        if (name !== 'patch') return;
        patches.add(1);
        patchBytes.add(utf8Bytes(data));
        patchAge.add(Date.now() - Date.parse(patch.at));
        if (patch.rev <= held.rev || held.rev < 0) return; // already held, or before the answer
        if (patch.baseRev !== held.rev) {
          // A revision is missing: ask for what came after the one held.
          gaps.add(1);
          if (asked.size === 0) subscribe();
          return;
        }
        held.rev = patch.rev;
        held.hash = patch.hash;
      }
    });
    socket.setTimeout(() => {
      socket.close();
    }, DURATION * 1000);
  });
  check(res, { 'websocket upgraded (101)': (r) => r.status === 101 });
  check(answered, { 'subscribe answered': (a) => a });
}
