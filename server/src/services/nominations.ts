/**
 * Award nominations (推荐名单) from finalized results only (DESIGN.md §4: "Nominations and
 * certificates are produced only from a finalized snapshot, and carry its id and hash, the rule
 * version, and the sheets behind each rank").
 *
 * Each award is computed once every event it ranks on is final (issue 16: while other events
 * still run); the others are listed as pending with what they wait for, and the whole is refused
 * (409 not_ready, one detail per event, by name) only while no award can be computed. Each event's table is the official one at the revision its finalize pinned (recorded
 * in the audit log's `event.finalize`), read from the stored standings — not recomputed from the
 * ledger, so nothing entered or changed since can reach a nomination. An overall table is not
 * pinned by a finalize: it is read at its latest revision, and only while none of its events
 * has changed since it was finalized. The engine's evaluateAwards then applies the award rules
 * of the definition in force to those tables, with the roster's eligibility attributes.
 */
import { evaluateAwards, type AwardResult, type Rational } from '@skills/scoring';
import type { Actor } from '../auth/actor.ts';
import { canonical } from '../contract/canonical.ts';
import type { Nominations } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { engineRoster } from '../standings/engine-roster.ts';
import { sha256Hex } from '../standings/tables.ts';
import { requireOfficial } from '../domain/access.ts';
import { loadRoster } from '../domain/entrants.ts';
import { competitionName } from './exports.ts';
import { precisionOf } from '../standings/precision.ts';
import {
  engineStandings,
  finalTables,
  text,
  type Award,
  type Row,
  type Snapshot,
} from './nomination-tables.ts';
import { entrantsBehind, sheetsOf } from './nomination-sheets.ts';
import { passedOverReason } from './nomination-reasons.ts';

/**
 * GET /api/competitions/:competitionId/nominations.
 * Long on purpose: each nomination's fields are built in one place from the award result, its
 * table and the roster.
 */
export async function readNominations(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<Nominations> {
  requireOfficial(actor, competitionId);
  const { definition, version } = await ctx.catalog.current(competitionId);
  const name = await competitionName(ctx, competitionId);
  const { needed, eventTables, overallTables, ready, pending } = await finalTables(
    ctx,
    competitionId,
    definition,
  );
  const roster = await loadRoster(ctx.db, competitionId);
  // Eligibility (gender, employee status …) as the engine reads it from the roster.
  const contestants = (engineRoster(roster).contestants ?? []).map((c) => ({
    ...c,
    attributes: c.attributes ?? {},
  }));
  const results = evaluateAwards(
    { ...definition, awards: [...ready] },
    engineStandings(definition, eventTables, overallTables),
    contestants,
  );
  const sheetMap = await sheetsOf(ctx, competitionId, needed);
  const people = new Map(roster.contestants.map((c) => [c.id, c]));
  const snapshots = [...eventTables.values(), ...overallTables.values()]
    .map((s) => s.ref)
    .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  const snapshotHash = sha256Hex(
    canonical({
      competitionId,
      definitionVersion: version,
      snapshots: snapshots.map((s) => ({ scope: s.scope, rev: s.rev, hash: s.hash })),
    }),
  );
  const tableOf = (award: Award): Snapshot | undefined =>
    award.standings.of === 'overall'
      ? overallTables.get(award.standings.overall)
      : eventTables.get(award.standings.event);
  const awards = results.map((result: AwardResult) => {
    const award = definition.awards.find((a) => a.id === result.award) as Award;
    const table = tableOf(award);
    const s = award.standings;
    const rows =
      s.of === 'eventTeams' && definition.events.find((e) => e.id === s.event)?.entrants !== 'team'
        ? (table?.teams ?? [])
        : (table?.rows ?? []);
    const rowOf = (id: string): Row | undefined => rows.find((r) => r['competitor'] === id);
    // The value it ranked on, written as its table writes numbers (a time, a score, a total).
    const p = precisionOf(definition, table?.ref.scope ?? '');
    const valueText = (n: { value: Rational | null }, row: Row | undefined): string | null =>
      n.value === null
        ? null
        : row?.['time'] !== null && row?.['time'] !== undefined
          ? n.value.toFixed(p.timePlaces)
          : n.value.toFixed(p.places, p.mode);
    return {
      award: result.award,
      name: result.name,
      standings: { of: s.of, id: s.of === 'overall' ? s.overall : s.event },
      scope: table?.ref.scope ?? '',
      nominations: result.nominations.map((n) => {
        const row = rowOf(n.competitor);
        const person = people.get(n.competitor);
        return {
          competitor: n.competitor,
          bib: person?.bib ?? null,
          name: n.name,
          unit: person?.unit ?? null,
          delegation: n.delegation,
          rank: n.rank,
          place: n.eligibleRank,
          movedUp: n.eligibleRank < n.rank,
          over: result.passedOver.filter((p) => p.rank < n.rank).map((p) => p.competitor),
          score: text(row?.['score'] ?? row?.['total']),
          value: valueText(n, row),
          sheets: entrantsBehind(definition, award, n.competitor, eventTables, roster).flatMap(
            ({ event, entrant }) => sheetMap.get(`${event}|${entrant}`) ?? [],
          ),
        };
      }),
      passedOver: result.passedOver.map((p) => {
        const why = passedOverReason(p.cause);
        return {
          competitor: p.competitor,
          bib: people.get(p.competitor)?.bib ?? null,
          name: text(rowOf(p.competitor)?.['name']),
          rank: p.rank,
          reason: why.text,
          code: why.code,
          params: why.params,
        };
      }),
    };
  });
  return {
    competitionId,
    competitionName: name,
    definitionVersion: version,
    rulesVersion: definition.version,
    snapshotHash,
    snapshots,
    awards,
    pending: pending.map((p) => ({ ...p, waiting: [...p.waiting] })),
  };
}
