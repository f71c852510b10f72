/**
 * openDatabase(): PGlite in a local data folder when no DATABASE_URL is given, Postgres
 * otherwise. Both speak the same drizzle API; migrations run before the handle is returned.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: the PGlite folder (or "memory"), or the Postgres URL without password. */
  readonly location: string;
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
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => undefined,
    });
    const db = drizzlePostgres(client, { schema });
    await migratePostgres(db, { migrationsFolder: MIGRATIONS });
    await initialise(db);
    return {
      db,
      kind: 'postgres',
      location: redact(options.url),
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
    close: () => client.close(),
  };
}

/** The audit chain starts from a fixed genesis hash. */
export const GENESIS_HASH = '0'.repeat(64);

async function initialise(db: Db): Promise<void> {
  await db
    .insert(schema.auditHead)
    .values({ id: 1, seq: 0, hash: GENESIS_HASH })
    .onConflictDoNothing();
  await db.execute(sql`select 1`);
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
