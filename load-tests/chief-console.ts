/**
 * Chief judges on their event console, as the web page does it: sign in (`POST /api/auth/login`
 * with a bearer token for scripts), open the console (`GET /api/competitions/:id` and every sheet
 * of the event, `GET …/sheets/changes?event=`), then follow the event's official table and watch
 * the competition over the socket (signed in with the token in the namespace join); after each
 * patch or competition announcement the console reads the sheets changed since its cursor.
 *
 *   k6 run load-tests/chief-console.ts -e BASE_URL=http://127.0.0.1:3000 \
 *     -e COMPETITION=ev-bench -e EVENT=battery -e USERNAME=chief -e PASSWORD=… \
 *     -e CONSOLES=5 -e DURATION=60
 *
 * Environment:
 *   BASE_URL, COMPETITION, EVENT   the server, the competition and the event (defaults as viewers.ts)
 *   USERNAME, PASSWORD             the competition's chief judge (or the organizer, without COMPETITION
 *                                  in the login: set ORGANIZER=1)
 *   CONSOLES                       consoles open at once (VUs, default 5), DURATION seconds (default 60)
 *
 * Thresholds: sign-in and console reads p95 < 1 s, the official table answered, sheet reads after
 * a change p95 < 500 ms, no refusals, no gaps.
 */
import { check, fail } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import type { Options, Scenario } from 'k6/options';
import { follow } from './socketio.ts';

const BASE_URL = (__ENV['BASE_URL'] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const COMPETITION = __ENV['COMPETITION'] ?? 'ev-bench';
const EVENT = __ENV['EVENT'] ?? 'battery';
const USERNAME = __ENV['USERNAME'] ?? 'chief';
const PASSWORD = __ENV['PASSWORD'] ?? '';
const ORGANIZER = __ENV['ORGANIZER'] === '1';
const CONSOLES = Number(__ENV['CONSOLES'] ?? '5');
const DURATION = Number(__ENV['DURATION'] ?? '60');

// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- @types/k6 declares BaseScenario as a class, but k6 scenarios are plain objects
const consoles: Scenario = {
  executor: 'per-vu-iterations',
  vus: CONSOLES,
  iterations: 1,
  maxDuration: `${DURATION + 30}s`,
};

export const options: Options = {
  scenarios: { consoles },
  thresholds: {
    'http_req_duration{name:login}': ['p(95)<1000'],
    'http_req_duration{name:console}': ['p(95)<1000'],
    'http_req_duration{name:sheet changes}': ['p(95)<500'],
    standings_subscribe_refused: ['count==0'],
    standings_gaps: ['count==0'],
  },
};

const firstAnswer = new Trend('console_first_answer_ms', true);
const patches = new Counter('standings_patches');
const announcements = new Counter('console_announcements');
const gaps = new Counter('standings_gaps');
const refused = new Counter('standings_subscribe_refused');

const json = { 'content-type': 'application/json' };

export default function (): void {
  const login = http.post(
    `${BASE_URL}/api/auth/login`,
    JSON.stringify({
      username: USERNAME,
      password: PASSWORD,
      ...(ORGANIZER ? {} : { competitionId: COMPETITION }),
      bearer: true,
    }),
    { headers: json, tags: { name: 'login' } },
  );
  if (!check(login, { 'signed in': (r) => r.status === 200 })) fail(`login: ${login.status}`);
  const token = (login.json() as { token: string }).token;
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const competition = encodeURIComponent(COMPETITION);
  const summary = http.get(`${BASE_URL}/api/competitions/${competition}`, {
    ...auth,
    tags: { name: 'console' },
  });
  check(summary, { 'competition read': (r) => r.status === 200 });
  const changes = `${BASE_URL}/api/competitions/${competition}/sheets/changes?event=${encodeURIComponent(EVENT)}`;
  const first = http.get(changes, { ...auth, tags: { name: 'console' } });
  check(first, { 'sheets read': (r) => r.status === 200 });
  let cursor = first.status === 200 ? (first.json() as { cursor: number }).cursor : null;
  /** What the console does after a change: read the sheets changed since its cursor. */
  const readChanges = (): void => {
    const r = http.get(cursor === null ? changes : `${changes}&since=${cursor}`, {
      ...auth,
      tags: { name: 'sheet changes' },
    });
    if (r.status === 200) cursor = (r.json() as { cursor: number }).cursor;
  };

  const opened = Date.now();
  const r = follow({
    baseUrl: BASE_URL,
    competitionId: COMPETITION,
    scope: EVENT,
    view: 'official',
    token,
    watch: true,
    held: { rev: -1, hash: undefined },
    seconds: DURATION,
    onAnswer: (_reply, _bytes, isFirst) => {
      if (isFirst) firstAnswer.add(Date.now() - opened);
    },
    onPatch: () => {
      patches.add(1);
      readChanges();
    },
    onCompetition: () => {
      announcements.add(1);
      readChanges();
    },
    onGap: () => {
      gaps.add(1);
    },
    onRefused: (reason) => {
      refused.add(1, { reason });
    },
  });
  check(r, { 'websocket upgraded (101)': (x) => x.status === 101 });
  check(r.answered, { 'official table answered': (a) => a });
}
