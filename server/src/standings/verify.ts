/**
 * verify-standings: recomputes every table from the ledger, from scratch (a fresh engine state
 * and definitions read anew, nothing from any server's memory), and compares its hash with the
 * head stored in each view. What an operator runs after an incident (`npm run audit -w server
 * -- verify-standings`, and GET /api/audit/verify): a table that differs names its stored
 * revision and hash, the recomputed hash, and since when the competition has been marked stale
 * (a publish that is due or was lost: the next start or sweep republishes it). Each
 * competition is read in one read-only repeatable-read transaction, so its parts agree.
 */
import { eq, sql } from 'drizzle-orm';
import { events, rowsOf, type Db, type StandingsView } from '@skills/db';
import type { StandingsDifference, StandingsReport } from '../contract/api.ts';
import { Catalog } from '../domain/catalog.ts';
import { expectedPublic, type PublicHistory } from './expected.ts';
import { publicOfStored, sourceOfStored } from './public-stream.ts';
import { staleCompetitions } from './stale.ts';
import { CompetitionState } from './state.ts';
import { headsOf, storedTable } from './stored.ts';

/** The stored stream, read back without any cache. */
const stored: PublicHistory = {
  async publicHead(tx, competitionId, scope, head) {
    if (!head) return null;
    const t = await storedTable(tx, competitionId, scope, 'public', head.rev);
    return t ? publicOfStored(t) : null;
  },
  async officialAt(tx, competitionId, scope, rev) {
    const t = await storedTable(tx, competitionId, scope, 'official', rev);
    return t?.rev === rev ? sourceOfStored(t) : null;
  },
};

/** Verifies the given competitions (every one when absent). */
export async function verifyStandings(
  db: Db,
  options: { competitionIds?: readonly string[] } = {},
): Promise<StandingsReport> {
  const ids =
    options.competitionIds ??
    rowsOf<{ id: string }>(await db.execute(sql`select id from competitions order by id`)).map(
      (r) => r.id,
    );
  const stale = new Map(
    (await staleCompetitions(db)).map((s) => [s.competitionId, s.since.toISOString()]),
  );
  const catalog = new Catalog(db);
  let checked = 0;
  const differing: StandingsDifference[] = [];
  for (const competitionId of ids) {
    const found = await db.transaction(
      async (tx) => {
        const versions = await CompetitionState.versions(tx, competitionId);
        if (!versions) return [];
        const state = await CompetitionState.build(tx, catalog, competitionId, versions);
        const tables = state.tables();
        const scopes = tables.map((t) => t.scope);
        const [official, publicHeads, evs, { definition }] = await Promise.all([
          headsOf(tx, competitionId, 'official', scopes),
          headsOf(tx, competitionId, 'public', scopes),
          tx.select().from(events).where(eq(events.competitionId, competitionId)),
          catalog.at(competitionId, versions.definition, tx),
        ]);
        const publics = await expectedPublic(tx, competitionId, tables, {
          events: evs,
          definition,
          roster: state.publicRoster,
          heads: publicHeads,
          history: stored,
        });
        const out: Omit<StandingsDifference, 'staleSince'>[] = [];
        const compare = (
          scope: string,
          view: StandingsView,
          head: { rev: number; hash: string } | undefined,
          hash: string,
        ): void => {
          checked += 1;
          if (head?.hash === hash) return;
          out.push({
            competitionId,
            scope,
            view,
            storedRev: head?.rev ?? 0,
            storedHash: head?.hash ?? null,
            recomputedHash: hash,
          });
        };
        for (const t of tables) {
          compare(t.scope, 'official', official.get(t.scope), t.hash);
          const expected = publics.get(t.scope);
          if (expected) compare(t.scope, 'public', publicHeads.get(t.scope), expected.table.hash);
        }
        return out;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    for (const d of found) differing.push({ ...d, staleSince: stale.get(competitionId) ?? null });
  }
  return { ok: differing.length === 0, checked, differing };
}
