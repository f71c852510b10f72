/**
 * The fan-out bench's verdicts: each target of DESIGN §8 against what the phases measured (PASS,
 * FAIL, or info when the run could not decide it), printed as the last table.
 */
import { table } from '../machine.ts';
import type { DeliveryRow } from './delivery.ts';
import type { E2e } from './e2e.ts';
import type { BroadcastKind } from './fanout-ipc.ts';
import { kib, median, ms } from './format.ts';
import {
  LIVE_PROCESS,
  TARGET_ACK_RATIO,
  TARGET_E2E_WS_RATIO,
  TARGET_P95_MS,
  TARGET_PATCH_BYTES,
  TARGET_RATIO,
  TARGET_RSS_KIB,
  TARGET_VIEWERS,
  WORKERS_TEXT,
} from './settings.ts';

export interface Verdict {
  readonly name: string;
  readonly value: string;
  readonly pass: boolean | null;
}

export function verdictsOf(
  delivery: ReadonlyMap<BroadcastKind, readonly DeliveryRow[]>,
  e2e: E2e | null,
): Verdict[] {
  const verdicts: Verdict[] = [];
  const largest = <T extends { viewers: number }>(rows: readonly T[]): T | undefined =>
    rows[rows.length - 1];
  const e2eTop = e2e ? largest(e2e.rows) : undefined;
  if (e2eTop) {
    const p95 = e2eTop.scored.latency.percentile(0.95);
    const short = e2eTop.viewers < TARGET_VIEWERS ? ` (only ${e2eTop.viewers} viewers)` : '';
    verdicts.push({
      name: `commit → receipt p95 ≤ ${TARGET_P95_MS} ms at ${TARGET_VIEWERS} viewers${WORKERS_TEXT ? `, ${WORKERS_TEXT}` : ''}`,
      value: `${ms(p95)}${short}, ${e2eTop.scored.missing} missing`,
      pass:
        e2eTop.viewers >= TARGET_VIEWERS
          ? p95 <= TARGET_P95_MS && e2eTop.scored.missing === 0
          : null,
    });
  } else {
    verdicts.push({
      name: `commit → receipt p95 ≤ ${TARGET_P95_MS} ms at ${TARGET_VIEWERS} viewers`,
      value: 'e2e phase not run',
      pass: null,
    });
  }
  if (e2e && e2eTop) verdicts.push(...audienceVerdicts(delivery, e2e, e2eTop));
  const io = largest(delivery.get('socket.io') ?? []);
  const raw = largest(delivery.get('ws') ?? []);
  if (io && raw && io.viewers === raw.viewers) {
    const ratio = io.cpuUs / raw.cpuUs;
    verdicts.push({
      name: `Socket.IO ÷ raw ws CPU per delivery ≤ ${TARGET_RATIO} (${io.viewers} viewers)`,
      value: `${ratio.toFixed(2)} (${io.cpuUs.toFixed(1)} / ${raw.cpuUs.toFixed(1)} µs)`,
      pass: ratio <= TARGET_RATIO,
    });
    const p95 = io.scored.latency.percentile(0.95) / raw.scored.latency.percentile(0.95);
    verdicts.push({
      name: `Socket.IO ÷ raw ws broadcast → receipt p95 (${io.viewers} viewers)`,
      value: p95.toFixed(2),
      pass: null,
    });
  }
  if (e2e && e2e.rows.length > 0) {
    const d = e2e.driver;
    verdicts.push({
      name: "live client: every patch verified against the server's hash",
      value: `${d.patches} patches, ${d.hashMismatches} mismatches, ${d.resyncs} resyncs`,
      pass: d.hashMismatches === 0 && d.patches > 0,
    });
  }
  const e2eFrames = e2e?.rows.flatMap((r) => r.run.frameBytes) ?? [];
  if (e2eFrames.length > 0) {
    const max = Math.max(...e2eFrames);
    verdicts.push({
      name: `one-mark patch ≤ ${TARGET_PATCH_BYTES} B on the wire`,
      value: `max ${max} B, median ${median(e2eFrames)} B over ${e2eFrames.length} marks`,
      pass: max <= TARGET_PATCH_BYTES,
    });
  } else if (io ?? raw) {
    const bytes = (io ?? raw)?.scored.frameBytes[0] ?? NaN;
    verdicts.push({
      name: `one-mark patch ≤ ${TARGET_PATCH_BYTES} B on the wire`,
      value: `${bytes} B (the delivery phase's representative patch, not the server's)`,
      pass: null,
    });
  }
  if (e2eTop) {
    verdicts.push({
      name: `RSS per idle viewer ≤ ${TARGET_RSS_KIB} KiB (the app${LIVE_PROCESS ? "'s live process" : ''}, ${e2eTop.viewers} viewers${WORKERS_TEXT ? `, summed over ${WORKERS_TEXT}` : ''})`,
      value: kib(e2eTop.rssKiB),
      pass: e2eTop.rssKiB <= TARGET_RSS_KIB,
    });
  }
  if (io) {
    verdicts.push({
      name: `RSS per idle viewer ≤ ${TARGET_RSS_KIB} KiB (bare Socket.IO, ${io.viewers} viewers)`,
      value: kib(io.rssKiB),
      pass: e2eTop ? null : io.rssKiB <= TARGET_RSS_KIB,
    });
  }
  return verdicts;
}

/**
 * The two targets of a judge's acknowledgement not waiting behind the audience, each against a
 * baseline of the same run: the acknowledgement p95 with the most viewers against its p95 with
 * none, and commit → viewer p95 against a raw `ws` broadcast's p95 to as many viewers (the
 * delivery phase: a bare `ws` server sending a one-mark patch frame of the same size, to viewers
 * from the same generator processes; broadcast start → receipt). The raw broadcast has no HTTP,
 * no database and no recompute in it: what commit → viewer adds over it is the app's own work.
 */
function audienceVerdicts(
  delivery: ReadonlyMap<BroadcastKind, readonly DeliveryRow[]>,
  e2e: E2e,
  top: E2e['rows'][number],
): Verdict[] {
  const decided = top.viewers >= TARGET_VIEWERS;
  const short = decided ? '' : ` (only ${top.viewers} viewers)`;
  const alone = e2e.alone.ack.p95;
  const ack = top.run.ack.p95;
  const verdicts: Verdict[] = [
    {
      name: `mark ack p95 at ${TARGET_VIEWERS} viewers ≤ ${TARGET_ACK_RATIO}× ack p95 with none`,
      value: `${ms(ack)} vs ${ms(alone)} with none: ${(ack / alone).toFixed(2)}×${short}`,
      pass: decided ? ack <= TARGET_ACK_RATIO * alone : null,
    },
  ];
  const raw = (delivery.get('ws') ?? []).find((r) => r.viewers === top.viewers);
  const e2eP95 = top.scored.latency.percentile(0.95);
  if (raw) {
    const rawP95 = raw.scored.latency.percentile(0.95);
    verdicts.push({
      name: `commit → viewer p95 ≤ ${TARGET_E2E_WS_RATIO}× raw ws broadcast p95 (${top.viewers} viewers)`,
      value:
        `${ms(e2eP95)} vs ${ms(rawP95)}: ${(e2eP95 / rawP95).toFixed(2)}×${short}; frames ` +
        `${median(top.run.frameBytes)} B (median) vs ${raw.payloadBytes} B`,
      pass: decided ? e2eP95 <= TARGET_E2E_WS_RATIO * rawP95 : null,
    });
  } else {
    verdicts.push({
      name: `commit → viewer p95 ≤ ${TARGET_E2E_WS_RATIO}× raw ws broadcast p95`,
      value: `no raw ws broadcast to ${top.viewers} viewers in this run (BENCH_PHASES with delivery)`,
      pass: null,
    });
  }
  return verdicts;
}

export function printVerdicts(verdicts: readonly Verdict[]): void {
  console.log('');
  console.log(
    table(
      ['target', 'measured', 'verdict'],
      verdicts.map((v) => [v.name, v.value, v.pass === null ? 'info' : v.pass ? 'PASS' : 'FAIL']),
    ),
  );
}
