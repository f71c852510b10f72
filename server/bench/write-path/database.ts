/**
 * The bench database seen from outside the server: its URL by name, the Postgres backends
 * serving it (whose CPU counts as Postgres's), and rows of a raw query on either driver.
 */
import type postgres from 'postgres';
import { TEST_POSTGRES_URL } from '@skills/db/testing';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function backendPids(admin: postgres.Sql | null): Promise<number[]> {
  if (!admin) return [];
  const rows = await admin<{ pid: number }[]>`
    select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`;
  return rows.map((r) => r.pid);
}

/** Rows of db.execute: an array on postgres-js, { rows } on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: unknown[] }).rows ?? []) as T[];
}
