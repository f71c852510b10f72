/**
 * The live protocol over Socket.IO (same port as the API, path /socket.io/, websocket transport).
 *
 * A table is a stream of revisions: each event (scope = event id) and each overall table
 * (scope = "overall:<id>") has an official stream (organizer, chief judge: everything, live) and
 * a public stream (what the public may see: nothing of a hidden event, the standings as of a
 * freeze, the reveal steps, names only when the event shows them). Revisions are stored and only
 * grow, so a client that reconnects, or reaches another instance, asks for what it missed.
 *
 *   client → `subscribe` {competitionId, scope, view, rev?, hash?}
 *   server ← ack: a snapshot, the patches since `rev`, or "current"; then `patch` after every
 *            committed change, {rev, baseRev, rows, teams, meta, hash}: the rows and team rows
 *            changed as patch.ts describes (moves and rank shifts, not whole shifted rows)
 *
 * A patch applies when its baseRev is the client's rev; a gap (baseRev ahead) means subscribing
 * again with the rev held. After applying, the client's table hashes (see table-hash.ts) to the
 * patch's hash; when it does not, the client asks for a snapshot.
 *
 * A request the server does not answer in time, or answers `unavailable` (it could not read the
 * table just then, e.g. its database restarting), is sent again after a while; a connection that
 * leaves several in a row unanswered is opened again.
 */
import { z } from 'zod';
import { CompetitionId, Revision } from './api.ts';
import type { ErrorBody } from './errors.ts';
import type { SideChange } from './patch.ts';
import type { LiveRow } from './rows.ts';
import { LIVE_VIEWS, type LiveView, type PublicPhase } from './live-names.ts';

/** The row types, where the protocol's other types are (rows.ts holds them). */
export type { LiveRow, LiveRowChange } from './rows.ts';

export {
  LIVE_VIEWS,
  MAX_CATCH_UP,
  PUBLIC_PHASES,
  PUBLIC_SNAPSHOT_ROUTE,
  UNAVAILABLE,
  overallIdOf,
  overallScope,
  publicSnapshotPath,
  type LiveView,
  type PublicPhase,
} from './live-names.ts';

/** An event id, or "overall:" and an overall table's id. */
export const Scope = z
  .string()
  .min(1)
  .max(72)
  .regex(/^[^\s/]+$/, 'an event id, or "overall:" and an overall table id');

export const SubscribeRequest = z.strictObject({
  competitionId: CompetitionId,
  scope: Scope,
  view: z.enum(LIVE_VIEWS).default('public'),
  /** The revision the client holds, with its hash: the server answers with what is newer. */
  rev: Revision.optional(),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex')
    .optional(),
});
export type SubscribeRequest = z.input<typeof SubscribeRequest>;

export const UnsubscribeRequest = z.strictObject({
  competitionId: CompetitionId,
  scope: Scope,
  view: z.enum(LIVE_VIEWS).default('public'),
});
export type UnsubscribeRequest = z.input<typeof UnsubscribeRequest>;

export const WatchRequest = z.strictObject({ competitionId: CompetitionId });
export type WatchRequest = z.input<typeof WatchRequest>;

/** A public table's state. The official stream carries no meta (null). */
export interface LiveMeta {
  readonly name: string;
  readonly phase: PublicPhase;
  /** Names shown; otherwise rows carry the bib as competitor and no name. */
  readonly names: boolean;
  /** A reveal in progress: rows at positions ≥ total − step hold their final values. */
  readonly reveal: { readonly step: number; readonly total: number } | null;
}

interface TableKey {
  readonly competitionId: string;
  readonly scope: string;
  readonly view: LiveView;
}

export interface LiveSnapshot extends TableKey {
  readonly rev: number;
  readonly hash: string;
  readonly name: string;
  readonly meta: LiveMeta | null;
  readonly rows: readonly LiveRow[];
  readonly teams: readonly LiveRow[] | null;
  /** When this revision was computed (ISO 8601). */
  readonly at: string | null;
}

/** A revision: how it changes the rows and the team rows (patch.ts), left out when not at all. */
export interface LivePatch extends TableKey {
  readonly rev: number;
  readonly baseRev: number;
  readonly hash: string;
  /** The table's meta when it changed with this revision; left out when it did not. */
  readonly meta?: LiveMeta | null;
  readonly rows?: SideChange;
  readonly teams?: SideChange;
  readonly at: string;
}

export type SubscribeReply =
  | { readonly ok: true; readonly sync: 'snapshot'; readonly snapshot: LiveSnapshot }
  | { readonly ok: true; readonly sync: 'patches'; readonly patches: readonly LivePatch[] }
  | { readonly ok: true; readonly sync: 'current'; readonly rev: number; readonly hash: string }
  | { readonly ok: false; readonly error: ErrorBody };

/** A competition at a glance, for home pages and big screens: what each table is showing. */
export interface LiveCompetition {
  readonly competitionId: string;
  readonly name: string;
  readonly events: readonly {
    readonly id: string;
    readonly name: string;
    readonly day: number | null;
    readonly phase: PublicPhase;
    /** Head of the table's public stream (0 before anything is computed). */
    readonly rev: number;
  }[];
  readonly overall: readonly {
    readonly id: string;
    readonly name: string;
    readonly phase: PublicPhase;
    readonly rev: number;
  }[];
  readonly at: string;
}

export type WatchReply =
  | { readonly ok: true; readonly competition: LiveCompetition }
  | { readonly ok: false; readonly error: ErrorBody };

export interface ServerToClientEvents {
  patch: (patch: LivePatch) => void;
  competition: (competition: LiveCompetition) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (reply: SubscribeReply) => void) => void;
  unsubscribe: (request: UnsubscribeRequest, ack: (reply: { ok: boolean }) => void) => void;
  watch: (request: WatchRequest, ack: (reply: WatchReply) => void) => void;
}

// ── reveal (HTTP, organizer) ─────────────────────────────────────────────────────────────────

export const RevealBody = z.strictObject({
  /** next: one row; until: reveal until `remaining` rows are left; all: the rest at once. */
  action: z.enum(['next', 'until', 'all']),
  remaining: z.number().int().min(0).max(100_000).optional(),
  /** The step the caller saw, so a double press does not reveal two rows. */
  step: z.number().int().min(0).max(100_000),
});
export const RevealState = z.object({
  event: z.string(),
  step: z.number(),
  total: z.number(),
  done: z.boolean(),
});
export type RevealState = z.infer<typeof RevealState>;
