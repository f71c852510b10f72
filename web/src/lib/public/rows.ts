/**
 * A public standings row (the contract's `PublicRowWire`, written by
 * server/src/standings/public-view.ts) read into typed fields with nulls for what it leaves out, and what
 * a page prints of it: who (the name, or the bib when the event hides names), their unit, and the
 * result (score, time, overall total, or a status such as DNF).
 */
import type {
  PublicModuleScore,
  PublicPart,
  PublicRowWire,
  PublicTieRule,
} from '@skills/server/contract';
import { rowResult, type RowResult } from '@skills/server/number-text';

export type TieRule = PublicTieRule;
export type ModuleScore = PublicModuleScore;
export type OverallPart = PublicPart;

/** Why a row stands below the one above it, as a page explains it (who is above is not needed). */
export type Tie =
  | { readonly kind: 'first' | 'unranked' | 'shared' | 'score' | 'status' }
  | {
      readonly kind: 'tieBreak';
      readonly index: number;
      readonly rule: TieRule;
      readonly values: readonly [string | null, string | null];
    };

export interface PublicRow {
  /** The competitor as the public sees it: the id, or the bib when names are hidden. */
  readonly key: string;
  readonly position: number;
  readonly rank: number | null;
  readonly name: string | null;
  readonly bib: string | null;
  readonly delegation: string | null;
  readonly team: string | null;
  /** ok, pending (nothing entered), DNF, DNS, DQ. */
  readonly status: string;
  readonly score: string | null;
  readonly time: string | null;
  /** Overall tables. */
  readonly total: string | null;
  readonly deductions: string | null;
  readonly tie: Tie | null;
  readonly modules: readonly ModuleScore[];
  readonly parts: readonly OverallPart[];
  /** A team's row: its members as the board names them (names, or bibs when names are hidden). */
  readonly members: readonly string[];
  /** Flag codes (incomplete, gate, status), with the criterion a gate names. */
  readonly flags: readonly { readonly code: string; readonly criterion: string | null }[];
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) ? v : null;
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    : [];

function readRule(v: unknown): TieRule {
  const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const out: { -readonly [K in keyof TieRule]: TieRule[K] } = { by: str(r['by']) ?? '' };
  for (const k of ['module', 'criterion', 'event', 'order'] as const) {
    const s = str(r[k]);
    if (s !== null) out[k] = s;
  }
  const places = int(r['places']);
  if (places !== null) out.places = places;
  return out;
}

function readTie(v: unknown): Tie | null {
  if (typeof v !== 'object' || v === null) return null;
  const t = v as Record<string, unknown>;
  switch (t['kind']) {
    case 'first':
    case 'unranked':
    case 'shared':
    case 'score':
    case 'status':
      return { kind: t['kind'] };
    case 'tieBreak': {
      const values = Array.isArray(t['values']) ? (t['values'] as unknown[]) : [];
      return {
        kind: 'tieBreak',
        index: int(t['index']) ?? 0,
        rule: readRule(t['rule']),
        values: [str(values[0]), str(values[1])],
      };
    }
    default:
      return null;
  }
}

/**
 * A wire row read defensively (it crossed the network): each field by its contract name, a value
 * of the wrong type read as absent.
 */
export function readRow(row: PublicRowWire): PublicRow {
  return {
    key: row.competitor,
    position: row.position,
    rank: int(row.rank),
    name: str(row.name),
    bib: str(row.bib),
    delegation: str(row.delegation),
    team: str(row.team),
    status: str(row.status) ?? 'ok',
    score: str(row.score),
    time: str(row.time),
    total: str(row.total),
    deductions: str(row.deductions),
    tie: readTie(row.tie),
    modules: list(row.moduleScores).map((m) => ({
      module: str(m['module']) ?? '',
      score: str(m['score']),
      weighted: str(m['weighted']),
    })),
    parts: list(row.parts).map((p) => ({
      event: str(p['event']) ?? '',
      value: str(p['value']),
      rank: int(p['rank']),
    })),
    members: Array.isArray(row.members)
      ? row.members.filter((m): m is string => typeof m === 'string')
      : [],
    flags: list(row.flags).map((f) => ({
      code: str(f['code']) ?? '',
      criterion: str(f['criterion']),
    })),
  };
}

export const readRows = (rows: readonly PublicRowWire[]): PublicRow[] => rows.map(readRow);

/** Who the row is: the name, else the bib (names hidden), else the competitor key. */
export const who = (row: PublicRow): string => row.name ?? row.bib ?? row.key;

/** The bib shown beside a name (none when the bib already stands in for the name). */
export const bibBesideName = (row: PublicRow): string | null =>
  row.name !== null && row.bib !== null ? row.bib : null;

/** The unit (delegation) to show, unless the row's name already says it (a delegation, its team). */
export const unitOf = (row: PublicRow): string | null =>
  row.delegation !== null && !who(row).includes(row.delegation) ? row.delegation : null;

/** What the result column shows (the contract's one rule, which the server-drawn board uses too). */
export type Result = RowResult;

export const resultOf = (row: PublicRow): Result => rowResult(row);

/** The rank printed: the number, or "–" for an unranked row. */
export const rankText = (row: PublicRow): string => (row.rank === null ? '–' : String(row.rank));

/**
 * A team's members as the board names them (who: the name, or the bib when names are hidden),
 * read from the event's own rows (each carries its team), in the order they stand there.
 */
export function membersOf(rows: readonly PublicRow[]): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    if (row.team === null) continue;
    const list = out.get(row.team);
    if (list === undefined) out.set(row.team, [who(row)]);
    else list.push(who(row));
  }
  return out;
}
