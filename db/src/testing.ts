/**
 * Test databases for the contract suites: a fresh in-memory PGlite, or a fresh database on the
 * real Postgres (TEST_POSTGRES_URL, default 127.0.0.1:5432/test) that is dropped afterwards. The
 * Postgres server outlives a run, so every suite gets a database of its own with a new name.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from './client.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'postgres'];

export const TEST_POSTGRES_URL =
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Opens a fresh, migrated database of the given kind; close() drops it. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { poolSize?: number } = {},
): Promise<Database> {
  if (kind === 'pglite') return openDatabase();
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ url: url.toString(), poolSize: options.poolSize ?? 10 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      const drop = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => undefined });
      try {
        await drop.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await drop.end();
      }
    },
  };
}
