/**
 * What each public table of a competition should show now: made from the official tables the
 * engine computed, the events' states, and the public stream's own history (a frozen event
 * shows an earlier official revision; an overall table held by a frozen event shows what it
 * showed last). One function for both users: the publisher stores whatever differs from the
 * heads, and verify-standings recomputes it from scratch and reports whatever differs.
 */
import type { Competition } from '@skills/scoring';
import type { Tx } from '@skills/db';
import { canonical } from '../contract/canonical.ts';
import {
  buildPublic,
  overallParts,
  publicSpec,
  sourceOfText,
  type PublicEventState,
  type PublicSpec,
  type SourceTable,
} from './public-stream.ts';
import type { Projection, PublicRoster, PublicTable } from './public-view.ts';
import type { Head } from './stored.ts';
import type { TableText } from './tables.ts';

/** The stored stream a public table continues. */
export interface PublicHistory {
  /** The public table at the head of a scope's public stream. */
  publicHead(
    tx: Tx,
    competitionId: string,
    scope: string,
    head: Head | undefined,
  ): Promise<PublicTable | null>;
  /** The official table of a scope at a past revision, or null when none is stored. */
  officialAt(
    tx: Tx,
    competitionId: string,
    scope: string,
    rev: number,
  ): Promise<SourceTable | null>;
}

export interface ExpectedPublic {
  readonly spec: PublicSpec;
  readonly table: PublicTable;
  /** The table at the head of the public stream, which `table` follows. */
  readonly previous: PublicTable | null;
  /** The official revision shown when it is not the current one. */
  readonly pinnedRev: number | null;
}

const projections = new WeakMap<object, { named: Projection; unnamed: Projection }>();

/** The two projections of a roster, the same objects while the roster is (rows cache by them). */
export function projectionsOf(roster: PublicRoster): {
  named: Projection;
  unnamed: Projection;
} {
  let hit = projections.get(roster);
  if (!hit) {
    hit = { named: { ...roster, names: true }, unnamed: { ...roster, names: false } };
    projections.set(roster, hit);
  }
  return hit;
}

/** Each table's public face, by scope. */
export async function expectedPublic(
  tx: Tx,
  competitionId: string,
  tables: readonly TableText[],
  inputs: {
    readonly events: readonly PublicEventState[];
    readonly definition: Competition;
    readonly roster: PublicRoster;
    readonly heads: ReadonlyMap<string, Head>;
    readonly history: PublicHistory;
  },
): Promise<Map<string, ExpectedPublic>> {
  const eventStates = new Map<string, PublicEventState>(inputs.events.map((e) => [e.id, e]));
  const parts = overallParts(inputs.definition);
  const { named, unnamed } = projectionsOf(inputs.roster);
  const out = new Map<string, ExpectedPublic>();
  for (const t of tables) {
    const spec = publicSpec(t.scope, eventStates, parts);
    const head = inputs.heads.get(t.scope);
    const previous = await inputs.history.publicHead(tx, competitionId, t.scope, head);
    const source = spec.source;
    // A held table keeps what it showed, unless the names setting changed meanwhile.
    const pinnedRev =
      source.kind === 'at'
        ? source.rev
        : source.kind === 'reveal'
          ? source.frozenRev
          : source.kind === 'hold' && previous && previous.meta.names !== spec.names
            ? (head?.sourceRev ?? null)
            : null;
    const pinned =
      pinnedRev === null
        ? null
        : await inputs.history.officialAt(tx, competitionId, t.scope, pinnedRev);
    const from: MadeFrom = {
      spec: canonical(spec),
      projection: spec.names ? named : unnamed,
      pinned,
      pinnedRev,
      previous,
    };
    const hit = made.get(t);
    if (hit && sameInputs(hit.from, from)) {
      out.set(t.scope, hit.result);
      continue;
    }
    const table = buildPublic({
      name: t.name,
      spec,
      projection: from.projection,
      current: sourceOfText(t),
      pinned,
      previous,
    });
    const result = { spec, table, previous, pinnedRev };
    made.set(t, { from, result });
    out.set(t.scope, result);
  }
  return out;
}

/** Everything a public face is made from besides the official table itself. */
interface MadeFrom {
  /** The spec as canonical text: the phase, names and source the events call for. */
  readonly spec: string;
  readonly projection: Projection;
  readonly pinned: SourceTable | null;
  readonly pinnedRev: number | null;
  readonly previous: PublicTable | null;
}

/**
 * The public face last made from each official table (the same object while its rows are: an
 * event no mark touched), with what else it was made from. A face is a function of those
 * inputs alone, so when none changed it is the same face: a recompute spends nothing on the
 * public side of the tables a mark did not reach, while a change of the event's state, the
 * names, the roster (a new projection), the pinned table or the stream's head makes it anew.
 */
const made = new WeakMap<TableText, { from: MadeFrom; result: ExpectedPublic }>();

function sameInputs(a: MadeFrom, b: MadeFrom): boolean {
  return (
    a.spec === b.spec &&
    a.projection === b.projection &&
    a.pinned === b.pinned &&
    a.pinnedRev === b.pinnedRev &&
    a.previous === b.previous
  );
}

/** The official revision a public revision records as the one it shows. */
export function sourceRevOf(
  e: ExpectedPublic,
  officialRev: number | null,
  head: Head | undefined,
): number | null {
  const source = e.spec.source;
  switch (source.kind) {
    case 'current':
    case 'reveal':
      return officialRev;
    case 'empty':
      return null;
    case 'hold':
      return head?.sourceRev ?? null;
    case 'at':
      return e.pinnedRev;
  }
}
