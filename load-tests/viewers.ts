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
 * The wire and the stream's checks are socketio.ts's.
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
import { follow } from './socketio.ts';

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

export default function (): void {
  const opened = Date.now();
  const r = follow({
    baseUrl: BASE_URL,
    competitionId: COMPETITION,
    scope: EVENT,
    view: 'public',
    held: { rev: -1, hash: undefined },
    seconds: DURATION,
    onAnswer: (_reply, _bytes, first) => {
      if (first) firstAnswer.add(Date.now() - opened);
    },
    onPatch: (patch, bytes) => {
      patches.add(1);
      patchBytes.add(bytes);
      patchAge.add(Date.now() - Date.parse(patch.at));
    },
    onGap: () => {
      gaps.add(1);
    },
    onRefused: (reason) => {
      refused.add(1, { reason });
    },
  });
  check(r, { 'websocket upgraded (101)': (x) => x.status === 101 });
  check(r.answered, { 'subscribe answered': (a) => a });
}
