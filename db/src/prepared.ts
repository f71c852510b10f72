/**
 * A transaction of named prepared statements on Postgres, for a hot path with fixed statement
 * texts (the mark writer's read and write).
 *
 * Why: drizzle's postgres-js session sends every statement unnamed, and postgres-js sends an
 * unnamed statement with parameters in two round trips (Parse and Describe, then Bind and
 * Execute once the parameter types are back), planning it again each time. BEGIN, a read, a
 * write and COMMIT through drizzle took six round trips; with prepared statements they take four,
 * the statements parsed once per connection. (Sending BEGIN with the read and COMMIT with the
 * write would save two more, but needs postgres-js's `reserve`, which 3.4 strands and leaks when
 * a connection is lost: porsager/postgres#1195, #1168.)
 *
 * Only fixed texts belong here: every distinct text stays prepared on each connection. Statements
 * should take text parameters (`$1::text::jsonb`), so each parameter's type is known without
 * asking and the value is sent as it is.
 */
import type postgres from 'postgres';

/** Runs one prepared statement of the transaction and answers its rows. */
export type RunPrepared = (text: string, params: readonly string[]) => Promise<unknown[]>;

/** Runs `fn` in one transaction, committed when it resolves, rolled back when it throws. */
export type PreparedTransaction = <T>(fn: (run: RunPrepared) => Promise<T>) => Promise<T>;

export function preparedOn(client: postgres.Sql): PreparedTransaction {
  return async <T>(fn: (run: RunPrepared) => Promise<T>): Promise<T> =>
    (await client.begin((tx) =>
      fn(async (text, params) => [...(await tx.unsafe(text, [...params], { prepare: true }))]),
    )) as T;
}
