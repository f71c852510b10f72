/**
 * What one standings recompute and one mark commit cost, each measured alone: the write-path
 * bench sees them mixed on one event loop under a load the shared machine makes noisy, while
 * here nothing else runs while a recompute does, so its server CPU, its Postgres backends' CPU
 * and its statements are its own. Counting statements needs no timing, so those figures hold
 * on any machine.
 *
 *   npx tsx bench/recompute-cost.bench.ts
 *
 * The bench competition (bench/seed.ts) on a fresh Postgres database; then ROUNDS times:
 * MARKS_PER_ROUND marks posted over HTTP with the publisher's schedule off, then one recompute.
 * Environment: BENCH_ROUNDS=40, BENCH_MARKS=40 (a recompute at 200 marks/s takes in about 40),
 * BENCH_CONTESTANTS=300, BENCH_PROFILE=1 (a CPU profile over the rounds).
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { serve } from '@hono/node-server';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../db/src/schema/index.ts';
import { openTestDatabase } from '@skills/db/testing';
import { createServer } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { procCpuMs } from './machine.ts';
import { Profiler } from './profile.ts';
import { seeded, valueFor, type CriterionInfo, type SheetView } from './judging.ts';
import { ORGANIZER, seedCompetition } from './seed.ts';

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const ROUNDS = num('BENCH_ROUNDS', 40);
const MARKS = num('BENCH_MARKS', 40);
const CONTESTANTS = num('BENCH_CONTESTANTS', 300);
/** BENCH_PROFILE=1: a CPU profile of the server over the rounds (marks and recomputes). */
const PROFILE = process.env['BENCH_PROFILE'] === '1';

interface Slot {
  readonly token: string;
  readonly path: string;
  readonly criterion: CriterionInfo;
  version: number;
}

async function call(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

/** Every (sheet, criterion) slot of every judge, shuffled. */
async function slotsOf(
  base: string,
  judges: readonly { code: string; pin: string; criteria: readonly string[] }[],
  competitionId: string,
): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (const judge of judges) {
    const { token } = (await call(base, 'POST', '/api/auth/judge-login', null, {
      competitionId,
      code: judge.code,
      pin: judge.pin,
      bearer: true,
    })) as { token: string };
    const { sheets } = (await call(base, 'GET', '/api/judge/sheets', token)) as {
      sheets: SheetView[];
    };
    for (const sheet of sheets)
      for (const criterion of sheet.criteria)
        if (judge.criteria.includes(criterion.id))
          slots.push({ token, path: `/api/sheets/${sheet.id}/marks`, criterion, version: 0 });
  }
  const random = seeded(7);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [slots[i], slots[j]] = [slots[j] as Slot, slots[i] as Slot];
  }
  return slots;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

async function main(): Promise<void> {
  const database = await openTestDatabase('postgres');
  const url = database.url ?? '';
  let statements = 0;
  const client = postgres(url, {
    max: 10,
    onnotice: () => undefined,
    debug: () => {
      statements++;
    },
  });
  const db = drizzle(client, { schema });
  const snapshotEveryMs = Number(process.env['BENCH_SNAPSHOT_MS'] ?? 1000);
  const srv = createServer({ database: { ...database, db }, config: { snapshotEveryMs } });
  const listening = serve({ fetch: srv.app.fetch, port: 0, hostname: '127.0.0.1' });
  const admin = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await new Promise<void>((resolve) => listening.once('listening', resolve));
    const base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    await ensureOrganizer(srv.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    const seed = await seedCompetition({ baseUrl: base, contestants: CONTESTANTS });
    const slots = await slotsOf(base, seed.judges, seed.competitionId);
    await srv.publisher.settle();
    await srv.publisher.recompute(seed.competitionId);
    srv.publisher.touch = () => undefined;
    const random = seeded(11);
    const backends = async (): Promise<number[]> =>
      (
        await admin<{ pid: number }[]>`select pid from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`
      ).map((r) => r.pid);
    const pgCpu = (pids: number[]): number =>
      pids.reduce((sum, pid) => sum + (procCpuMs(pid) ?? 0), 0);
    const perRound: { cpu: number; wall: number; statements: number; revisions: number }[] = [];
    let pgMs = 0;
    let markStatements = 0;
    let cursor = 0;
    const profiler = PROFILE ? new Profiler() : null;
    await profiler?.start();
    let markPgMs = 0;
    let markCpuMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const before = statements;
      const markPids = await backends();
      const mpg0 = pgCpu(markPids);
      const mc0 = process.cpuUsage();
      for (let i = 0; i < MARKS; i++) {
        const slot = slots[cursor++ % slots.length] as Slot;
        const answer = (await call(base, 'POST', slot.path, slot.token, {
          opId: randomUUID(),
          criterion: slot.criterion.id,
          value: valueFor(slot.criterion, random),
          expectedVersion: slot.version,
        })) as { mark: { version: number } };
        slot.version = answer.mark.version;
      }
      markStatements += statements - before;
      const mc = process.cpuUsage(mc0);
      markCpuMs += (mc.user + mc.system) / 1000;
      markPgMs += pgCpu(markPids) - mpg0;
      const pids = await backends();
      const pg0 = pgCpu(pids);
      const s0 = statements;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const revisions = await srv.publisher.recompute(seed.competitionId);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const s = statements - s0;
      pgMs += pgCpu(pids) - pg0;
      perRound.push({
        cpu: (c.user + c.system) / 1000,
        wall,
        statements: s,
        revisions: revisions.length,
      });
    }
    if (profiler) {
      const file = `${os.tmpdir()}/recompute-cost-${Date.now()}.cpuprofile`;
      console.log(`CPU profile: ${file}\n${await profiler.stop(file)}`);
    }
    const cpu = perRound.map((r) => r.cpu);
    console.log(
      `recompute after ${MARKS} marks, ${ROUNDS} rounds, ${CONTESTANTS} contestants (load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}):\n` +
        `  server CPU median ${median(cpu).toFixed(2)} ms, mean ${(cpu.reduce((a, b) => a + b, 0) / ROUNDS).toFixed(2)} ms; ` +
        `wall median ${median(perRound.map((r) => r.wall)).toFixed(2)} ms\n` +
        `  Postgres CPU mean ${(pgMs / ROUNDS).toFixed(2)} ms (10 ms ticks, summed over rounds)\n` +
        `  statements per recompute ${median(perRound.map((r) => r.statements))} (median), ` +
        `revisions per recompute ${median(perRound.map((r) => r.revisions))}\n` +
        `  a mark posted alone (one per commit, HTTP client in this process too): statements ${(markStatements / (ROUNDS * MARKS)).toFixed(2)}, ` +
        `server CPU ${(markCpuMs / (ROUNDS * MARKS)).toFixed(2)} ms, Postgres CPU ${(markPgMs / (ROUNDS * MARKS)).toFixed(2)} ms`,
    );
  } finally {
    listening.close();
    await admin.end();
    await srv.close();
    await client.end({ timeout: 5 });
    await database.close();
  }
}

await main();
