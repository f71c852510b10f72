/**
 * Viewers following an event's live standings over Socket.IO, spoken as a raw websocket
 * (Engine.IO v4 wire format, see the performance notes): a sample of viewers beside the judges'
 * writes; the mass of viewers comes from a small Node `ws` generator.
 *
 * The server side (the Socket.IO endpoint and its `subscribe` event) arrives with the
 * live-results issue; until then this script only has to be a valid k6 script.
 *
 *   k6 run load-tests/viewers.ts -e BASE_URL=http://127.0.0.1:3000 -e COMPETITION=ev-bench \
 *     -e EVENT=battery -e VIEWERS=200 -e DURATION=60
 */
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import ws from 'k6/ws';

const BASE_URL = (__ENV['BASE_URL'] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const COMPETITION = __ENV['COMPETITION'] ?? 'ev-bench';
const EVENT = __ENV['EVENT'] ?? 'battery';
const VIEWERS = Number(__ENV['VIEWERS'] ?? '100');
const DURATION = Number(__ENV['DURATION'] ?? '60');

export const options: Options = {
  scenarios: {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- @types/k6 declares BaseScenario as a class, but k6 scenarios are plain objects
    viewers: { executor: 'constant-vus', vus: VIEWERS, duration: `${DURATION + 5}s` },
  },
  thresholds: {
    standings_first_snapshot_ms: ['p(95)<1000'],
  },
};

const messages = new Counter('standings_messages');
const firstSnapshot = new Trend('standings_first_snapshot_ms', true);

export default function (): void {
  const url = `${BASE_URL.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const opened = Date.now();
  let subscribed = false;
  let gotFirst = false;
  const res = ws.connect(url, null, (socket) => {
    socket.on('message', (data: string) => {
      if (data === '2') {
        socket.send('3'); // Engine.IO ping → pong
      } else if (data.startsWith('0')) {
        socket.send('40'); // Engine.IO open → connect to the default namespace
      } else if (data.startsWith('40') && !subscribed) {
        subscribed = true;
        // Acknowledged event (id 1): the answer 431[…] carries the first snapshot.
        socket.send(
          `421${JSON.stringify(['subscribe', { competitionId: COMPETITION, eventId: EVENT }])}`,
        );
      } else if (data.startsWith('43') || data.startsWith('42')) {
        // 43<id>[snapshot] answers the subscribe; 42["name", patch] are the live updates.
        messages.add(1);
        if (!gotFirst) {
          gotFirst = true;
          firstSnapshot.add(Date.now() - opened);
        }
      }
    });
    socket.setTimeout(() => {
      socket.close();
    }, DURATION * 1000);
  });
  check(res, { 'websocket upgraded (101)': (r) => r.status === 101 });
}
