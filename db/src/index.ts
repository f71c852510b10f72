/**
 * @skills/db: the drizzle schema, committed migrations (db/drizzle) and openDatabase().
 * Imports nothing of the repository.
 */
export * from './schema/index.ts';
export { openDatabase, rowsOf, GENESIS_HASH, MIGRATIONS } from './client.ts';
export type { Database, Db, Tx, Schema, OpenOptions } from './client.ts';
export type { PreparedTransaction, RunPrepared } from './prepared.ts';
