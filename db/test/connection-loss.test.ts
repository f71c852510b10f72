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

  /** Until the busy transaction's pg_sleep runs on the server. */
  const waitForSleeper = async (): Promise<void> => {
    const name = new URL(database.url ?? '').pathname.slice(1);
    for (let i = 0; i < 500; i++) {
      const rows = await admin`select 1 from pg_stat_activity
        where datname = ${name} and state = 'active' and query like '%pg_sleep%'`;
      if (rows.length > 0) return;
      await sleep(10);
    }
  };

  it('rejects the transaction, throws nothing outside it, and the next query runs', async () => {
    // Idle between two statements when the backend goes, and busy in one.
    // The backend goes once both are inside their transactions (a busy machine may take
    // longer than a fixed wait to get there).
    let idleStarted = (): void => undefined;
    const inIdle = new Promise<void>((resolve) => {
      idleStarted = resolve;
    });
    const idle = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      idleStarted();
      await sleep(300);
      await tx.execute(sql`select 2`);
    });
    const busy = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_sleep(2)`);
    });
    const settled = Promise.allSettled([idle, busy]);
    await inIdle;
    await waitForSleeper();
    await terminate();
    const [a, b] = await settled;
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    await sleep(100);
    expect(uncaught).toEqual([]);
    // The next query runs at once on a new connection: the error that ended the old one is
    // not handed to the connection's next user.
    expect(JSON.stringify(await database.db.execute(sql`select 3 as x`))).toBe('[{"x":3}]');
    // Every later query gets its own answer, also when several share the new connections.
    const numbers = [10, 11, 12, 13, 14];
    expect(await Promise.all(numbers.map((n) => answer(n)))).toEqual(numbers.map(own));
    expect(uncaught).toEqual([]);
  });

  it('refuses a statement of a transaction whose connection was lost, so it cannot take another query’s answer', async () => {
    // The transaction's connection is lost while it is idle; the pool reconnects that same
    // connection object for the next query; then the transaction sends its next statement. Sent
    // on the new connection while it starts, its answer was handed to the query waiting there,
    // and every answer after it to the query before ('select 11' answered with 3). The moment
    // the statement lands in the start-up varies, so each round shifts it by a few ms.
    const single = await openTestDatabase('postgres', { poolSize: 1 });
    const name = new URL(single.url ?? '').pathname.slice(1);
    try {
      for (const offset of [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20]) {
        let release = (): void => undefined;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        let started = (): void => undefined;
        const inTransaction = new Promise<void>((resolve) => {
          started = resolve;
        });
        const outcome = single.db
          .transaction(async (tx) => {
            await tx.execute(sql`select 1`);
            started();
            await gate;
            await tx.execute(sql`select 2 as x`);
          })
          .then(
            () => 'committed',
            (e: unknown) => lostConnectionCode(e),
          );
        await within(`offset ${offset}: the transaction's start`, inTransaction);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`;
        await sleep(50);
        const first = answer(offset + 100, single);
        await sleep(offset);
        release();
        expect(await within(`offset ${offset}: the transaction`, outcome)).toMatch(LOST);
        expect(await within(`offset ${offset}: select ${offset + 100}`, first)).toBe(
          own(offset + 100),
        );
        const numbers = [1, 2, 3].map((n) => offset * 10 + n);
        const later = Promise.all(numbers.map((n) => answer(n, single)));
        expect(await within(`offset ${offset}: later queries`, later)).toEqual(numbers.map(own));
      }
      expect(uncaught).toEqual([]);
    } finally {
      await single.close();
    }
  });

  /** `select n`, retried while the answer is a lost connection's error. */
  async function answer(n: number, on: Database = database): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return JSON.stringify(await on.db.execute(sql`select ${n}::int as x`));
      } catch (e) {
        if (attempt >= 2 || !LOST.test(lostConnectionCode(e))) throw e;
      }
    }
  }
  const own = (n: number): string => JSON.stringify([{ x: n }]);

  /** The promise's value, or a failure naming what did not settle within 10 s. */
  async function within<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${what}: no answer within 10 s`));
      }, 10_000);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
});
