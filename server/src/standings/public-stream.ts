/**
 * The public stream of each table: what the public is shown, as revisions of its own. It follows
 * the official table while the event is live and visible; it stands still while the event is
 * frozen (and an overall table while any of its events is), so nothing entered after a freeze
 * reaches the public; it is empty while the event is hidden; and during a reveal it moves one
 * row per step from the frozen table to the final one. An event the organizer has not published
 * is hidden whatever its status. Every change (rows, or the phase, names
 * or reveal progress in its meta) is a revision with a hash over rows and meta.
 */
import { overallEvents, type Competition } from '@skills/scoring';
import type { EventStatus } from '@skills/db';
import type { LiveMeta, PublicPhase } from '../contract/live.ts';
import { without } from '../contract/table-hash.ts';
import {
  project,
  publicTable,
  storedPublicRow,
  type Projection,
  type ProjectedRow,
  type PublicTable,
  type Row,
  type SourceRow,
} from './public-view.ts';
import { revealRows, revealTotal } from './reveal.ts';
import { overallScope } from '../contract/live.ts';
import type { StoredTable } from './stored.ts';
import { computationOf, rowObject, type RowsText, type TableText } from './tables.ts';

/** An event's public settings, as the events table holds them. */
export interface PublicEventState {
  readonly id: string;
  readonly status: EventStatus;
  /** Published by the organizer: nothing of an unpublished event is public, final or not. */
  readonly published: boolean;
  readonly publicVisible: boolean;
  readonly publicNames: boolean;
  readonly frozenRev: number | null;
  readonly revealStep: number | null;
}

/** Where a public table's rows come from. */
export type PublicSource =
  | { readonly kind: 'current' }
  | { readonly kind: 'empty' }
  /** The official table at a revision (a frozen event). */
  | { readonly kind: 'at'; readonly rev: number | null }
  /** Whatever the public stream showed last (an overall table while an event is frozen). */
  | { readonly kind: 'hold' }
  /** From the official table at `frozenRev` to the current one, `step` rows revealed. */
  | { readonly kind: 'reveal'; readonly frozenRev: number | null; readonly step: number };

export interface PublicSpec {
  readonly phase: PublicPhase;
  readonly names: boolean;
  readonly source: PublicSource;
}

const hidden = (e: PublicEventState): boolean =>
  !e.published || (!e.publicVisible && e.status !== 'final');
const held = (e: PublicEventState): boolean =>
  e.status === 'frozen' || (e.status === 'final' && e.revealStep !== null);

/** The events each overall table adds up, by scope. */
export function overallParts(definition: Competition): Map<string, string[]> {
  return new Map(definition.overall.map((o) => [overallScope(o.id), overallEvents(o)]));
}

/** What the public may see of a table, from its events' states. */
export function publicSpec(
  scope: string,
  events: ReadonlyMap<string, PublicEventState>,
  parts: ReadonlyMap<string, readonly string[]>,
): PublicSpec {
  const ev = events.get(scope);
  if (ev) {
    if (hidden(ev)) return { phase: 'hidden', names: ev.publicNames, source: { kind: 'empty' } };
    if (ev.status === 'frozen') {
      return { phase: 'frozen', names: ev.publicNames, source: { kind: 'at', rev: ev.frozenRev } };
    }
    if (ev.status === 'final' && ev.revealStep !== null) {
      return {
        phase: ev.revealStep === 0 ? 'frozen' : 'reveal',
        names: ev.publicNames,
        source: { kind: 'reveal', frozenRev: ev.frozenRev, step: ev.revealStep },
      };
    }
    return {
      phase:
        ev.status === 'final' ? 'official' : ev.status === 'setup' ? 'upcoming' : 'provisional',
      names: ev.publicNames,
      source: { kind: 'current' },
    };
  }
  const from = (parts.get(scope) ?? [])
    .map((id) => events.get(id))
    .filter((e): e is PublicEventState => e !== undefined);
  const names = from.every((e) => e.publicNames);
  // An overall table shows what its events add up to: it is as public as they are.
  if (from.some(hidden)) return { phase: 'hidden', names, source: { kind: 'empty' } };
  if (from.some(held)) return { phase: 'frozen', names, source: { kind: 'hold' } };
  const official = from.length > 0 && from.every((e) => e.status === 'final');
  const upcoming = from.length > 0 && from.every((e) => e.status === 'setup');
  return {
    phase: official ? 'official' : upcoming ? 'upcoming' : 'provisional',
    names,
    source: { kind: 'current' },
  };
}

/** A table's official rows as the public projection reads them. */
export interface SourceTable {
  readonly rows: readonly SourceRow[];
  readonly teams: readonly SourceRow[] | null;
}

export function sourceOfText(t: TableText): SourceTable {
  const side = (r: RowsText): SourceRow[] =>
    [...r.source.values()].map((row) => ({ row: rowObject(row), computed: computationOf(row) }));
  return { rows: side(t.rows), teams: t.teams ? side(t.teams) : null };
}

export function sourceOfStored(t: StoredTable): SourceTable {
  const side = (rows: readonly Row[]): SourceRow[] =>
    rows.map((stored) => ({ row: without(stored, 'position') }));
  return { rows: side(t.rows), teams: t.teams ? side(t.teams) : null };
}

/** A stored public table read back. */
export function publicOfStored(t: StoredTable): PublicTable | null {
  if (!t.meta) return null;
  return publicTable(
    t.rows.map(storedPublicRow),
    t.teams ? t.teams.map(storedPublicRow) : null,
    t.meta,
  );
}

/** The inputs of one public table: the spec, and the official tables it draws on. */
export interface PublicInputs {
  readonly name: string;
  readonly spec: PublicSpec;
  readonly projection: Projection;
  /** The official table now. */
  readonly current: SourceTable;
  /**
   * The official table the source names: `at`, the frozen side of a reveal, or for `hold` the
   * one the public table last shown was made from.
   */
  readonly pinned: SourceTable | null;
  /** The public table last shown (for `hold`). */
  readonly previous: PublicTable | null;
}

function projectAll(
  t: SourceTable,
  projection: Projection,
): { rows: ProjectedRow[]; teams: ProjectedRow[] | null } {
  return {
    rows: t.rows.map((r) => project(r, projection)),
    teams: t.teams ? t.teams.map((r) => project(r, projection)) : null,
  };
}

/** The public table the inputs call for. */
export function buildPublic(inputs: PublicInputs): PublicTable {
  const { spec, projection, name } = inputs;
  const meta = (reveal: LiveMeta['reveal'] = null): LiveMeta => ({
    name,
    phase: spec.phase,
    names: spec.names,
    reveal,
  });
  const source = spec.source;
  switch (source.kind) {
    case 'empty':
      return publicTable([], null, meta());
    case 'hold': {
      if (inputs.pinned) {
        const t = projectAll(inputs.pinned, projection);
        return publicTable(t.rows, t.teams, meta());
      }
      return publicTable(inputs.previous?.rows ?? [], inputs.previous?.teams ?? null, meta());
    }
    case 'at': {
      const t = projectAll(inputs.pinned ?? { rows: [], teams: null }, projection);
      return publicTable(t.rows, t.teams, meta());
    }
    case 'current': {
      const t = projectAll(inputs.current, projection);
      return publicTable(t.rows, t.teams, meta());
    }
    case 'reveal': {
      const frozen = projectAll(inputs.pinned ?? { rows: [], teams: null }, projection);
      const final = projectAll(inputs.current, projection);
      const total = revealTotal(final.rows);
      const step = Math.min(source.step, total);
      const done = step >= total;
      return publicTable(
        revealRows(frozen.rows, final.rows, step),
        done ? final.teams : frozen.teams,
        meta({ step, total }),
      );
    }
  }
}
