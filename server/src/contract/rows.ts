/**
 * The row of a standings table as it travels, in live snapshots and in patches (patch.ts), and
 * the public row's fields: one shape that the server's public view (standings/public-view.ts)
 * writes and the web's boards (web/src/lib/public/rows.ts) read. Its own module because the live
 * protocol (live.ts) and the patch format (patch.ts) both speak of it, and neither should have to
 * import the other for it.
 */

/** A standings row. `position` is its place in the table (0 = top). */
export interface LiveRow {
  readonly competitor: string;
  readonly position: number;
  readonly [field: string]: unknown;
}

/**
 * A row in a patch's `set` (see patch.ts): a whole row, or for a row whose rank or tie changed
 * another way, `{competitor, rank, tie, partial: true}` (the client keeps its other fields).
 */
export interface LiveRowChange {
  readonly competitor: string;
  readonly partial?: true;
  readonly [field: string]: unknown;
}

/** A tie-break rule as a public row carries it (scoring's TieBreak). */
export interface PublicTieRule {
  readonly by: string;
  readonly module?: string;
  readonly criterion?: string;
  readonly event?: string;
  readonly order?: string;
  readonly places?: number;
}

/** Why a row stands below the one above it (scoring's TieInfo; ids shown as bibs when names are hidden). */
export type PublicTie =
  | { readonly kind: 'first' | 'unranked' }
  | { readonly kind: 'shared'; readonly with: string }
  | { readonly kind: 'score' | 'status'; readonly above: string }
  | {
      readonly kind: 'tieBreak';
      readonly above: string;
      readonly index: number;
      readonly rule: PublicTieRule;
      readonly values: readonly [string | null, string | null];
    };

/** A module's score in a public row: null (a dash) while nobody marked it. */
export interface PublicModuleScore {
  readonly module: string;
  readonly score: string | null;
  readonly weighted: string | null;
}

/** An event's share of an overall row. */
export interface PublicPart {
  readonly event: string;
  readonly value: string | null;
  readonly rank: number | null;
}

/** A flag as the public sees it: its code (incomplete, gate, status), and the criterion a gate names. */
export interface PublicFlag {
  readonly code: string;
  readonly criterion?: string;
}

/**
 * A public standings row on the wire. Empty fields are left out (every viewer pays for each byte);
 * numbers are exact decimal texts ("87.33"), times in seconds ("286.60").
 */
export interface PublicRowWire extends LiveRow {
  /** The competitor as the public sees it: the id, or the bib when the event hides names. */
  readonly competitor: string;
  readonly bib?: string;
  readonly name?: string;
  readonly delegation?: string;
  readonly team?: string;
  /** Standard competition rank; absent or null while unranked. */
  readonly rank?: number | null;
  readonly tie?: PublicTie;
  /** ok, pending (nothing entered), DNF, DNS, DQ. */
  readonly status?: string;
  readonly score?: string;
  readonly time?: string;
  readonly deductions?: string;
  /** Overall tables. */
  readonly total?: string;
  readonly parts?: readonly PublicPart[];
  readonly flags?: readonly PublicFlag[];
  readonly moduleScores?: readonly PublicModuleScore[];
  /** A team's row: its members, by name (by bib when the event hides names). */
  readonly members?: readonly string[];
}

/** The fields a public row copies from the official row as they are. */
export const PUBLIC_COPIED_FIELDS = [
  'competitor',
  'name',
  'delegation',
  'team',
  'rank',
  'tie',
  'status',
  'score',
  'time',
  'deductions',
  'total',
  'parts',
] as const satisfies readonly (keyof PublicRowWire)[];
