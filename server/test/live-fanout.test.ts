/**
 * The fan-out between instances outlives its database connections. Two instances on one Postgres
 * database, viewers on B; the connections of both fan-outs are cut (as a Postgres restart or a
 * network blip cuts them; the shared test server itself is never restarted) over and over, a
 * mark written on A right after each cut; then cut again while marks keep being written. After
 * each, every viewer on B holds the table the server holds: the LISTEN connection comes back by
 * itself, and what was stored while it was gone is read back, not lost.
 *
 * Only the fan-out's connections are cut: cutting the app's own database pool (postgres-js
 * 3.4.9) mid-write can throw from a timer inside that driver (porsager/postgres#1208), which is
 * the database layer's to handle, not the fan-out's.
 */
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@skills/db';
import type { Standings } from '../src/contract/api.ts';
import type { LiveTable } from '../src/live-client/index.ts';
import { createServer, type Server } from '../src/server.ts';
import { buildFixture, startHarness, type Fixture, type Harness } from './harness.ts';
import { mark, sheetId } from './helpers.ts';
import { startLive, waitFor, type LiveRig } from './live-rig.ts';

const C = 'fanout';
const VIEWERS = 20;

describe('the live fan-out on Postgres', () => {
  let h: Harness;
  let f: Fixture;
  let otherDb: Database;
  let b: Server;
  let rigA: LiveRig;
  let rigB: LiveRig;
  let admin: postgres.Sql;

  beforeEach(async () => {
    h = await startHarness('postgres');
    f = await buildFixture(h, C);
    const url = h.database.url;
    if (url === null) throw new Error('a Postgres database has a URL');
    otherDb = await openDatabase({ url, poolSize: 4 });
    b = createServer({ database: otherDb, config: { recomputeWindowMs: 5 } });
    rigA = await startLive(h.server);
    rigB = await startLive(b);
    admin = postgres(url, { max: 1, onnotice: () => undefined });
  });
  afterEach(async () => {
    await admin.end();
    await rigB.close();
    await rigA.close();
    await b.close();
    await otherDb.close();
    await h.close();
  });

  const httpTable = async (): Promise<Standings> =>
    (await h.call('GET', `/api/competitions/${C}/events/battery/standings`)).body as Standings;
  /** The table once a revision after `rev` is stored (the recompute runs after the commit). */
  const tableAfter = async (rev: number): Promise<Standings> => {
    for (let i = 0; i < 400; i++) {
      const t = await httpTable();
      if (t.rev > rev) return t;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no revision after ${rev}`);
  };
  const behind = (tables: LiveTable[], server: Standings): number =>
    tables.filter((t) => t.rev !== server.rev || t.hash !== server.hash).length;

  /** Ends the fan-out's connections to this database (both instances'): how many there were. */
  async function cut(): Promise<number> {
    const rows = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()
        and application_name like 'skills-live-%'`;
    return rows.length;
  }

  it('carries a mark from A to B after the fan-out connections are cut, every time', async () => {
    const tables = Array.from({ length: VIEWERS }, () =>
      rigB.client().subscribe({ competitionId: C, scope: 'battery' }),
    );
    await waitFor(() => tables.every((t) => t.status === 'live'), 'the snapshots on B');
    const entrants = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'];
    for (let round = 0; round < 6; round++) {
      const before = (await httpTable()).rev;
      expect(await cut(), `round ${round}: fan-out connections cut`).toBeGreaterThan(0);
      // Right away: B is not listening yet when A passes this mark on.
      const entrant = entrants[round] ?? 'E1';
      await mark(h, f, f.judges['J1'], await sheetId(h, f, 'J1', entrant), 'seal', 20 + round);
      const server = await tableAfter(before);
      await waitFor(() => behind(tables, server) === 0, `round ${round}: the mark on B`).catch(
        () => undefined,
      );
      expect(behind(tables, server), `round ${round}: viewers on B behind`).toBe(0);
    }
  });

  it('carries marks written while the fan-out connections are cut again and again', async () => {
    const tables = Array.from({ length: VIEWERS }, () =>
      rigB.client().subscribe({ competitionId: C, scope: 'battery' }),
    );
    await waitFor(() => tables.every((t) => t.status === 'live'), 'the snapshots on B');
    // Marks keep coming, on A, while the fan-out's connections are cut.
    const done = new AbortController();
    let written = 0;
    const writer = (async () => {
      for (let i = 0; !done.signal.aborted; i++) {
        const entrant = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6'][i % 6] ?? 'E1';
        await mark(h, f, f.judges['J2'], await sheetId(h, f, 'J2', entrant), 'seal', 10 + i);
        written++;
      }
    })();
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 150));
      expect(await cut()).toBeGreaterThan(0);
    }
    await new Promise((r) => setTimeout(r, 300));
    done.abort();
    await writer;
    expect(written).toBeGreaterThan(3);
    await h.server.publisher.settle();
    const before = (await httpTable()).rev;
    // And one more after it all, written on A.
    await mark(h, f, f.judges['J3'], await sheetId(h, f, 'J3', 'E1'), 'seal', 40);
    const server = await tableAfter(before);
    await waitFor(() => behind(tables, server) === 0, 'every mark on B').catch(() => undefined);
    expect(behind(tables, server), 'viewers on B behind').toBe(0);
    expect(tables.every((t) => t.status === 'live')).toBe(true);
  });
});
