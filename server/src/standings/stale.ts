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
