/**
 * Viewers opening a big board (the forest competition's individual run: 350 rows) as the web
 * page does: the public snapshot over HTTP first (`GET /api/live/:competitionId/:scope/snapshot`,
 * gzipped; its ETag is the revision), then the socket subscribes with that snapshot's rev and
 * hash, so its answer is "current" or the few patches since (never the table a second time), and
 * the viewer follows the patches (socketio.ts).
 *
 *   k6 run load-tests/board-viewers.ts -e BASE_URL=http://127.0.0.1:3000 \
 *     -e COMPETITION=forest-firefighting-1 -e EVENT=run -e VIEWERS=200 -e DURATION=60
 *
 * Environment:
 *   BASE_URL      the server (default http://127.0.0.1:3000)
 *   COMPETITION   the competition id (default forest-firefighting-1: the demo data's 350-row one)
 *   EVENT         the event whose public board the viewers open (default run)
 *   VIEWERS       viewers (VUs, default 100), DURATION seconds each stays connected (default 60)
 *
 * Thresholds: the snapshot answered p95 < 1 s and gzipped; the socket never sends a second
 * snapshot to a viewer that holds one; no refusals, no gaps.
 */
import { check } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import type { Options, Scenario } from 'k6/options';
import { follow, type Held } from './socketio.ts';

const BASE_URL = (__ENV['BASE_URL'] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const COMPETITION = __ENV['COMPETITION'] ?? 'forest-firefighting-1';
const EVENT = __ENV['EVENT'] ?? 'run';
const VIEWERS = Number(__ENV['VIEWERS'] ?? '100');
const DURATION = Number(__ENV['DURATION'] ?? '60');

// eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- @types/k6 declares BaseScenario as a class, but k6 scenarios are plain objects
const boards: Scenario = {
  executor: 'per-vu-iterations',
  vus: VIEWERS,
  iterations: 1,
  maxDuration: `${DURATION + 30}s`,
};

export const options: Options = {
  scenarios: { boards },
  thresholds: {
    board_snapshot_ms: ['p(95)<1000'],
    board_socket_snapshots: ['count==0'],
    standings_subscribe_refused: ['count==0'],
    standings_gaps: ['count==0'],
  },
};

const snapshotMs = new Trend('board_snapshot_ms', true);
const snapshotBytes = new Trend('board_snapshot_bytes');
const socketAnswerBytes = new Trend('board_socket_answer_bytes');
/** Snapshots the socket sent to a viewer that held the HTTP one: the table twice. */
const socketSnapshots = new Counter('board_socket_snapshots');
const patches = new Counter('standings_patches');
const gaps = new Counter('standings_gaps');
const refused = new Counter('standings_subscribe_refused');

export default function (): void {
  const scope = encodeURIComponent(EVENT);
  const res = http.get(
    `${BASE_URL}/api/live/${encodeURIComponent(COMPETITION)}/${scope}/snapshot`,
    { headers: { 'accept-encoding': 'gzip' }, tags: { name: 'board snapshot' } },
  );
  snapshotMs.add(res.timings.duration);
  // k6 decompresses the body; the wire's bytes are the content-length it came with.
  snapshotBytes.add(Number(res.headers['Content-Length'] ?? 0));
  check(res, {
    'snapshot 200': (r) => r.status === 200,
    'snapshot gzipped': (r) => r.headers['Content-Encoding'] === 'gzip',
  });
  let held: Held = { rev: -1, hash: undefined };
  if (res.status === 200) {
    const body = res.json() as { rev: number; hash: string; rows: unknown[] };
    held = { rev: body.rev, hash: body.hash };
    check(body, { 'a 350-row board': (b) => b.rows.length >= 350 });
  }
  const r = follow({
    baseUrl: BASE_URL,
    competitionId: COMPETITION,
    scope: EVENT,
    view: 'public',
    held,
    seconds: DURATION,
    onAnswer: (reply, bytes, first) => {
      if (first) socketAnswerBytes.add(bytes);
      if (reply.ok && reply.sync === 'snapshot' && held.rev >= 0) socketSnapshots.add(1);
    },
    onPatch: () => {
      patches.add(1);
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
