/**
 * Results as files (DESIGN.md §1: the organizer exports results): the official standings of an
 * event (or its team standings) or of an overall table, as stored — the same rows, revision and
 * hash as GET …/standings?view=official — as CSV (UTF-8 with BOM, CRLF, RFC 4180: opens in
 * Excel with Chinese intact) or XLSX (a title row naming the competition, the table, its
 * revision and hash; a bold header row). Headers are Chinese with the English in parentheses.
 * Every answer carries x-standings-rev and x-standings-hash.
 */
import { eq } from 'drizzle-orm';
import {
  overallEvents,
  type Competition,
  type Event as EventDef,
  type RoundingMode,
} from '@skills/scoring';
import { competitions } from '@skills/db';
import type { Actor } from '../auth/actor.ts';
import type { Standings } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import { csvText, type CsvCell } from '../files/csv.ts';
import {
  XLSX_TYPE,
  entrantColumns,
  workbookBytes,
  type TableColumn,
  type TableSheet,
} from '../files/xlsx.ts';
import { ServiceError, detail, notFound } from '../errors/service-error.ts';
import {
  decimalText,
  eventPrecision,
  exactValue,
  overallPrecision,
} from '../standings/precision.ts';
import { readStandings } from './standings.ts';
import { loadRoster } from '../domain/entrants.ts';

type Row = Record<string, unknown>;

/**
 * A number cell at its table's places (the rows already carry them: see standings/precision.ts;
 * a table stored before they did is written at them here).
 */
function decimalCell(value: unknown, places: number, mode: RoundingMode = 'halfUp'): CsvCell {
  const text = decimalText(value, places, mode);
  return text === null ? null : { decimal: text };
}

/** A JSON scalar as text ("" for anything else). */
const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

const STATUS_TEXT: Record<string, string> = {
  ok: '有效 (OK)',
  pending: '待评 (pending)',
  DNF: '未完成 (DNF)',
  DNS: '未出场 (DNS)',
  DQ: '取消资格 (DQ)',
};

export function statusText(status: unknown): string {
  return STATUS_TEXT[str(status)] ?? str(status);
}

const FLAG_TEXT: Record<string, string> = {
  spread: '分差超限 (spread)',
  incomplete: '缺评 (incomplete)',
  gate: '安全否决 (gate)',
};

/** Names of what a tie-break rule can refer to. */
interface Names {
  readonly modules: ReadonlyMap<string, string>;
  readonly criteria: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, string>;
}

function namesOf(def: Competition, event?: EventDef): Names {
  return {
    modules: new Map(event?.modules.map((m) => [m.id, m.name]) ?? []),
    criteria: new Map(
      event?.modules.flatMap((m) => m.criteria.map((c) => [c.id, c.name] as const)) ?? [],
    ),
    events: new Map(def.events.map((e) => [e.id, e.name])),
  };
}

/** A tie-break rule in Chinese and in English. */
function ruleText(rule: Row, names: Names): [string, string] {
  const id = (key: string): string => str(rule[key]);
  switch (rule['by']) {
    case 'module':
      return [
        `模块「${names.modules.get(id('module')) ?? id('module')}」`,
        `module ${id('module')}`,
      ];
    case 'criterion':
      return [
        `评分项「${names.criteria.get(id('criterion')) ?? id('criterion')}」`,
        `criterion ${id('criterion')}`,
      ];
    case 'time':
      return [
        `用时「${names.criteria.get(id('criterion')) ?? id('criterion')}」`,
        `time ${id('criterion')}`,
      ];
    case 'deductions':
      return ['扣分', 'deductions'];
    case 'bestMember':
      return ['最佳队员', 'best member'];
    case 'event':
      return [`赛项「${names.events.get(id('event')) ?? id('event')}」`, `event ${id('event')}`];
    case 'placeCounts':
      return [`名次数 1–${id('places')}`, `places 1–${id('places')} won`];
    default:
      return [str(rule['by']), str(rule['by'])];
  }
}

/**
 * Why a row stands where it does, readably: blank when its score (or status) alone places it,
 * "与 E03 张伟 并列 (tied with E03)" when it shares a rank, or the tie-break link that separated
 * it from the row above with both values.
 */
export function tieText(tie: unknown, label: (id: string) => string, names: Names): string {
  if (tie === null || typeof tie !== 'object') return '';
  const t = tie as Row;
  if (t['kind'] === 'shared') {
    const other = str(t['with']);
    return `与 ${label(other)} 并列 (tied with ${other})`;
  }
  if (t['kind'] !== 'tieBreak') return '';
  const rule = (t['rule'] ?? {}) as Row;
  const values = Array.isArray(t['values']) ? (t['values'] as unknown[]) : [];
  const [zh, en] = ruleText(rule, names);
  const n = Number(t['index'] ?? 0) + 1;
  const above = str(t['above']);
  if (rule['by'] === 'placeCounts') {
    const a = str(values[0]) || '-';
    const b = str(values[1]) || '-';
    return `决胜规则 ${n}：${zh} ${a} > ${b}，次于 ${label(above)} (tie-break ${n}: ${en} ${a} > ${b})`;
  }
  const a = exactValue(values[0]);
  const b = exactValue(values[1]);
  const cmp = a && b ? a.cmp(b) : 0;
  const op = cmp > 0 ? '>' : cmp < 0 ? '<' : 'vs';
  // As the row writes them: at the table's places, or with the digits that tell them apart.
  const av = a ? str(values[0]) : '-';
  const bv = b ? str(values[1]) : '-';
  return `决胜规则 ${n}：${zh} ${label(above)} ${av} ${op} 本行 ${bv} (tie-break ${n}: ${en} ${av} ${op} ${bv})`;
}

function flagsText(flags: unknown, names: Names): string {
  if (!Array.isArray(flags)) return '';
  return (flags as Row[])
    .filter((f) => f['code'] !== 'status')
    .map((f) => {
      const what = FLAG_TEXT[str(f['code'])] ?? str(f['code']);
      const c = f['criterion'];
      return typeof c === 'string' ? `${what} ${names.criteria.get(c) ?? c}` : what;
    })
    .join('；');
}

const rankCell = (rank: unknown): CsvCell => (typeof rank === 'number' ? rank : null);
const textCell = (v: unknown): CsvCell => (typeof v === 'string' && v !== '' ? v : null);

/** A file to download: its bytes, media type and name. */
export interface FileAnswer {
  readonly bytes: Uint8Array<ArrayBuffer> | string;
  readonly type: string;
  /** The name shown to people (UTF-8). */
  readonly name: string;
  /** An ASCII name for clients that do not read filename*. */
  readonly fallback: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** RFC 5987 / 6266: `filename*=UTF-8''…`, percent-encoded. */
function encodeFilename(name: string): string {
  return encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A file name without characters file systems refuse. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'export';
}

export function fileResponse(file: FileAnswer): Response {
  const body = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': file.type,
      'content-length': String(body.byteLength),
      'content-disposition': `attachment; filename="${file.fallback}"; filename*=UTF-8''${encodeFilename(safeName(file.name))}`,
      ...file.headers,
    },
  });
}

/** One table, columns and rows, whichever the format. */
interface Table {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly CsvCell[])[];
}

interface RosterInfo {
  readonly bib: ReadonlyMap<string, string>;
  readonly unit: ReadonlyMap<string, string>;
  readonly label: (id: string) => string;
}

/** The cells under entrantColumns: a row's rank, ID, bib, name, unit and delegation. */
function entrantCells(
  r: Row,
  roster: RosterInfo,
  entrants: { readonly people: boolean; readonly delegation?: boolean },
): CsvCell[] {
  const id = str(r['competitor']);
  return [
    rankCell(r['rank']),
    id,
    ...(entrants.people ? [roster.bib.get(id) ?? null] : []),
    textCell(r['name']),
    ...(entrants.people ? [roster.unit.get(id) ?? null] : []),
    ...((entrants.delegation ?? true) ? [textCell(r['delegation'])] : []),
  ];
}

function eventTable(
  def: Competition,
  event: EventDef,
  rows: readonly Row[],
  roster: RosterInfo,
): Table {
  const p = eventPrecision(event);
  const names = namesOf(def, event);
  const individual = event.entrants === 'individual';
  const byTime = event.rankBy.by === 'time';
  const columns: TableColumn[] = [
    ...entrantColumns(
      { header: individual ? '姓名 (Name)' : '团队 (Team)', width: 16 },
      { people: individual },
    ),
    { header: '状态 (Status)', width: 14 },
    { header: '成绩 (Score)', width: 12 },
    ...(byTime ? [{ header: '用时 (Time, s)', width: 12 }] : []),
    ...event.modules.map((m) => ({
      header: `${m.name} (${m.id}${m.weight !== undefined ? ` ${String(m.weight)}%` : ''})`,
      width: 14,
    })),
    { header: '标记 (Flags)', width: 18 },
    { header: '名次说明 (Tie-break)', width: 40 },
  ];
  const out = rows.map((r): CsvCell[] => {
    const modules = Array.isArray(r['modules']) ? (r['modules'] as Row[]) : [];
    return [
      ...entrantCells(r, roster, { people: individual }),
      statusText(r['status']),
      decimalCell(r['score'], p.places, p.mode),
      ...(byTime ? [decimalCell(r['time'], p.timePlaces)] : []),
      ...event.modules.map((m) =>
        decimalCell(modules.find((x) => x['module'] === m.id)?.['score'], p.places, p.mode),
      ),
      flagsText(r['flags'], names),
      tieText(r['tie'], roster.label, names),
    ];
  });
  return { columns, rows: out };
}

function teamTable(def: Competition, event: EventDef, rows: readonly Row[], roster: RosterInfo) {
  const p = eventPrecision(event);
  const names = namesOf(def, event);
  const byTime = event.rankBy.by === 'time';
  const columns: TableColumn[] = [
    ...entrantColumns({ header: '团队 (Team)', width: 18 }, { people: false }),
    { header: '状态 (Status)', width: 14 },
    { header: '成绩 (Score)', width: 12 },
    ...(byTime ? [{ header: '用时 (Time, s)', width: 12 }] : []),
    { header: '队员 (Members)', width: 40 },
    { header: '名次说明 (Tie-break)', width: 40 },
  ];
  const out = rows.map((r): CsvCell[] => {
    const members = Array.isArray(r['members']) ? (r['members'] as Row[]) : [];
    return [
      ...entrantCells(r, roster, { people: false }),
      statusText(r['status']),
      decimalCell(r['score'], p.places, p.mode),
      ...(byTime ? [decimalCell(r['time'], p.timePlaces)] : []),
      members
        .map((m) => {
          const who = roster.label(str(m['competitor']));
          return m['counted'] === false ? `${who} (不计 / not counted)` : who;
        })
        .join('；'),
      tieText(r['tie'], roster.label, names),
    ];
  });
  return { columns, rows: out };
}

function overallTable(
  def: Competition,
  overall: Competition['overall'][number],
  rows: readonly Row[],
  roster: RosterInfo,
): Table {
  const p = overallPrecision(overall);
  const names = namesOf(def);
  const scope = overall.scope;
  const parts = overallEvents(overall);
  const who = { individual: '姓名 (Name)', team: '团队 (Team)', delegation: '代表队 (Delegation)' };
  const entrants = { people: scope === 'individual', delegation: scope !== 'delegation' };
  const columns: TableColumn[] = [
    ...entrantColumns({ header: who[scope], width: 18 }, entrants),
    { header: '状态 (Status)', width: 14 },
    { header: '总分 (Total)', width: 12 },
    ...parts.map((e) => ({ header: `${names.events.get(e) ?? e} (${e})`, width: 14 })),
    { header: '名次说明 (Tie-break)', width: 40 },
  ];
  const out = rows.map((r): CsvCell[] => {
    const own = Array.isArray(r['parts']) ? (r['parts'] as Row[]) : [];
    return [
      ...entrantCells(r, roster, entrants),
      statusText(r['status']),
      decimalCell(r['total'], p.places, p.mode),
      ...parts.map((e) =>
        decimalCell(own.find((x) => x['event'] === e)?.['value'], p.places, p.mode),
      ),
      tieText(r['tie'], roster.label, names),
    ];
  });
  return { columns, rows: out };
}

async function rosterInfo(ctx: Ctx, competitionId: string): Promise<RosterInfo> {
  const roster = await loadRoster(ctx.db, competitionId);
  const names = new Map<string, string>([
    ...roster.teams.map((t) => [t.id, t.name] as const),
    ...roster.contestants.map((c) => [c.id, c.name] as const),
  ]);
  return {
    bib: new Map(roster.contestants.map((c) => [c.id, c.bib])),
    unit: new Map(roster.contestants.flatMap((c) => (c.unit !== null ? [[c.id, c.unit]] : []))),
    label: (id) => {
      const name = names.get(id);
      return name !== undefined && name !== id ? `${id} ${name}` : id;
    },
  };
}

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
