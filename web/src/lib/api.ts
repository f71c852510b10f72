/**
 * Calls to the API on the same origin (the session cookie rides along), typed by the contract's
 * route map: `api('post /api/sheets/:sheetId/submit', { params, body })` checks the params and
 * body against that route's entry and answers with its answer type, so a change to a route's
 * schemas is a type error at every caller. A refusal becomes an ApiError carrying the server's
 * error body, and no answer at all (offline, timeout) a NetworkError, so callers can tell
 * "refused" from "not sent".
 */
import type {
  ErrorBody,
  RouteAnswer,
  RouteBody,
  RouteKey,
  RouteParams,
  RouteQuery,
  Routes,
} from '@skills/server/contract';

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.code;
  }
}

/** The request never got an answer: offline, the server down, or too slow. */
export class NetworkError extends Error {}

/** No usable answer: the request may or may not have been carried out on the server. */
export const unanswered = (error: unknown): boolean =>
  error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);

const TIMEOUT_MS = 15_000;

function isErrorBody(x: unknown): x is ErrorBody {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { code?: unknown }).code === 'string' &&
    typeof (x as { message?: unknown }).message === 'string'
  );
}

/** A file sent as the request body, with its own content type. */
export interface Upload {
  readonly data: Blob;
  readonly type: string;
}

/** What a call to a route sends, from its entry: path params, query, JSON body or file. */
export type CallInput<K extends RouteKey> = (Routes[K] extends { params: unknown }
  ? { readonly params: RouteParams<K> }
  : unknown) &
  (Routes[K] extends { query: unknown } ? { readonly query?: RouteQuery<K> } : unknown) &
  (Routes[K] extends { body: unknown } ? { readonly body: RouteBody<K> } : unknown) &
  (Routes[K] extends { file: true } ? { readonly file: Upload } : unknown);

/** The input may be left out when the route needs nothing. */
type CallArgs<K extends RouteKey> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "needs nothing"
  {} extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

/** The parts of any call, as the request is built from them. */
interface Parts {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly file?: Upload;
}

/** "/api/sheets/:sheetId" with { sheetId } → "/api/sheets/<id>". */
function fillPath(template: string, params: Parts['params']): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${template}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

function queryString(query: Parts['query']): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) pairs.push([key, String(value)]);
  }
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`;
}

/** The URL a call goes to: the route's path with its params filled in, and its query. */
export function urlOf<K extends RouteKey>(route: K, ...[input]: CallArgs<K>): string {
  const parts: Parts = input ?? {};
  return fillPath(route.slice(route.indexOf(' ') + 1), parts.params) + queryString(parts.query);
}

/**
 * Calls a route of the contract's map, named "<method> <path>". The answer is the server's JSON
 * as the route's entry types it (not parsed again here: the server builds it from that schema).
 */
export async function api<K extends RouteKey>(
  route: K,
  ...args: CallArgs<K>
): Promise<RouteAnswer<K>> {
  const parts: Parts = args[0] ?? {};
  const method = route.slice(0, route.indexOf(' ')).toUpperCase() as HttpMethod;
  return (await request(method, urlOf(route, ...args), parts.body, parts.file)) as RouteAnswer<K>;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function request(
  method: HttpMethod,
  path: string,
  body?: unknown,
  file?: Upload,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: file
        ? { 'content-type': file.type }
        : body === undefined
          ? {}
          : { 'content-type': 'application/json' },
      body: file ? file.data : body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (response.ok) return parsed;
  if (response.status >= 502 && response.status <= 504) {
    // A proxy in front of a server that is down: the same as no answer.
    throw new NetworkError(`HTTP ${response.status}`);
  }
  const errorBody: ErrorBody = isErrorBody(parsed)
    ? { ...parsed, details: Array.isArray(parsed.details) ? parsed.details : [] }
    : { code: 'server_error', message: `HTTP ${response.status}`, details: [] };
  throw new ApiError(response.status, errorBody);
}
