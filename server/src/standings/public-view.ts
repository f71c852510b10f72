/**
 * What the public sees of a standings table. A public row is the official row cut down to the
 * fields the public may read: no per-judge marks, no spread flags, each module's score only, and
 * without names the bib in place of the contestant id (an imported id may be an employee
 * number). Rows are canonical text with a digest, so a table hashes the way a client hashes
 * what it was sent (contract/table-hash.ts).
 */
import { canonical } from '../contract/canonical.ts';
import { PUBLIC_COPIED_FIELDS } from '../contract/rows.ts';
import { without } from '../contract/table-hash.ts';
import type { LiveMeta } from '../contract/live.ts';
import type { RosterRows } from '../domain/entrants.ts';
import type { DiffRow } from './row-diff.ts';
import { combineDigests, sha256Hex } from './tables.ts';

export type Row = Record<string, unknown>;

/** An official row (without its position) and, for event rows, the engine computation behind it. */
export interface SourceRow {
  readonly row: Row;
  readonly computed?: object | undefined;
}

/** A team's member as the public may name them: by name, or by bib when names are hidden. */
export interface PublicMember {
  readonly name: string;
  readonly bib: string | undefined;
}

/** What the public view reads of the roster: the same object while the roster is. */
export interface PublicRoster {
  /** Contestant id → bib. */
  readonly bibs: ReadonlyMap<string, string>;
  /** Team id → its members, in the roster's order. */
  readonly members: ReadonlyMap<string, readonly PublicMember[]>;
}

export interface Projection extends PublicRoster {
  readonly names: boolean;
}

export const EMPTY_ROSTER: PublicRoster = { bibs: new Map(), members: new Map() };

/** The roster as the public view reads it. */
export function publicRosterOf(roster: RosterRows): PublicRoster {
  const bibs = new Map(roster.contestants.map((c) => [c.id, c.bib]));
  const names = new Map(roster.contestants.map((c) => [c.id, c.name]));
  const members = new Map<string, PublicMember[]>();
  for (const m of roster.members) {
    const name = names.get(m.contestantId);
    if (name === undefined) continue;
    const list = members.get(m.teamId) ?? [];
    list.push({ name, bib: bibs.get(m.contestantId) });
    members.set(m.teamId, list);
  }
  return { bibs, members };
}

/**
 * A public row as the server holds it: the projected fields with their canonical text and digest
 * (the web's `PublicRow` is the same row read into typed fields).
 */
export interface ProjectedRow {
  /** The competitor as the public sees it (the bib when names are hidden). */
  readonly key: string;
  readonly row: Row;
  readonly text: string;
  readonly digest: string;
  /** The computation behind it: a row whose computation did not change only moved. */
  readonly computed: object | undefined;
  /** The projection it was made under (a new one means every row changed). */
  readonly projection: Projection | undefined;
}

export interface PublicTable {
  readonly rows: readonly ProjectedRow[];
  readonly teams: readonly ProjectedRow[] | null;
  readonly meta: LiveMeta;
  readonly hash: string;
}

interface ModuleLike {
  module?: unknown;
  score?: unknown;
  weighted?: unknown;
  criteria?: unknown;
}

/** Whether any judge entered a mark in the module (its score is a result, not a placeholder). */
function marked(m: ModuleLike): boolean {
  if (!Array.isArray(m.criteria)) return true;
  return (m.criteria as { marks?: unknown }[]).some(
    (c) => Array.isArray(c.marks) && c.marks.length > 0,
  );
}

/** The public fields of one official row (contract/rows.ts `PublicRowWire`). */
function publicFields(row: Row, projection: Projection): Row {
  // Empty fields are left out: every patch and every viewer pays for each byte.
  const out: Row = {};
  for (const k of PUBLIC_COPIED_FIELDS)
    if (row[k] !== undefined && row[k] !== null) out[k] = row[k];
  const bib = projection.bibs.get(String(row['competitor']));
  if (bib !== undefined) out['bib'] = bib;
  if (!projection.names && bib !== undefined) {
    delete out['name'];
    out['competitor'] = bib;
  }
  if (!projection.names && out['tie'] !== undefined) {
    // The tie names the row it is compared with: by bib too, never by the contestant's id.
    const tie = out['tie'] as Record<string, unknown>;
    const shown = (id: unknown): unknown =>
      typeof id === 'string' ? (projection.bibs.get(id) ?? id) : id;
    out['tie'] = {
      ...tie,
      ...('above' in tie ? { above: shown(tie['above']) } : {}),
      ...('with' in tie ? { with: shown(tie['with']) } : {}),
    };
  }
  const team = projection.members.get(String(row['competitor']));
  if (team !== undefined && (row['team'] === undefined || row['team'] === null)) {
    // A team's row (a team event, team standings, an overall table of teams): its members, named
    // as the board names people; without names only those with a bib, never an id.
    const shown = team.flatMap((m) => {
      const label = projection.names ? m.name : m.bib;
      return label === undefined ? [] : [label];
    });
    if (shown.length > 0) out['members'] = shown;
  }
  if (Array.isArray(row['flags'])) {
    // Codes (and the criterion a gate names), not the engine's English sentences: pages say
    // them in the reader's language. Spreads are the judges' business.
    const flags = (row['flags'] as { code: string; criterion?: string }[])
      .filter((f) => f.code !== 'spread')
      .map((f) =>
        f.criterion === undefined ? { code: f.code } : { code: f.code, criterion: f.criterion },
      );
    if (flags.length > 0) out['flags'] = flags;
  }
  if (Array.isArray(row['modules'])) {
    // The breakdown by module, without criteria or judges; a module nobody marked has no score
    // (null, shown as a dash), not a zero nobody entered.
    out['moduleScores'] = (row['modules'] as ModuleLike[]).map((m) =>
      marked(m)
        ? { module: m.module, score: m.score, weighted: m.weighted }
        : { module: m.module, score: null, weighted: null },
    );
  }
  return out;
}

function publicRow(
  row: Row,
  computed: object | undefined,
  projection: Projection | undefined,
): ProjectedRow {
  const text = canonical(row);
  return {
    key: String(row['competitor']),
    row,
    text,
    digest: sha256Hex(text),
    computed,
    projection,
  };
}

const projected = new WeakMap<Row, { projection: Projection; row: ProjectedRow }>();

/** The public row of an official row; cached per official row object and projection. */
export function project(source: SourceRow, projection: Projection): ProjectedRow {
  const hit = projected.get(source.row);
  if (hit?.projection === projection) return hit.row;
  const row = publicRow(publicFields(source.row, projection), source.computed, projection);
  projected.set(source.row, { projection, row });
  return row;
}

/** A public row read back from storage (its position dropped). */
export function storedPublicRow(stored: Row): ProjectedRow {
  return publicRow(without(stored, 'position'), undefined, undefined);
}

export function publicTable(
  rows: readonly ProjectedRow[],
  teams: readonly ProjectedRow[] | null,
  meta: LiveMeta,
): PublicTable {
  return {
    rows,
    teams,
    meta,
    hash: combineDigests(
      rows.map((r) => r.digest),
      teams ? teams.map((r) => r.digest) : null,
      meta,
    ),
  };
}

/** A public row as stored in a snapshot: `{"position":i,…}`. */
function positioned(row: ProjectedRow, position: number): string {
  return row.text === '{}'
    ? `{"position":${position}}`
    : `{"position":${position},${row.text.slice(1)}`;
}

/** Public rows as the diff reads them. */
export function diffRowsOfPublic(rows: readonly ProjectedRow[] | null): DiffRow[] {
  return (rows ?? []).map((r) => ({
    key: r.key,
    text: r.text,
    computed: r.computed,
    basis: r.projection,
    rank: r.row['rank'],
    tie: r.row['tie'],
    object: () => r.row,
  }));
}

/** A whole public table as the stored snapshot body (JSON text). */
export function publicBodyText(table: PublicTable, sourceRev: number | null): string {
  const list = (rows: readonly ProjectedRow[] | null): string =>
    rows ? `[${rows.map((r, i) => positioned(r, i)).join(',')}]` : 'null';
  return `{"name":${JSON.stringify(table.meta.name)},"meta":${canonical(table.meta)},"sourceRev":${sourceRev ?? 'null'},"rows":${list(table.rows)},"teams":${list(table.teams)}}`;
}
