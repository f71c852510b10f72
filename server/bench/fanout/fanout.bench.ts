/**
 * Fan-out benchmark (DESIGN §8): p95 from commit to receipt ≤ 100 ms for 10,000 connected
 * viewers on one instance; Socket.IO's delivery cost within 1.3× of a raw `ws` broadcast of the
 * same bytes in the same run; a one-mark patch ≤ 1 KiB on the wire; ≤ 20 KiB RSS per idle viewer.
 *
 *   npm run bench:fanout        (from the repository root or server/)
 *
 * Two cores: each server runs in its own child process, the viewers in viewer generator children
 * (bench/fanout/viewers.ts: the `ws` package speaking the Socket.IO wire format by hand, as k6
 * does), and this process drives and reports. One module per part: settings.ts (the environment
 * below, the targets), viewer-pool.ts (the viewer generators), delivery.ts and e2e.ts (the two
 * phases, each with its table), cpu.ts, format.ts, verdicts.ts (targets against measurements).
 *
 * delivery: a Socket.IO server built from LIVE_SERVER_OPTIONS, then a raw `ws` server, each with
 *   N viewers in one room, broadcasting the same one-mark patch (bench/fanout/payload.ts, encoded
 *   once per broadcast) at a fixed rate. CPU per delivery is the server process's CPU over the
 *   broadcasts ÷ (broadcasts × viewers); latency is from the start of the broadcast to the
 *   viewer's receipt; RSS per idle viewer is (RSS with N idle viewers − RSS with none) ÷ N, each
 *   after a full GC.
 * e2e: the real app (startApp with the live hub) on a fresh Postgres database, the EV battery
 *   competition seeded through the API (bench/seed.ts), N public viewers of the event, and marks
 *   entered one at a time by the judges over HTTP (bench/fanout/marks.ts). As `npm start` runs it
 *   on Postgres, the viewers are served by a live process beside the API process
 *   (src/live-process/; BENCH_LIVE_PROCESS=0 keeps them in the API process, the way to measure
 *   the other side); its CPU and memory count as the server's. Before any viewer connects, as many
 *   marks as each viewer count gets are acknowledged with none: the baseline of "ack p95 with
 *   10,000 viewers ≤ 2× ack p95 with none". The other target of a judge's acknowledgement not
 *   waiting behind the audience, "commit → viewer p95 ≤ 1.1× raw ws broadcast p95", takes the
 *   delivery phase's raw `ws` row with as many viewers (the same generators, a one-mark patch
 *   frame of about the same size, broadcast start → receipt) as its baseline. Commit time is when
 *   the mark's HTTP acknowledgement reached the driver; receipt is a viewer's arrival of the
 *   first patch whose revision is at least the one that carries the mark. The database is
 *   dropped at the end, also on failure. With BENCH_WORKERS=n > 1 the app runs as `WORKERS=n
 *   npm start` runs it (src/cluster.ts): n worker processes sharing the port, the viewers handed
 *   out among them in turn, revisions fanned out between them through the Postgres adapter; the
 *   server's RSS is then the sum over the workers and its CPU the sum over the primary and the
 *   workers.
 * board: the real app on a fresh Postgres database with a 350-contestant event after a round of
 *   marks; its public snapshot's bytes on the wire: the socket's frame, and the HTTP snapshot
 *   plain and gzipped (bench/fanout/board.ts).
 *
 * Environment (all optional):
 *   BENCH_VIEWERS=1000,5000,10000  viewer counts (each phase grows its viewers from one to the next)
 *   BENCH_PHASES=delivery,e2e,board  which phases run
 *   BENCH_SECONDS=20               e2e: seconds of marks per viewer count
 *   BENCH_WORKERS=1                e2e: app worker processes (cluster, as WORKERS=n npm start)
 *   BENCH_LIVE_PROCESS=1           e2e: viewers in a live process (0: in the API process)
 *   BENCH_STANDINGS_THREAD=1       e2e: standings recomputed in a thread (0: on the API's event loop)
 *   BENCH_LIVE_NICE=0              e2e: the live process's niceness (LIVE_NICE)
 *   BENCH_LIVE_DIRECT=1            e2e: revisions to the live process over IPC too (0: adapter only)
 *   BENCH_MARK_RATE=5              e2e: marks per second (one at a time; slower when a revision is)
 *   BENCH_CONTESTANTS=300          e2e: roster size
 *   BENCH_DELIVERY_SECONDS=10      delivery: seconds of broadcasts per viewer count and server
 *   BENCH_BROADCAST_RATE=5         delivery: broadcasts per second
 *   BENCH_GENERATORS=2             viewer generator processes
 *   BENCH_BATCH=200                connections a generator opens at once
 *   BENCH_STRICT=1                 exit 1 when a target fails (default: report only)
 *   BENCH_DUMP_PATCHES=<file>      e2e: append every patch the mark driver receives to a file
 *   BENCH_IO_EMIT=1                delivery: Socket.IO sends with io.to(room).emit, not the hub's broadcast
 */
import os from 'node:os';
import { describeMachine } from '../machine.ts';
import { killChildren, maxOpenFiles } from './children.ts';
import { printDelivery, runDelivery, type DeliveryRow } from './delivery.ts';
import { printBoard, runBoard, type Board } from './board.ts';
import { printE2e, runE2e, type E2e } from './e2e.ts';
import type { BroadcastKind } from './fanout-ipc.ts';
import { BATCH, GENERATORS, PHASES, STRICT, VIEWERS, WORKERS_TEXT } from './settings.ts';
import { printVerdicts, verdictsOf } from './verdicts.ts';

async function main(): Promise<number> {
  const loadStart = os.loadavg();
  console.log(`fan-out bench: ${describeMachine()}`);
  console.log(
    `viewers ${VIEWERS.join(', ')}; phases ${[...PHASES].join(', ')}; ${GENERATORS} viewer generator process(es), ` +
      `batches of ${BATCH}${PHASES.has('e2e') && WORKERS_TEXT ? `; e2e app in ${WORKERS_TEXT}` : ''}; load average at start ${loadStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const most = VIEWERS[VIEWERS.length - 1] ?? 0;
  if (most + 256 > maxOpenFiles()) {
    console.log(
      `  warning: a server with ${most} viewers needs more open files than the limit here ` +
        `(ulimit -Hn ${maxOpenFiles()}): the connections past it will fail`,
    );
  }
  let delivery = new Map<BroadcastKind, DeliveryRow[]>();
  if (PHASES.has('delivery')) {
    console.log('delivery cost, Socket.IO and raw ws side by side …');
    delivery = await runDelivery();
  }
  let e2e: E2e | null = null;
  if (PHASES.has('e2e')) {
    console.log('end to end …');
    e2e = await runE2e();
  }
  let board: Board | null = null;
  if (PHASES.has('board')) {
    console.log('a 350-row board, its first snapshot on the wire …');
    board = await runBoard();
  }

  console.log('');
  console.log(
    `${describeMachine()}; load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (delivery.size > 0) {
    console.log('');
    printDelivery(delivery);
  }
  if (e2e && e2e.rows.length > 0) {
    console.log('');
    printE2e(e2e);
  }

  if (board) {
    console.log('');
    printBoard(board);
  }

  const verdicts = verdictsOf(delivery, e2e);
  printVerdicts(verdicts);
  return STRICT && verdicts.some((v) => v.pass === false) ? 1 : 0;
}

// Ending the children makes every wait on them fail, so the phases unwind through their
// `finally` blocks and the bench database is dropped; a second signal exits at once.
const onSignal = (): void => {
  console.error('interrupted: ending the bench processes, then dropping the bench database');
  process.exitCode = 130;
  killChildren();
  process.once('SIGINT', () => process.exit(130));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

main().then(
  (code) => {
    process.exitCode ??= code;
  },
  (error: unknown) => {
    console.error(error);
    killChildren();
    process.exitCode = 1;
  },
);
