/**
 * A Postgres connection lost inside a transaction (the server restarted, or an administrator
 * terminated the backend: 57P01) rejects the transaction with a connection error, and the pool
 * serves the next query on a new connection. It must never throw outside the caller's await:
 * postgres-js 3.4 writes the transaction's ROLLBACK to a socket it has already dropped and
 * throws from a timer, which takes the whole process down (porsager/postgres#1208, #1154;
 * guarded by db/scripts/postgres-socket-guard.ts at install). Postgres only.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index.ts';
import { openTestDatabase, TEST_POSTGRES_URL } from '../src/testing.ts';

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** The codes of a lost connection: the backend's own (57P01) or the driver's. */
const LOST = /^(57P01|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED)$/;

/** The error's code, whether drizzle wrapped the driver's error (cause) or not. */
function lostConnectionCode(e: unknown): string {
  const error = e as { code?: unknown; cause?: { code?: unknown } };
  return String(error.cause?.code ?? error.code);
}

describe('a connection lost inside a transaction, on postgres', () => {
  let database: Database;
  let admin: postgres.Sql;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown): void => {
    uncaught.push(e);
  };

  beforeAll(async () => {
    database = await openTestDatabase('postgres', { poolSize: 2 });
    admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined });
    process.on('uncaughtExceptionMonitor', onUncaught);
  }, 60_000);
  afterAll(async () => {
    process.off('uncaughtExceptionMonitor', onUncaught);
    await admin.end();
    await database.close();
  });

  const terminate = async (): Promise<void> => {
    const name = new URL(database.url ?? '').pathname.slice(1);
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
  };

  it('rejects the transaction, throws nothing outside it, and the next query runs', async () => {
    // Idle between two statements when the backend goes, and busy in one.
    const idle = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await sleep(300);
      await tx.execute(sql`select 2`);
    });
    const busy = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_sleep(2)`);
    });
    const settled = Promise.allSettled([idle, busy]);
    await sleep(150);
    await terminate();
    const [a, b] = await settled;
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    await sleep(100);
    expect(uncaught).toEqual([]);
    // postgres-js may answer a lost connection's first reuse with the error that ended it
    // (once per connection); after that the pool serves queries on new connections.
    let after: unknown = null;
    for (let attempt = 0; attempt < 3 && after === null; attempt++) {
      after = await database.db.execute(sql`select 3 as x`).catch((e: unknown) => {
        expect(lostConnectionCode(e), String(e)).toMatch(LOST);
        return null;
      });
    }
    expect(JSON.stringify(after)).toContain('3');
    expect(uncaught).toEqual([]);
  });
});
