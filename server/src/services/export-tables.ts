/**
 * The tables an export writes: an event's rows, its team rows, an overall table, each as columns
 * and cells, with the roster's bibs and units beside the stored rows.
 */
import { overallEvents, type Competition, type Event as EventDef } from '@skills/scoring';
import type { Ctx } from '../context.ts';
import { type CsvCell } from '../files/csv.ts';
import { entrantColumns, type TableColumn } from '../files/xlsx.ts';
import { eventPrecision, overallPrecision } from '../standings/precision.ts';
import { loadRoster } from '../domain/entrants.ts';
import {
  decimalCell,
  statusText,
  namesOf,
  tieText,
  flagsText,
  str,
  rankCell,
  textCell,
  type Row,
} from './export-text.ts';

/** One table, columns and rows, whichever the format. */
export interface Table {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly CsvCell[])[];
}

export interface RosterInfo {
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

export function eventTable(
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

export function teamTable(
  def: Competition,
  event: EventDef,
  rows: readonly Row[],
  roster: RosterInfo,
) {
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

export function overallTable(
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

export async function rosterInfo(ctx: Ctx, competitionId: string): Promise<RosterInfo> {
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
