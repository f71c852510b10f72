/**
 * The live protocol's plain names and constants (views, phases, scopes, the "ask again" code,
 * the HTTP snapshot's address), apart from live.ts because that module holds zod schemas: the
 * live client and the public pages import only from here, so zod stays out of the public bundle
 * (test: web/test/public-bundle.test.ts).
 */

export const LIVE_VIEWS = ['public', 'official'] as const;
export type LiveView = (typeof LIVE_VIEWS)[number];

/** What the public sees of a table (upcoming: the event has not started, nothing is scored). */
export const PUBLIC_PHASES = [
  'hidden',
  'upcoming',
  'provisional',
  'frozen',
  'reveal',
  'official',
] as const;
export type PublicPhase = (typeof PUBLIC_PHASES)[number];

/** The scope of an overall table: "overall:" and its id (an event's scope is its id). */
const OVERALL_PREFIX = 'overall:';
export const overallScope = (overallId: string): string => `${OVERALL_PREFIX}${overallId}`;
/** The overall table's id a scope names; null for an event's scope. */
export const overallIdOf = (scope: string): string | null =>
  scope.startsWith(OVERALL_PREFIX) ? scope.slice(OVERALL_PREFIX.length) : null;

/**
 * The error code of a subscribe or watch the server could not answer just now (not a refusal):
 * ask again later.
 */
export const UNAVAILABLE = 'unavailable';

/**
 * The most patches a subscribe is answered with (and each instance keeps per table): a client
 * further behind than this gets a snapshot instead.
 */
export const MAX_CATCH_UP = 64;

/** The route of a public table's snapshot over HTTP (the path params are its key). */
export const PUBLIC_SNAPSHOT_ROUTE = '/api/live/:competitionId/:scope/snapshot';

/**
 * Where a public table's current snapshot is served over HTTP: the same LiveSnapshot the
 * socket's first answer carries, gzipped, with an ETag of its revision and hash. A page fetches
 * it while its scripts load and subscribes with its rev and hash afterwards.
 */
export const publicSnapshotPath = (competitionId: string, scope: string): string =>
  `/api/live/${encodeURIComponent(competitionId)}/${encodeURIComponent(scope)}/snapshot`;
