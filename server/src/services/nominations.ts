/**
 * Award nominations (推荐名单) from finalized results only (DESIGN.md §4: "Nominations and
 * certificates are produced only from a finalized snapshot, and carry its id and hash, the rule
 * version, and the sheets behind each rank").
 *
 * Refused (409 not_ready, one detail per event) unless every event the award rules rank on is
 * final. Each event's table is the official one at the revision its finalize pinned (recorded
 * in the audit log's `event.finalize`), read from the stored standings — not recomputed from the
 * ledger, so nothing entered or changed since can reach a nomination. An overall table is not
 * pinned by a finalize: it is read at its latest revision, and only while none of its events
 * has changed since it was finalized. The engine's evaluateAwards then applies the award rules
 * of the definition in force to those tables, with the roster's eligibility attributes.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  evaluateAwards,
  overallEvents,
  type AwardResult,
  type Competition,
  type Rational,
  type Standings as EngineStandings,
} from '@skills/scoring';
import { auditLog, events, sheets, standingSnapshots, standings, users } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import { canonical } from '../contract/canonical.ts';
import type { Nominations, SnapshotRef } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import type { CsvCell } from '../files/csv.ts';
import { XLSX_TYPE, entrantColumns, workbookBytes, type TableSheet } from '../files/xlsx.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { engineRoster } from '../standings/engine-roster.ts';
import { overallScope } from '../contract/live.ts';
import { storedTable, type StoredTable } from '../standings/stored.ts';
import { sha256Hex } from '../standings/tables.ts';
import { requireOfficial } from '../domain/access.ts';
import { loadRoster, type RosterRows } from '../domain/entrants.ts';
import type { FileAnswer } from '../files/file-answer.ts';
import { competitionName } from './exports.ts';
import { exactValue, precisionOf } from '../standings/precision.ts';

type Row = Record<string, unknown>;
type Award = Competition['awards'][number];

interface Snapshot {
  readonly ref: SnapshotRef;
  readonly rows: readonly Row[];
  readonly teams: readonly Row[] | null;
}

/** The events an award's standings are made of. */
function eventsOf(definition: Competition, award: Award): string[] {
  const s = award.standings;
  if (s.of !== 'overall') return [s.event];
  const o = definition.overall.find((x) => x.id === s.overall);
  return o ? overallEvents(o) : [];
}

/** A scope's official revisions, in the revision log or among its snapshots. */
function officialOf(
  table: typeof standings | typeof standingSnapshots,
  competitionId: string,
  scope: string,
): SQL | undefined {
  return and(
    eq(table.competitionId, competitionId),
    eq(table.view, 'official'),
    eq(table.scope, scope),
  );
}

async function definitionVersionAt(
  ctx: Ctx,
  competitionId: string,
  scope: string,
  rev: number,
): Promise<number | null> {
  const [row] = await ctx.db
    .select({ v: standings.definitionVersion })
    .from(standings)
    .where(and(officialOf(standings, competitionId, scope), eq(standings.rev, rev)));
  return row?.v ?? null;
}

/** The latest official revision of a scope (0 when none is stored). */
async function headRev(ctx: Ctx, competitionId: string, scope: string): Promise<number> {
  const [row] = await ctx.db
    .select({ rev: standings.rev })
    .from(standings)
    .where(officialOf(standings, competitionId, scope))
    .orderBy(desc(standings.rev))
    .limit(1);
  return row?.rev ?? 0;
}

/** What a nomination cites of a stored official table (none stored: revision 0, no hash). */
async function refOf(
  ctx: Ctx,
  competitionId: string,
  scope: string,
  table: StoredTable | null,
  finalizedAt: string | null,
): Promise<SnapshotRef> {
  return {
    scope,
    rev: table?.rev ?? 0,
    hash: table?.hash ?? '',
    finalizedAt,
    definitionVersion: table
      ? await definitionVersionAt(ctx, competitionId, scope, table.rev)
      : null,
  };
}

/** An event's official table at the revision its (latest) finalize pinned. */
async function finalSnapshot(ctx: Ctx, competitionId: string, eventId: string): Promise<Snapshot> {
  const [finalize] = await ctx.db
    .select({ at: auditLog.at, data: auditLog.data })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.competitionId, competitionId),
        eq(auditLog.action, 'event.finalize'),
        sql`${auditLog.data}->>'event' = ${eventId}`,
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const recorded = (finalize?.data as { rev?: unknown } | undefined)?.rev;
  let rev = typeof recorded === 'number' ? recorded : undefined;
  if (rev === undefined) {
    // Finalized before any table was stored: the latest pinned one, if any.
    const [pinned] = await ctx.db
      .select({ rev: standingSnapshots.rev })
      .from(standingSnapshots)
      .where(
        and(
          officialOf(standingSnapshots, competitionId, eventId),
          eq(standingSnapshots.pinned, true),
        ),
      )
      .orderBy(desc(standingSnapshots.rev))
      .limit(1);
    rev = pinned?.rev;
  }
  const table =
    rev !== undefined ? await storedTable(ctx.db, competitionId, eventId, 'official', rev) : null;
  return {
    ref: await refOf(ctx, competitionId, eventId, table, finalize?.at.toISOString() ?? null),
    rows: table?.rows ?? [],
    teams: table?.teams ?? null,
  };
}

const rational = (v: unknown): Rational | null => exactValue(v) ?? null;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const rankOf = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * The stored tables as the engine's standings, for evaluateAwards: it reads who, rank, status,
 * score and time (events), total (overall tables) and the table's direction; the rows'
 * explanations stay in the stored tables.
 */
function engineStandings(
  definition: Competition,
  eventTables: ReadonlyMap<string, Snapshot>,
  overallTables: ReadonlyMap<string, Snapshot>,
): EngineStandings {
  const entrantRow = (r: Row) => ({
    competitor: String(r['competitor']),
    name: text(r['name']),
    delegation: text(r['delegation']),
    rank: rankOf(r['rank']),
    status: String(r['status']),
  });
  const eventRow = (r: Row) => ({
    ...entrantRow(r),
    team: text(r['team']),
    score: rational(r['score']),
    time: rational(r['time']),
  });
  const standingsLike = {
    competition: definition.id,
    version: definition.version,
    events: definition.events
      .filter((e) => eventTables.has(e.id))
      .map((e) => {
        const t = eventTables.get(e.id);
        return {
          event: e.id,
          name: e.name,
          rankBy: e.rankBy.by,
          entrants: e.entrants,
          rows: (t?.rows ?? []).map(eventRow),
          teams: t?.teams ? t.teams.map(eventRow) : null,
        };
      }),
    overall: definition.overall
      .filter((o) => overallTables.has(o.id))
      .map((o) => ({
        overall: o.id,
        name: o.name,
        scope: o.scope,
        lowerIsBetter: o.method.kind === 'rankPoints' && o.method.points.kind === 'rank',
        rows: (overallTables.get(o.id)?.rows ?? []).map((r) => ({
          ...entrantRow(r),
          total: rational(r['total']),
        })),
      })),
  };
  return standingsLike as unknown as EngineStandings;
}

interface SheetRow {
  id: string;
  event: string;
  entrant: string;
  judge: string;
  status: 'draft' | 'returned' | 'submitted' | 'verified' | 'locked';
  verifiedBy: string | null;
  verifiedAt: string | null;
}

async function sheetsOf(
  ctx: Ctx,
  competitionId: string,
  eventIds: readonly string[],
): Promise<Map<string, SheetRow[]>> {
  const out = new Map<string, SheetRow[]>();
  if (eventIds.length === 0) return out;
  const judge = alias(users, 'judge');
  const verifier = alias(users, 'verifier');
  const rows = await ctx.db
    .select({
      id: sheets.id,
      event: sheets.eventId,
      entrant: sheets.entrantId,
      judge: judge.login,
      status: sheets.status,
      verifiedBy: verifier.login,
      verifiedAt: sheets.verifiedAt,
    })
    .from(sheets)
    .innerJoin(judge, eq(judge.id, sheets.judgeId))
    .leftJoin(verifier, eq(verifier.id, sheets.verifiedBy))
    .where(and(eq(sheets.competitionId, competitionId), inArray(sheets.eventId, [...eventIds])))
    .orderBy(sheets.eventId, sheets.entrantId, judge.login);
  for (const r of rows) {
    const key = `${r.event}|${r.entrant}`;
    const list = out.get(key) ?? [];
    list.push({ ...r, verifiedAt: r.verifiedAt?.toISOString() ?? null });
    out.set(key, list);
  }
  return out;
}

/** Whose sheets stand behind a competitor's place in an award's standings. */
function entrantsBehind(
  definition: Competition,
  award: Award,
  competitor: string,
  eventTables: ReadonlyMap<string, Snapshot>,
  roster: RosterRows,
): { event: string; entrant: string }[] {
  const s = award.standings;
  const membersOf = (team: string): string[] =>
    roster.members.filter((m) => m.teamId === team).map((m) => m.contestantId);
  if (s.of === 'event') return [{ event: s.event, entrant: competitor }];
  if (s.of === 'eventTeams') {
    const ev = definition.events.find((e) => e.id === s.event);
    if (ev?.entrants === 'team') return [{ event: s.event, entrant: competitor }];
    const row = eventTables.get(s.event)?.teams?.find((t) => t['competitor'] === competitor);
    const members = Array.isArray(row?.['members'])
      ? (row['members'] as Row[]).map((m) => String(m['competitor']))
      : membersOf(competitor);
    return members.map((m) => ({ event: s.event, entrant: m }));
  }
  const o = definition.overall.find((x) => x.id === s.overall);
  if (!o) return [];
  let who: string[] = [competitor];
  if (o.scope === 'team') who = [competitor, ...membersOf(competitor)];
  if (o.scope === 'delegation') {
    who = [
      ...roster.contestants.filter((c) => c.delegation === competitor).map((c) => c.id),
      ...roster.teams.filter((t) => t.delegation === competitor).map((t) => t.id),
    ];
  }
  return overallEvents(o).flatMap((event) => who.map((entrant) => ({ event, entrant })));
}

/** GET /api/competitions/:competitionId/nominations. */
export async function readNominations(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
): Promise<Nominations> {
  requireOfficial(actor, competitionId);
  const { definition, version } = await ctx.catalog.current(competitionId);
  const name = await competitionName(ctx, competitionId);
  const states = await ctx.db
    .select({ id: events.id, status: events.status })
    .from(events)
    .where(eq(events.competitionId, competitionId));
  const statusOf = new Map(states.map((s) => [s.id, s.status]));
  const needed = [...new Set(definition.awards.flatMap((a) => eventsOf(definition, a)))];
  const open: ErrorDetail[] = needed
    .filter((id) => statusOf.get(id) !== 'final')
    .map((id) =>
      detail(
        `events.${id}`,
        'not_final',
        `event "${id}" is ${statusOf.get(id) ?? 'setup'}, not final: nominations are read from final results only`,
      ),
    );
  if (open.length > 0) {
    throw new ServiceError(
      'not_ready',
      `${open.length} event${open.length === 1 ? '' : 's'} the awards rank on ${open.length === 1 ? 'is' : 'are'} not final`,
      { details: open },
    );
  }
  const eventTables = new Map<string, Snapshot>();
  for (const id of needed) eventTables.set(id, await finalSnapshot(ctx, competitionId, id));
  const overallTables = new Map<string, Snapshot>();
  const changed: ErrorDetail[] = [];
  for (const award of definition.awards) {
    const s = award.standings;
    if (s.of !== 'overall' || overallTables.has(s.overall)) continue;
    const o = definition.overall.find((x) => x.id === s.overall);
    if (!o) continue;
    for (const e of overallEvents(o)) {
      const pinned = eventTables.get(e)?.ref.rev ?? 0;
      if ((await headRev(ctx, competitionId, e)) !== pinned) {
        changed.push(
          detail(
            `overall.${o.id}`,
            'changed_since_final',
            `the standings of event "${e}" changed after it was finalized: reopen and finalize it again`,
          ),
        );
      }
    }
    const scope = overallScope(o.id);
    const t = await storedTable(ctx.db, competitionId, scope, 'official');
    overallTables.set(o.id, {
      ref: await refOf(ctx, competitionId, scope, t, null),
      rows: t?.rows ?? [],
      teams: null,
    });
  }
  if (changed.length > 0) {
    throw new ServiceError('not_ready', 'an overall table changed after its events were final', {
      details: changed,
    });
  }
  const roster = await loadRoster(ctx.db, competitionId);
  // Eligibility (gender, employee status …) as the engine reads it from the roster.
  const contestants = (engineRoster(roster).contestants ?? []).map((c) => ({
    ...c,
    attributes: c.attributes ?? {},
  }));
  const results = evaluateAwards(
    definition,
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
      passedOver: result.passedOver.map((p) => ({
        competitor: p.competitor,
        bib: people.get(p.competitor)?.bib ?? null,
        name: text(rowOf(p.competitor)?.['name']),
        rank: p.rank,
        reason: p.reason,
      })),
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
  };
}

/** The nominations as a workbook: one sheet per award, then the snapshots they came from. */
export async function nominationsFile(n: Nominations): Promise<FileAnswer> {
  const provenance = `规则版本 (Rules version) ${n.rulesVersion} · 定义版本 (Definition version) ${n.definitionVersion} · 快照哈希 (Snapshot hash) ${n.snapshotHash}`;
  const sheetsOut: TableSheet[] = n.awards.map((a) => {
    const rows: CsvCell[][] = a.nominations.map((x) => {
      const shown = exactValue(x.score) ? x.score : null;
      const judges = [...new Set(x.sheets.map((s) => s.judge))].join('、');
      const verifiers = [...new Set(x.sheets.flatMap((s) => s.verifiedBy ?? []))].join('、');
      return [
        x.place,
        x.rank,
        x.competitor,
        x.bib,
        x.name,
        x.unit,
        x.delegation,
        shown === null ? null : { decimal: shown },
        x.movedUp ? `递补 (moved up over ${x.over.join(', ')})` : null,
        `${x.sheets.length} 张 (sheets) · 裁判 (judges) ${judges || '-'} · 复核 (verified by) ${verifiers || '-'}`,
      ];
    });
    if (a.passedOver.length > 0) {
      rows.push([], ['未获推荐 (Passed over)']);
      for (const p of a.passedOver) {
        rows.push([null, p.rank, p.competitor, p.bib, p.name, null, null, null, p.reason, null]);
      }
    }
    return {
      name: a.name,
      title: [`${n.competitionName} · ${a.name} · ${provenance}`],
      columns: [
        { header: '推荐名次 (Place)', width: 10 },
        ...entrantColumns({ header: '姓名 (Name)', width: 14 }, { people: true }),
        { header: '成绩 (Score)', width: 10 },
        { header: '递补 (Moved up)', width: 30 },
        { header: '评分表 (Sheets)', width: 50 },
      ],
      rows,
    };
  });
  sheetsOut.push({
    name: '快照 (Snapshots)',
    title: [`${n.competitionName} · ${provenance}`],
    columns: [
      { header: '范围 (Scope)', width: 20 },
      { header: '修订 (Revision)', width: 10 },
      { header: '表哈希 (Table hash)', width: 70 },
      { header: '定稿时间 (Finalized at)', width: 26 },
      { header: '定义版本 (Definition version)', width: 12 },
    ],
    rows: n.snapshots.map((s) => [s.scope, s.rev, s.hash, s.finalizedAt, s.definitionVersion]),
  });
  return {
    bytes: await workbookBytes(sheetsOut),
    type: XLSX_TYPE,
    name: `${n.competitionName}-推荐名单.xlsx`,
    fallback: `${n.competitionId}-nominations.xlsx`,
    headers: { 'x-snapshot-hash': n.snapshotHash },
  };
}
