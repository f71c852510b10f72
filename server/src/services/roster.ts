/**
 * Roster import: contestants and teams, added or updated by id, all or nothing. One bad row
 * imports nothing, and every bad row is listed with its field.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { competitions, contestants, teamMembers, teams, type Tx } from '@skills/db';
import { record } from '../audit/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { ContestantInput, TeamInput } from '../contract/api.ts';
import type { ErrorDetail } from '../contract/errors.ts';
import type { Ctx } from '../context.ts';
import { ServiceError, detail } from '../errors/service-error.ts';
import { requireOrganizer } from '../domain/access.ts';
import { loadRoster } from '../domain/entrants.ts';

type Contestant = ContestantInput & { attributes: Record<string, string | number | boolean> };
type Team = TeamInput & { members: string[] };

export type RosterSection = 'contestants' | 'teams';

/**
 * Where a problem with an entry is reported: the JSON body's path by default
 * ("body.contestants[3].events[1]"); a file import names its spreadsheet row and column.
 */
export interface RosterLocator {
  path(section: RosterSection, index: number, field: string, item?: number): string;
  /** How a message names another entry: "row 3". */
  label(section: RosterSection, index: number): string;
}

const BODY_PATHS: RosterLocator = {
  path: (section, index, field, item) =>
    `body.${section}[${index}].${field}${item !== undefined ? `[${item}]` : ''}`,
  label: (_section, index) => `row ${index}`,
};

export interface RosterImportOptions {
  readonly at?: RosterLocator;
  /** Problems already found in the entries (a file's rows): reported with the roster's own. */
  readonly problems?: readonly ErrorDetail[];
  /** Recorded with the import in the audit log (where the roster came from). */
  readonly audit?: Record<string, unknown>;
  /** Check everything, write nothing (an import's preview). */
  readonly dryRun?: boolean;
  /** Written in the same transaction, after the roster (a file's personal data columns). */
  readonly alsoWrite?: ((tx: Tx) => Promise<void>) | undefined;
}

export async function importRoster(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  body: RosterBody,
  options: RosterImportOptions = {},
): Promise<{ contestants: number; teams: number }> {
  const user = requireOrganizer(actor);
  const { definition } = await ctx.catalog.current(competitionId);
  const eventIds = new Set(definition.events.map((e) => e.id));
  const now = ctx.now();
  const where = options.at ?? BODY_PATHS;
  await ctx.db.transaction(async (tx) => {
    const existing = await loadRoster(tx, competitionId);
    const problems: ErrorDetail[] = [...(options.problems ?? [])];
    const check: RosterCheck = { body, existing, eventIds, where, problems };
    checkContestants(check);
    checkTeams(check);
    if (problems.length > 0) {
      throw new ServiceError(
        'invalid_roster',
        `${problems.length} problem${problems.length === 1 ? '' : 's'} in the roster: nothing was imported`,
        { details: problems },
      );
    }
    if (options.dryRun === true) return;
    await writeRoster(tx, competitionId, body);
    await options.alsoWrite?.(tx);
    await record(tx, now, user, 'roster.import', competitionId, {
      contestants: body.contestants.map((c) => c.id),
      teams: body.teams.map((t) => t.id),
      ...options.audit,
    });
  });
  if (options.dryRun !== true) ctx.after.rosterChanged(competitionId);
  return { contestants: body.contestants.length, teams: body.teams.length };
}

interface RosterBody {
  contestants: Contestant[];
  teams: Team[];
}

/** What the checks read (the import, the stored roster, the events) and where they report. */
interface RosterCheck {
  readonly body: RosterBody;
  readonly existing: Awaited<ReturnType<typeof loadRoster>>;
  readonly eventIds: ReadonlySet<string>;
  readonly where: RosterLocator;
  readonly problems: ErrorDetail[];
}

/**
 * Ids and bibs unique within the import, no bib held by a stored contestant the import leaves
 * out, teams and events known.
 */
function checkContestants({ body, existing, eventIds, where, problems }: RosterCheck): void {
  const ids = new Map<string, number>();
  const bibs = new Map<string, number>();
  const teamIds = new Set([...existing.teams.map((t) => t.id), ...body.teams.map((t) => t.id)]);
  const bibOwner = new Map(existing.contestants.map((c) => [c.bib, c.id]));
  body.contestants.forEach((c, i) => {
    const at = (field: string, item?: number): string => where.path('contestants', i, field, item);
    const seen = again(ids, c.id, i);
    if (seen !== undefined) {
      problems.push(
        detail(at('id'), 'duplicate', `"${c.id}" is also ${where.label('contestants', seen)}`),
      );
    }
    const bibSeen = again(bibs, c.bib, i);
    if (bibSeen !== undefined) {
      problems.push(
        detail(
          at('bib'),
          'duplicate',
          `bib ${c.bib} is also ${where.label('contestants', bibSeen)}`,
        ),
      );
    }
    const owner = bibOwner.get(c.bib);
    if (owner !== undefined && owner !== c.id && !body.contestants.some((o) => o.id === owner)) {
      problems.push(detail(at('bib'), 'duplicate', `bib ${c.bib} belongs to ${owner}`));
    }
    if (c.team !== undefined && !teamIds.has(c.team)) {
      problems.push(detail(at('team'), 'unknown_team', `no team "${c.team}"`));
    }
    checkEvents(c.events, eventIds, at, problems);
  });
}

/** Team ids unique within the import, members and events known. */
function checkTeams({ body, existing, eventIds, where, problems }: RosterCheck): void {
  const contestantIds = new Set([
    ...existing.contestants.map((c) => c.id),
    ...body.contestants.map((c) => c.id),
  ]);
  const teamSeen = new Map<string, number>();
  body.teams.forEach((t, i) => {
    const at = (field: string, item?: number): string => where.path('teams', i, field, item);
    const seen = again(teamSeen, t.id, i);
    if (seen !== undefined) {
      problems.push(
        detail(at('id'), 'duplicate', `"${t.id}" is also ${where.label('teams', seen)}`),
      );
    }
    t.members.forEach((m, j) => {
      if (!contestantIds.has(m)) {
        problems.push(detail(at('members', j), 'unknown_contestant', `no contestant "${m}"`));
      }
    });
    checkEvents(t.events, eventIds, at, problems);
  });
}

/** Notes `key` at entry `i`; the entry that last had it, when one did (a duplicate). */
function again(seen: Map<string, number>, key: string, i: number): number | undefined {
  const before = seen.get(key);
  seen.set(key, i);
  return before;
}

function checkEvents(
  events: readonly string[] | undefined,
  eventIds: ReadonlySet<string>,
  at: (field: string, item?: number) => string,
  problems: ErrorDetail[],
): void {
  events?.forEach((e, j) => {
    if (!eventIds.has(e)) {
      problems.push(detail(at('events', j), 'unknown_event', `no event "${e}"`));
    }
  });
}

/**
 * The writes, in this order: teams, bibs freed, contestants, memberships, the roster's version.
 */
async function writeRoster(tx: Tx, competitionId: string, body: RosterBody): Promise<void> {
  for (const t of body.teams) {
    const row = {
      competitionId,
      id: t.id,
      name: t.name,
      delegation: t.delegation ?? null,
      events: t.events ?? null,
    };
    await tx
      .insert(teams)
      .values(row)
      .onConflictDoUpdate({ target: [teams.competitionId, teams.id], set: row });
  }
  await freeBibs(tx, competitionId, body.contestants);
  await writeContestants(tx, competitionId, body.contestants);
  const memberRows = [
    ...body.teams.flatMap((t) => t.members.map((m) => ({ teamId: t.id, contestantId: m }))),
    ...body.contestants
      .filter((c) => c.team !== undefined)
      .map((c) => ({ teamId: c.team as string, contestantId: c.id })),
  ];
  if (memberRows.length > 0) {
    await tx
      .insert(teamMembers)
      .values(memberRows.map((m) => ({ competitionId, ...m })))
      .onConflictDoNothing();
  }
  await tx
    .update(competitions)
    .set({ rosterVersion: sql`${competitions.rosterVersion} + 1` })
    .where(eq(competitions.id, competitionId));
}

/** Bibs may move between contestants in one import: clear the ones being re-assigned first. */
async function freeBibs(tx: Tx, competitionId: string, list: readonly Contestant[]): Promise<void> {
  const moving = list.map((c) => c.id);
  for (let i = 0; i < moving.length; i += 1000) {
    const chunk = moving.slice(i, i + 1000);
    await tx
      .update(contestants)
      .set({ bib: sql`chr(1) || ${contestants.id}` })
      .where(and(eq(contestants.competitionId, competitionId), inArray(contestants.id, chunk)));
  }
}

async function writeContestants(
  tx: Tx,
  competitionId: string,
  list: readonly Contestant[],
): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    const rows = list.slice(i, i + 500).map((c) => ({
      competitionId,
      id: c.id,
      bib: c.bib,
      name: c.name,
      gender: c.gender ?? null,
      unit: c.unit ?? null,
      delegation: c.delegation ?? null,
      station: c.station ?? null,
      teamId: c.team ?? null,
      events: c.events ?? null,
      attributes: c.attributes,
    }));
    await tx
      .insert(contestants)
      .values(rows)
      .onConflictDoUpdate({
        target: [contestants.competitionId, contestants.id],
        set: {
          bib: sqlExcluded('bib'),
          name: sqlExcluded('name'),
          gender: sqlExcluded('gender'),
          unit: sqlExcluded('unit'),
          delegation: sqlExcluded('delegation'),
          station: sqlExcluded('station'),
          teamId: sqlExcluded('team_id'),
          events: sqlExcluded('events'),
          attributes: sqlExcluded('attributes'),
        },
      });
  }
}

function sqlExcluded(column: string): SQL {
  return sql.raw(`excluded.${column}`);
}
