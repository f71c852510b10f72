/**
 * The stale mark on a competition's standings is written by the database itself, in the same
 * transaction as the change: every insert, update and delete of what standings are computed
 * from adds a standings_dirty row for the competition (one per statement), and a rolled-back
 * change leaves none.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database } from '../src/index.ts';
import { DATABASE_KINDS, openTestDatabase } from '../src/testing.ts';

describe.each(DATABASE_KINDS)('standings_dirty on %s', (kind) => {
  let database: Database;
  const judge = randomUUID();
  const sheet = randomUUID();

  const dirty = async (): Promise<{ competition_id: string; source: string }[]> =>
    rowsOf<{ competition_id: string; source: string }>(
      await database.db.execute(
        sql`select competition_id, source from standings_dirty order by id`,
      ),
    );
  /** Runs `change` after clearing the table; answers what it marked. */
  const marks = async (change: SQL): Promise<string[]> => {
    await database.db.execute(sql`delete from standings_dirty`);
    await database.db.execute(change);
    return (await dirty()).map((d) => `${d.competition_id}:${d.source}`);
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  it('is marked by every change to what standings are computed from', async () => {
    expect(
      await marks(sql`insert into competitions (id, name) values ('a', 'A'), ('b', 'B')`),
    ).toEqual(['a:competitions', 'b:competitions']);
    expect(await marks(sql`update competitions set roster_version = 1 where id = 'a'`)).toEqual([
      'a:competitions',
    ]);
    expect(
      await marks(
        sql`insert into definitions (competition_id, version, body) values ('a', 1, '{}')`,
      ),
    ).toEqual(['a:definitions']);
    expect(
      await marks(sql`insert into events (competition_id, id, name) values ('a', 'e', 'E')`),
    ).toEqual(['a:events']);
    expect(await marks(sql`update events set status = 'live'`)).toEqual(['a:events']);
    expect(
      await marks(
        sql`insert into contestants (competition_id, id, bib, name, attributes) values ('a', 'c1', '001', 'C', '{}'), ('a', 'c2', '002', 'D', '{}')`,
      ),
    ).toEqual(['a:contestants']);
    expect(
      await marks(sql`insert into teams (competition_id, id, name) values ('a', 't', 'T')`),
    ).toEqual(['a:teams']);
    expect(
      await marks(
        sql`insert into team_members (competition_id, team_id, contestant_id) values ('a', 't', 'c1')`,
      ),
    ).toEqual(['a:team_members']);
    expect(await marks(sql`delete from team_members`)).toEqual(['a:team_members']);
    // Users are not standings until a judge's login (how the engine names judges) changes.
    await database.db.execute(
      sql`insert into users (id, role, competition_id, login, name, secret_hash) values (${judge}, 'judge', 'a', 'J1', 'J', 'x')`,
    );
    expect(await marks(sql`update users set login = 'J2' where id = ${judge}`)).toEqual([
      'a:users',
    ]);
    expect(
      await marks(
        sql`insert into sheets (id, competition_id, event_id, judge_id, entrant_id, updated_at) values (${sheet}, 'a', 'e', ${judge}, 'c1', now())`,
      ),
    ).toEqual(['a:sheets']);
    expect(await marks(sql`update sheets set status = 'submitted'`)).toEqual(['a:sheets']);
    expect(
      await marks(
        sql`insert into marks (sheet_id, criterion_id, version, value, op_id, entered_by, entered_at)
            select ${sheet}::uuid, 'k', v, v::text, gen_random_uuid(), ${judge}::uuid, now()
            from generate_series(1, 3) v`,
      ),
    ).toEqual(['a:marks']);
    expect(await marks(sql`delete from contestants where id = 'c2'`)).toEqual(['a:contestants']);
    // Other competitions are left alone; tables standings do not read mark nothing.
    expect(await marks(sql`update competitions set name = 'B2' where id = 'b'`)).toEqual([
      'b:competitions',
    ]);
    expect(
      await marks(sql`insert into login_attempts (key, ok, at) values ('ip:1', false, now())`),
    ).toEqual([]);
  });

  it('is not marked by a change that rolls back', async () => {
    await database.db.execute(sql`delete from standings_dirty`);
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`update events set status = 'frozen'`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await dirty()).toEqual([]);
  });
});
