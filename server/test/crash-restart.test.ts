/**
 * A crash right after acknowledged marks: the app runs as `npm start` runs it (a child process),
 * judges write marks, and the process is killed with SIGKILL right after a 201 (at once, or
 * within 100 ms while other judges keep writing). While it is down the test reads the database
 * itself: every acknowledged mark must be in the ledger, and a full recompute from the ledger
 * gives each table's hash. The app is started again on the same data, and the very first
 * requests must already see those tables, with no further write; the audit verify route and
 * `skills-audit verify-standings` must find no table that differs. Repeated (CRASH_KILLS; 10 on
 * Postgres and 3 on PGlite with its data on disk by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '@skills/db';
import { openTestDatabase, type DatabaseKind } from '@skills/db/testing';
import { main, type Io } from '../src/cli/audit.ts';
import { Catalog } from '../src/domain/catalog.ts';
import { CompetitionState } from '../src/standings/state.ts';
import { startAppProcess, type AppData, type AppProcess } from './app-process.ts';
import { buildFixture, httpHarness, type Fixture, type Harness } from './harness.ts';
import { sheetsOf } from './helpers.ts';

/** Kills per database: PGlite starts slower (it loads its data folder into the process). */
const killsOn = (kind: DatabaseKind): number =>
  Number(process.env['CRASH_KILLS'] ?? (kind === 'postgres' ? 10 : 3));
const C = 'crash';
const SCOPES = [
  { scope: 'battery', path: `/api/competitions/${C}/events/battery/standings?view=official` },
  {
    scope: 'overall:delegations',
    path: `/api/competitions/${C}/overall/delegations/standings?view=official`,
  },
];

interface Ack {
  readonly opId: string;
  readonly sheetId: string;
  readonly criterion: string;
  readonly version: number;
}

/** A small seeded generator, so a failing run can be repeated. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Each table's hash as a full recompute from the ledger gives it, keyed "competition|scope". */
async function recomputed(database: Database): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const catalog = new Catalog(database.db);
  await database.db.transaction(async (tx) => {
    const comps = rowsOf<{ id: string }>(await tx.execute(sql`select id from competitions`));
    for (const { id } of comps) {
      const versions = await CompetitionState.versions(tx, id);
      if (!versions) continue;
      const state = await CompetitionState.build(tx, catalog, id, versions);
      for (const t of state.tables()) out.set(`${id}|${t.scope}`, t.hash);
    }
  });
  return out;
}

/** Acknowledged operations missing from the marks ledger. */
async function missing(database: Database, acks: readonly Ack[]): Promise<Ack[]> {
  const rows = rowsOf<{ op_id: string }>(
    await database.db.execute(sql`select op_id::text as op_id from marks`),
  );
  const stored = new Set(rows.map((r) => r.op_id));
  return acks.filter((a) => !stored.has(a.opId));
}

function cliIo(env: Record<string, string>): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), env, cwd: tmpdir() };
}

describe.each<DatabaseKind>(['postgres', 'pglite'])(
  'killed right after acknowledged marks, on %s',
  (kind) => {
    const KILLS = killsOn(kind);
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    let keep: Database | null = null;
    let data: AppData;
    let app: AppProcess | null = null;
    const h: Harness = httpHarness(() => app?.base ?? 'http://127.0.0.1:1');
    let f: Fixture;
    /** Each sheet's current version per criterion, as the judges last heard it. */
    const versions = new Map<string, number>();
    let sheetOf: Map<string, string>;

    /** Opens the app's database from the test while the app is down. */
    async function whileDown<T>(fn: (database: Database) => Promise<T>): Promise<T> {
      if (keep) return fn(keep);
      const database = await openDatabase({ dataDir: (data as { dataDir: string }).dataDir });
      try {
        return await fn(database);
      } finally {
        await database.close();
      }
    }

    /** One mark by a judge at the version last heard; a stale version adopts the current one. */
    async function write(judge: string, entrant: string, criterion: string, value: number) {
      const sheetId = sheetOf.get(`${judge}|${entrant}`) ?? '';
      const key = `${sheetId}|${criterion}`;
      for (;;) {
        const opId = randomUUID();
        const r = await h.call('POST', `/api/sheets/${sheetId}/marks`, {
          token: f.judges[judge],
          body: { opId, criterion, value, expectedVersion: versions.get(key) ?? 0 },
        });
        if (r.status === 409 && r.body.code === 'stale_version') {
          // A write in flight at the kill was committed without an answer.
          versions.set(key, r.body.current.version as number);
          continue;
        }
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        const version = r.body.mark.version as number;
        versions.set(key, version);
        return { opId, sheetId, criterion, version } satisfies Ack;
      }
    }

    beforeAll(async () => {
      if (kind === 'postgres') {
        keep = await openTestDatabase('postgres', { poolSize: 2 });
        data = { databaseUrl: keep.url ?? '' };
      } else {
        data = { dataDir: join(dir, 'pglite') };
      }
      app = await startAppProcess(data);
      f = await buildFixture(h, C);
      sheetOf = new Map([...(await sheetsOf(h, f)).entries()].map(([k, s]) => [k, s.id] as const));
    }, 180_000);
    afterAll(async () => {
      await app?.stop('SIGTERM');
      await keep?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      `serves tables equal to a full recompute at once after each of ${KILLS} kills, losing no acknowledged mark`,
      { timeout: 900_000 },
      async () => {
        const next = random(kind === 'postgres' ? 12 : 34);
        const acks: Ack[] = [];
        const judges = ['J1', 'J2', 'J3'];
        const entrants = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'];
        const criteria = ['seal', 'balance'];
        let lost = 0;
        /** Tables whose first answer after a restart was not the full recompute's. */
        let served = 0;
        /** Tables the verify route found differing after a restart. */
        let differing = 0;
        for (let round = 0; round < KILLS; round++) {
          const running = app as AppProcess;
          if (round === 0) {
            // Three marks one after the other: the third lands while the publisher waits out
            // its window after the second, and the kill comes right after its 201.
            for (const [entrant, value] of [
              ['E1', 30],
              ['E2', 31],
              ['E3', 32],
            ] as const) {
              acks.push(await write('J1', entrant, 'seal', value));
            }
            await running.stop('SIGKILL');
          } else {
            // Three judges write at once; after the k-th acknowledged mark the process is
            // killed at once or up to 100 ms later, with the others' writes in flight.
            const target = 1 + Math.floor(next() * 5);
            const delay = round % 2 === 0 ? 0 : Math.floor(next() * 100);
            let acked = 0;
            let killing: Promise<void> | null = null;
            const kill = (): Promise<void> =>
              (killing ??= new Promise<void>((resolve) => {
                setTimeout(resolve, delay);
              }).then(() => running.stop('SIGKILL')));
            await Promise.all(
              judges.map(async (judge) => {
                for (;;) {
                  const entrant = entrants[Math.floor(next() * entrants.length)] ?? 'E1';
                  const criterion = criteria[Math.floor(next() * criteria.length)] ?? 'seal';
                  const value = 20 + Math.floor(next() * 20);
                  let ack: Ack;
                  try {
                    ack = await write(judge, entrant, criterion, value);
                  } catch (e) {
                    // The connection went with the process: not acknowledged.
                    if (killing !== null) return;
                    throw e;
                  }
                  acks.push(ack);
                  acked += 1;
                  if (acked >= target) void kill();
                }
              }),
            );
            await kill();
          }
          // Down: what the ledger holds and what a full recompute makes of it.
          const { gone, expected } = await whileDown(async (database) => ({
            gone: await missing(database, acks),
            expected: await recomputed(database),
          }));
          lost += gone.length;
          app = await startAppProcess(data);
          // The first requests after the restart, with no write in between. (Soft: every round
          // runs and is counted, so a failing run still reports its figures.)
          for (const { scope, path } of SCOPES) {
            const r = await h.call('GET', path, { token: f.organizer });
            expect(r.status).toBe(200);
            const fresh = expected.get(`${C}|${scope}`);
            if (r.body.hash !== fresh) served += 1;
            expect.soft(r.body.hash, `${scope} after kill ${round + 1}`).toBe(fresh);
          }
          const verify = await h.call('GET', '/api/audit/verify', { token: f.organizer });
          expect(verify.status).toBe(200);
          expect(verify.body.ok).toBe(true);
          differing += (verify.body.standings?.differing as unknown[] | undefined)?.length ?? 0;
          expect.soft(verify.body.standings, `verify after kill ${round + 1}`).toMatchObject({
            ok: true,
            differing: [],
          });
        }
        await (app as AppProcess).stop('SIGTERM');
        const io = cliIo(
          keep
            ? { DATABASE_URL: keep.url ?? '' }
            : { DATA_DIR: (data as { dataDir: string }).dataDir },
        );
        const code = await main(['verify-standings'], io);
        console.log(
          `crash loop on ${kind}: ${KILLS} kills, ${acks.length} acknowledged marks, ${lost} lost, ${served} of ${KILLS * SCOPES.length} first answers stale, ${differing} tables differing; verify-standings (exit ${code}): ${io.lines.join(' / ')}`,
        );
        expect(lost).toBe(0);
        expect(served).toBe(0);
        expect(differing).toBe(0);
        expect(code).toBe(0);
      },
    );
  },
);
