/**
 * The whole ledger of a competition as one JSON document (DESIGN.md §4: "results can be
 * recomputed from it"): the definition in force, the roster, every current mark (the latest
 * version of each judge's mark on each criterion, cleared marks left out), the event and sheet
 * statuses, each official table's latest revision and hash, and the audit chain's head. All of
 * it is read in one read-only repeatable-read transaction, so the parts agree with each other.
 *
 * `definition` is what the scoring CLI reads as its definition file and `input` what it reads
 * as its marks JSON (the engine's ScoringInputFile, roster included):
 *   jq .definition ledger.json > def.json; jq .input ledger.json > input.json
 *   npx scoring def.json input.json --json
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  auditHead,
  competitions,
  definitions,
  events,
  sheets,
  standings,
  users,
  type Tx,
} from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { LedgerExport } from '../contract/api.ts';
import { currentMarks } from '../ledger/current-marks.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/service-error.ts';
import { engineRoster } from '../standings/engine-roster.ts';
import { requireOfficial } from '../domain/access.ts';
import { contestantRow, loadRoster, teamRows } from '../domain/entrants.ts';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ledger export: one transaction gathers every table of the file, so they agree with one
 * another.
 */
export async function exportLedger(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<LedgerExport> {
  requireOfficial(actor, competitionId);
  return ctx.db.transaction(
    async (tx) => {
      const [comp] = await tx.select().from(competitions).where(eq(competitions.id, competitionId));
      if (!comp) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
      const [def] = await tx
        .select({ body: definitions.body })
        .from(definitions)
        .where(
          and(
            eq(definitions.competitionId, competitionId),
            eq(definitions.version, comp.definitionVersion),
          ),
        );
      const { definition } = await ctx.catalog.at(competitionId, comp.definitionVersion, tx);
      const roster = await loadRoster(tx, competitionId);
      const current = await currentMarks(tx, eq(sheets.competitionId, competitionId));
      const sheetRows = await sheetTable(tx, competitionId);
      const heads = await officialHeads(tx, competitionId);
      const states = await tx
        .select({ id: events.id, status: events.status })
        .from(events)
        .where(eq(events.competitionId, competitionId));
      const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1));
      const statusOf = new Map(states.map((s) => [s.id, s.status]));
      const input = engineRoster(roster);
      return {
        format: 'skills-ledger/1' as const,
        competitionId,
        name: comp.name,
        exportedAt: ctx.now().toISOString(),
        definitionVersion: comp.definitionVersion,
        rosterVersion: comp.rosterVersion,
        definition: def?.body ?? null,
        input: {
          contestants: input.contestants ?? [],
          teams: input.teams ?? [],
          marks: inputMarks(current),
          // DNS / DNF / DQ are entered as marks on a time criterion; no separate entries.
          statuses: [],
        },
        roster: {
          contestants: roster.contestants.map(contestantRow),
          teams: teamRows(roster),
        },
        events: definition.events.map((e) => ({
          id: e.id,
          name: e.name,
          status: statusOf.get(e.id) ?? 'setup',
        })),
        sheets: sheetRows,
        standings: heads,
        audit: { seq: head?.seq ?? 0, hash: head?.hash ?? '' },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The marks as the engine reads them: cleared ones left out, in one stable order. */
function inputMarks(
  current: Awaited<ReturnType<typeof currentMarks>>,
): LedgerExport['input']['marks'] {
  return current
    .flatMap(({ event, competitor, judge, criterion, value }) =>
      value === null ? [] : [{ event, competitor, judge, criterion, value }],
    )
    .sort(
      (a, b) =>
        byText(a.event, b.event) ||
        byText(a.competitor, b.competitor) ||
        byText(a.criterion, b.criterion) ||
        byText(a.judge, b.judge),
    );
}

/** Every sheet with its judge's and verifier's logins, by event, entrant and judge. */
async function sheetTable(tx: Tx, competitionId: string) {
  const judge = alias(users, 'judge');
  const verifier = alias(users, 'verifier');
  return tx
    .select({
      id: sheets.id,
      event: sheets.eventId,
      judge: judge.login,
      entrant: sheets.entrantId,
      status: sheets.status,
      verifiedBy: verifier.login,
    })
    .from(sheets)
    .innerJoin(judge, eq(judge.id, sheets.judgeId))
    .leftJoin(verifier, eq(verifier.id, sheets.verifiedBy))
    .where(eq(sheets.competitionId, competitionId))
    .orderBy(asc(sheets.eventId), asc(sheets.entrantId), asc(judge.login));
}

/** Each official table's latest revision and hash. */
async function officialHeads(tx: Tx, competitionId: string) {
  return tx
    .selectDistinctOn([standings.scope], {
      scope: standings.scope,
      rev: standings.rev,
      hash: standings.hash,
    })
    .from(standings)
    .where(and(eq(standings.competitionId, competitionId), eq(standings.view, 'official')))
    .orderBy(standings.scope, desc(standings.rev));
}
