/**
 * Transactions of prepared statements (src/prepared.ts), Postgres only (PGlite has none): what
 * `fn` writes commits when it resolves and leaves nothing when it throws or a statement fails;
 * each fixed text is prepared once per connection, so running it again neither parses it again
 * nor adds a statement; text parameters reach jsonb, timestamptz and bigint as they are.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database, type PreparedTransaction } from '../src/index.ts';
import { openTestDatabase } from '../src/testing.ts';

describe('transactions of prepared statements, on postgres', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('postgres', { poolSize: 1 });
    await database.db.execute(
      sql`create table prepared_probe (k text primary key, doc jsonb, at timestamptz, n bigint)`,
    );
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  const INSERT =
    'insert into prepared_probe (k, doc, at, n) values ($1::text, $2::text::jsonb, $3::text::timestamptz, $4::text::bigint) returning doc, n::text as n';
  const keys = async (): Promise<string[]> =>
    rowsOf<{ k: string }>(
      await database.db.execute(sql`select k from prepared_probe order by k`),
    ).map((r) => r.k);
  const run: PreparedTransaction = (fn) => {
    if (!database.prepared) throw new Error('no prepared transactions on postgres');
    return database.prepared(fn);
  };

  it('is offered on postgres', () => {
    expect(database.prepared).not.toBeNull();
  });

  it('commits when fn resolves, with text parameters reaching their types', async () => {
    const rows = await run(async (exec) => {
      await exec(INSERT, ['a', '{"x":[1,2]}', '2026-12-07T10:00:00.000Z', '9007199254740993']);
      return exec(INSERT, ['b', '"text"', '2026-12-07T10:00:00.000Z', '1']);
    });
    expect(rows).toEqual([{ doc: 'text', n: '1' }]);
    const [a] = rowsOf<{ doc: unknown; n: string; at: string }>(
      await database.db.execute(
        sql`select doc, n::text as n, to_char(at at time zone 'UTC', 'HH24:MI') as at from prepared_probe where k = 'a'`,
      ),
    );
    expect(a).toEqual({ doc: { x: [1, 2] }, n: '9007199254740993', at: '10:00' });
  });

  it('leaves nothing when fn throws after a statement, or a statement fails', async () => {
    await expect(
      run(async (exec) => {
        await exec(INSERT, ['c', '{}', '2026-12-07T10:00:00.000Z', '1']);
        throw new Error('refused after the write');
      }),
    ).rejects.toThrow('refused after the write');
    await expect(
      run(async (exec) => {
        await exec(INSERT, ['d', '{}', '2026-12-07T10:00:00.000Z', '1']);
        await exec(INSERT, ['a', '{}', '2026-12-07T10:00:00.000Z', '1']); // duplicate key
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await keys()).toEqual(['a', 'b']);
    // The connection is usable again (not left inside an aborted transaction).
    await run((exec) => exec(INSERT, ['e', '{}', '2026-12-07T10:00:00.000Z', '1']));
    expect(await keys()).toEqual(['a', 'b', 'e']);
  });

  it('prepares each text once per connection', async () => {
    const prepared = async (): Promise<number> =>
      (
        await run((exec) =>
          exec(
            "select count(*)::int as n from pg_prepared_statements where statement like 'insert into prepared_probe%'",
            [],
          ),
        )
      ).map((r) => (r as { n: number }).n)[0] ?? 0;
    const before = await prepared();
    expect(before).toBe(1);
    for (const k of ['f', 'g', 'h']) {
      await run((exec) => exec(INSERT, [k, '{}', '2026-12-07T10:00:00.000Z', '1']));
    }
    expect(await prepared()).toBe(1);
  });
});
