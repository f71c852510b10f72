/**
 * openDatabase(): PGlite in a local data folder when no DATABASE_URL is given, Postgres
 * otherwise. Both speak the same drizzle API; migrations run before the handle is returned.
 */
import { mkdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { preparedOn, type PreparedTransaction } from './prepared.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: the PGlite folder (or "memory"), or the Postgres URL without password. */
  readonly location: string;
  /** The Postgres URL it was opened with (for other clients of the same server); null on PGlite. */
  readonly url: string | null;
  /** Transactions of fixed, prepared statements (prepared.ts); null on PGlite, in process. */
  readonly prepared: PreparedTransaction | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… ; absent = PGlite. */
  readonly url?: string | undefined;
  /** PGlite data folder; absent = in memory. */
  readonly dataDir?: string | undefined;
  /** Connections in the Postgres pool. */
  readonly poolSize?: number;
}

export const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Opens the database and applies every committed migration. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url !== undefined && options.url !== '') {
    // `socket` is a documented option that the type definitions leave out.
    const clientOptions = {
      max: options.poolSize ?? 10,
      onnotice: () => undefined,
      socket: connectNoDelay,
      // Seconds before a connection that failed is tried again. postgres-js's default grows
      // with every failure of the whole pool (3^n / 100, up to 20 s), so after a restart under
      // load requests waited up to 20 s for a database that was back; 0.1 s doubling to 1 s.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      // A database that does not answer at all (no refusal) fails requests after 10 s, not 30.
      connect_timeout: 10,
    };
    const client = postgres(options.url, clientOptions);
    const db = drizzlePostgres(client, { schema });
    await migratePostgres(db, { migrationsFolder: MIGRATIONS });
    await initialise(db);
    return {
      db,
      kind: 'postgres',
      location: redact(options.url),
      url: options.url,
      prepared: preparedOn(client),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  await initialise(db);
  return {
    db,
    kind: 'pglite',
    location: options.dataDir ?? 'memory',
    url: null,
    prepared: null,
    close: () => client.close(),
  };
}

/**
 * Connections with Nagle's algorithm off. postgres-js pipelines a transaction's statements as
 * small writes; with Nagle on, each write after the first waits for the server's delayed ACK,
 * which added milliseconds to every transaction.
 *
 * The socket is handed over while it connects (writes wait in it until then), never awaited: a
 * refused connection must reach postgres-js as the socket's own error and close events. A
 * factory that rejects instead leaves the pool's connection stuck in "connecting" for good, and
 * after as many refusals as the pool has connections (a Postgres restart under load) every
 * query waits forever, also once Postgres is back (server/test/database-outage.test.ts).
 */
function connectNoDelay(options: {
  host: readonly string[];
  port: readonly number[];
  path?: string | false;
}): Socket {
  return typeof options.path === 'string' && options.path !== ''
    ? connect({ path: options.path })
    : connect({
        host: options.host[0] ?? '127.0.0.1',
        port: options.port[0] ?? 5432,
        noDelay: true,
      });
}

/** Rows of `db.execute(sql…)`: postgres-js answers a row list, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The audit chain starts from a fixed genesis hash. */
export const GENESIS_HASH = '0'.repeat(64);

async function initialise(db: Db): Promise<void> {
  await db
    .insert(schema.auditHead)
    .values({ id: 1, seq: 0, hash: GENESIS_HASH })
    .onConflictDoNothing();
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
