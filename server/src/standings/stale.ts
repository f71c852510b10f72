/**
 * The durable record that a competition's published standings lag its ledger: the
 * standings_dirty rows the database's triggers add in the same transaction as every change
 * standings are computed from (db migration 0005). The publisher takes the rows it saw at the
 * start of a recompute off in the transaction that stores the revisions; rows committed
 * meanwhile stay, and so does every row of a competition whose publish never happened (a crash,
 * a lost database connection), for start-up and the sweep to find.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '@skills/db';

/** The changes of a competition not yet published, as of now (ids, to take off later). */
export async function pendingChanges(tx: Tx, competitionId: string): Promise<number[]> {
  const rows = rowsOf<{ id: number | string }>(
    await tx.execute(sql`select id from standings_dirty where competition_id = ${competitionId}`),
  );
  return rows.map((r) => Number(r.id));
}

/**
 * The competition's versions (to tell whether a kept state is still valid) and its changes not
 * yet published, in one statement; null when there is no such competition.
 */
export async function versionsAndChanges(
  tx: Tx,
  competitionId: string,
): Promise<{ definition: number; roster: number; changes: number[] } | null> {
  const [row] = rowsOf<{ definition: number; roster: number; changes: (number | string)[] }>(
    await tx.execute(
      sql`select c.definition_version as definition, c.roster_version as roster,
            array(select d.id from standings_dirty d where d.competition_id = c.id) as changes
          from competitions c where c.id = ${competitionId}`,
    ),
  );
  return row
    ? { definition: row.definition, roster: row.roster, changes: row.changes.map(Number) }
    : null;
}

/** Takes off the changes a recompute saw (and nothing committed after it looked). */
export async function clearChanges(tx: Tx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`delete from standings_dirty where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)`,
  );
}

/** Competitions with unpublished changes older than `olderThanMs`, the oldest first. */
export async function staleCompetitions(
  db: Db | Tx,
  olderThanMs = 0,
): Promise<{ competitionId: string; since: Date }[]> {
  const rows = rowsOf<{ competition_id: string; since: Date | string }>(
    await db.execute(
      sql`select competition_id, min(at) as since from standings_dirty
          group by competition_id
          having min(at) <= now() - make_interval(secs => ${olderThanMs / 1000}::double precision)
          order by since`,
    ),
  );
  return rows.map((r) => ({ competitionId: r.competition_id, since: new Date(r.since) }));
}
