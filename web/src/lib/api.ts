/**
 * Calls to the API on the same origin (the session cookie rides along). Answers are typed by
 * the server's contract; a refusal becomes an ApiError carrying the server's error body, and no
 * answer at all (offline, timeout) a NetworkError, so callers can tell "refused" from "not
 * sent".
 */
import type { ErrorBody } from '@skills/server/contract';

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

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  file?: { readonly data: Blob; readonly type: string },
): Promise<T> {
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
  if (response.ok) return parsed as T;
  if (response.status >= 502 && response.status <= 504) {
    // A proxy in front of a server that is down: the same as no answer.
    throw new NetworkError(`HTTP ${response.status}`);
  }
  const errorBody: ErrorBody = isErrorBody(parsed)
    ? { ...parsed, details: Array.isArray(parsed.details) ? parsed.details : [] }
    : { code: 'server_error', message: `HTTP ${response.status}`, details: [] };
  throw new ApiError(response.status, errorBody);
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);
export const put = <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body);
/** Sends a file as the request body, with its own content type. */
export const upload = <T>(path: string, data: Blob, type: string): Promise<T> =>
  request<T>('POST', path, undefined, { data, type });
