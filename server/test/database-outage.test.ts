/**
 * The database goes away under load: a judge writes a mark every 100 ms while the app's Postgres
 * connections are terminated by the server (57P01, as a restart does) and then cut for two
 * seconds at a proxy between the app and Postgres. Every answer must be 201, or 503 with a
 * retry-after header and an `unavailable` error body (never a 500); the app must reconnect by
 * itself; every acknowledged mark must be in the ledger; and once the database is back the
 * standings must equal a recompute from it. Postgres only: PGlite runs inside the process.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '@skills/db';
import { openTestDatabase } from '@skills/db/testing';
import { createServer } from '../src/server.ts';
import { ensureOrganizer } from '../src/services/bootstrap.ts';
import { buildFixture, harnessOf, ORGANIZER, type Fixture, type Harness } from './harness.ts';
import { sheetsOf } from './helpers.ts';
import { tcpProxy, type TcpProxy } from './tcp-proxy.ts';

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe('a database outage under load, on postgres', () => {
  let keep: Database;
  let proxy: TcpProxy;
  let h: Harness;
  let f: Fixture;

  beforeAll(async () => {
    keep = await openTestDatabase('postgres', { poolSize: 2 });
    proxy = await tcpProxy(keep.url ?? '');
    const database = await openDatabase({ url: proxy.url });
    const server = createServer({ database, config: { recomputeWindowMs: 5 } });
    await ensureOrganizer(server.ctx, ORGANIZER.username, '组委会', ORGANIZER.password);
    h = harnessOf(server, database, async () => {
      await server.close();
      await database.close();
    });
    f = await buildFixture(h, 'outage');
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
    await keep.close();
  });

  it('answers 201 or 503 with retry-after, reconnects, and loses no acknowledged mark', async () => {
    const sheets = [...(await sheetsOf(h, f)).values()].filter((s) => s.judge === 'J1');
    const versions = new Map<string, number>();
    const acked: string[] = [];
    const answers: { status: number; retryAfter: string | null; body: any; phase: string }[] = [];
    let phase = 'before';
    const loop = { writing: true };
    const writer = (async () => {
      let pending: { sheetId: string; body: Record<string, unknown> } | null = null;
      for (let i = 0; loop.writing; i++) {
        if (!pending) {
          const s = sheets[i % sheets.length];
          const criterion = i % 2 === 0 ? 'seal' : 'balance';
          const key = `${s?.id ?? ''}|${criterion}`;
          pending = {
            sheetId: s?.id ?? '',
            body: {
              opId: randomUUID(),
              criterion,
              value: 20 + (i % 20),
              expectedVersion: versions.get(key) ?? 0,
            },
          };
        }
        const r = await h.call('POST', `/api/sheets/${pending.sheetId}/marks`, {
          token: f.judges['J1'],
          body: pending.body,
        });
        answers.push({
          status: r.status,
          retryAfter: r.headers.get('retry-after'),
          body: r.body,
          phase,
        });
        if (r.status === 201) {
          acked.push(pending.body['opId'] as string);
          versions.set(
            `${pending.sheetId}|${pending.body['criterion'] as string}`,
            r.body.mark.version as number,
          );
          pending = null;
        } else if (r.status !== 503) {
          // Anything else is a failure of this test; a new operation keeps the loop going.
          pending = null;
        }
        // A 503 sends the same operation again, as the judge's outbox does.
        await sleep(100);
      }
    })();

    await sleep(1000);
    phase = 'terminated';
    const name = new URL(keep.url ?? '').pathname.slice(1);
    for (let i = 0; i < 3; i++) {
      await keep.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = ${name} and pid <> pg_backend_pid()`,
      );
      await sleep(300);
    }
    phase = 'down';
    proxy.cut({ refuseMs: 2000 });
    await sleep(2000);
    phase = 'after';
    await sleep(2000);
    loop.writing = false;
    await writer;

    const bad = answers.filter((a) => a.status !== 201 && a.status !== 503);
    expect(bad, JSON.stringify(bad.slice(0, 3))).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length, 'answers while the database was down').toBeGreaterThan(0);
    for (const a of unavailable) {
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(a.body).toMatchObject({
        code: 'unavailable',
        message: expect.any(String),
        details: expect.any(Array),
      });
    }
    const recovered = answers.filter((a) => a.phase === 'after' && a.status === 201);
    expect(recovered.length, 'marks acknowledged once the database was back').toBeGreaterThan(0);

    const stored = new Set(
      rowsOf<{ op_id: string }>(
        await keep.db.execute(sql`select op_id::text as op_id from marks`),
      ).map((r) => r.op_id),
    );
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);

    // Once back, the standings catch up by themselves and equal a recompute from the ledger.
    let verify: any = null;
    for (let i = 0; i < 50; i++) {
      await h.server.publisher.settle();
      verify = (await h.call('GET', '/api/audit/verify', { token: f.organizer })).body;
      if (verify?.standings?.ok === true) break;
      await sleep(200);
    }
    expect(verify).toMatchObject({ ok: true, standings: { ok: true, differing: [] } });
    console.log(
      `database outage: ${answers.length} answers, ${acked.length} acknowledged, ${unavailable.length} × 503, statuses ${JSON.stringify(
        Object.fromEntries(
          [...new Set(answers.map((a) => `${a.phase}:${a.status}`))].map((k) => [
            k,
            answers.filter((a) => `${a.phase}:${a.status}` === k).length,
          ]),
        ),
      )}`,
    );
  });
});
