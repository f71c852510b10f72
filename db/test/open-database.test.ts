import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditHead, competitions, GENESIS_HASH, type Database } from '../src/index.ts';
import { DATABASE_KINDS, openTestDatabase } from '../src/testing.ts';

describe.each(DATABASE_KINDS)('openDatabase on %s', (kind) => {
  let database: Database;
  // Opening runs every migration: on a busy machine that takes more than the default 10 s.
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  it('applies the migrations and starts the audit chain at genesis', async () => {
    const head = await database.db.select().from(auditHead);
    expect(head).toEqual([{ id: 1, seq: 0, hash: GENESIS_HASH }]);
    expect(database.kind).toBe(kind);
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(competitions).values({ id: 'c1', name: 'one' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await database.db.execute(sql`select count(*)::int as n from competitions`);
    expect(JSON.stringify(rows)).toContain('0');
  });
});
