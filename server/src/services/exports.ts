/**
 * Results as files (DESIGN.md §1: the organizer exports results): the official standings of an
 * event (or its team standings) or of an overall table, as stored — the same rows, revision and
 * hash as GET …/standings?view=official — as CSV (UTF-8 with BOM, CRLF, RFC 4180: opens in
 * Excel with Chinese intact) or XLSX (a title row naming the competition, the table, its
 * revision and hash; a bold header row). Headers are Chinese with the English in parentheses.
 * Every answer carries x-standings-rev and x-standings-hash.
 */

import { eq } from 'drizzle-orm';
import { competitions } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { Standings } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { csvText } from '../files/csv.ts';
import { XLSX_TYPE, workbookBytes, type TableSheet } from '../files/xlsx.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import { readStandings } from './standings.ts';
import { eventTable, teamTable, overallTable, rosterInfo } from './export-tables.ts';
import type { FileAnswer } from '../files/file-answer.ts';

export async function competitionName(ctx: Ctx, competitionId: string): Promise<string> {
  const [row] = await ctx.db
    .select({ name: competitions.name })
    .from(competitions)
    .where(eq(competitions.id, competitionId));
  if (!row) throw notFound(`competition "${competitionId}"`, 'params.competitionId');
  return row.name;
}

/** What a file of one table says about itself: where it is from, which revision, which hash. */
function titleOf(competition: string, table: string, s: Standings): string {
  const state = s.official ? '正式成绩 (official)' : '非正式成绩 (provisional)';
  return `${competition} · ${table} · ${state} · 修订 (Revision) ${s.rev} · 表哈希 (Table hash) ${s.hash}`;
}

/** One table as CSV, or every table as one workbook (a sheet each). */
async function tableFile(
  competitionId: string,
  fileBase: string,
  sheets: readonly (TableSheet & { readonly slug: string })[],
  format: 'csv' | 'xlsx',
  s: Standings,
): Promise<FileAnswer> {
  const headers = { 'x-standings-rev': String(s.rev), 'x-standings-hash': s.hash };
  const ascii = (slug: string, ext: string): string =>
    `${competitionId}-${slug}-r${s.rev}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const first = sheets[0];
  if (!first) throw new Error('a file needs a table');
  if (format === 'csv') {
    return {
      bytes: csvText([first.columns.map((c) => c.header), ...first.rows]),
      type: 'text/csv; charset=utf-8',
      name: `${fileBase}-r${s.rev}.csv`,
      fallback: ascii(first.slug, 'csv'),
      headers,
    };
  }
  return {
    bytes: await workbookBytes(sheets),
    type: XLSX_TYPE,
    name: `${fileBase}-r${s.rev}.xlsx`,
    fallback: ascii(first.slug, 'xlsx'),
    headers,
  };
}

/** GET …/events/:eventId/export and …/overall/:overallId/export. */
export async function exportStandings(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  target: { event: string } | { overall: string },
  query: { format: 'csv' | 'xlsx'; section?: 'rows' | 'teams' },
): Promise<FileAnswer> {
  // The official view: organizer or this competition's chief judge; 404 for what is unknown.
  const s = await readStandings(ctx, actor, competitionId, target, 'official');
  const { definition } = await ctx.catalog.current(competitionId);
  const [competition, roster] = await Promise.all([
    competitionName(ctx, competitionId),
    rosterInfo(ctx, competitionId),
  ]);
  const rows = s.rows;
  if ('overall' in target) {
    const def = definition.overall.find((o) => o.id === target.overall);
    if (!def) throw notFound(`overall standings "${target.overall}"`, 'params.overallId');
    const t = overallTable(definition, def, rows, roster);
    const sheet = { name: '总成绩 (Overall)', title: [titleOf(competition, def.name, s)], ...t };
    return tableFile(
      competitionId,
      `${competition}-${def.name}`,
      [{ ...sheet, slug: def.id }],
      query.format,
      s,
    );
  }
  const event = definition.events.find((e) => e.id === target.event);
  if (!event) throw notFound(`event "${target.event}"`, 'params.eventId');
  const teams = s.teams;
  if (query.section === 'teams' && teams === null) {
    throw new ServiceError('not_found', `event "${event.id}" has no team standings`, {
      details: [detail('query.section', 'no_teams', 'this event has no team standings')],
    });
  }
  const main = {
    name: '成绩 (Results)',
    title: [titleOf(competition, event.name, s)],
    slug: event.id,
    ...eventTable(definition, event, rows, roster),
  };
  const team =
    teams !== null
      ? {
          name: '团队 (Teams)',
          title: [titleOf(competition, `${event.name} · 团队 (teams)`, s)],
          slug: `${event.id}-teams`,
          ...teamTable(definition, event, teams, roster),
        }
      : null;
  if (query.section === 'teams' && team) {
    return tableFile(competitionId, `${event.name}-团队成绩`, [team], query.format, s);
  }
  // A workbook carries the team standings as a second sheet; a CSV file holds one table.
  return tableFile(
    competitionId,
    `${event.name}-成绩`,
    team ? [main, team] : [main],
    query.format,
    s,
  );
}
