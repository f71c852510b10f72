/**
 * The one error type services throw: a code from the contract, a sentence for a person, and the
 * fields at fault. The app's error mapper turns it into `{code, message, details}`.
 *
 * `details` is required: every refusal names what it is about (DESIGN.md §7), a field of the
 * request ("body.value"), a path parameter ("params.sheetId": the sheet is another judge's), or
 * the credentials ("headers.authorization": not signed in, or not allowed). A throw that names
 * nothing does not type-check.
 */
import { ERROR_CODES, type ErrorCode, type ErrorDetail } from '../contract/errors.ts';

export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];
  readonly current: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** Seconds until the request may be tried again (429): in the body and as retry-after. */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      details: readonly ErrorDetail[];
      current?: unknown;
      headers?: Record<string, string>;
      retryAfter?: number;
    },
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.details = options.details;
    this.current = options.current;
    this.retryAfter = options.retryAfter;
    this.headers =
      options.retryAfter === undefined
        ? (options.headers ?? {})
        : { ...options.headers, 'retry-after': String(options.retryAfter) };
  }

  get status(): (typeof ERROR_CODES)[ErrorCode] {
    return ERROR_CODES[this.code];
  }

  toBody(): {
    code: ErrorCode;
    message: string;
    details: readonly ErrorDetail[];
    current?: unknown;
    retryAfter?: number;
  } {
    return {
      code: this.code,
      message: this.message,
      details: this.details,
      ...(this.current === undefined ? {} : { current: this.current }),
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
    };
  }
}

/** One field's problem: `detail('body.value', 'out_of_range', 'seal: 41 is above 40')`. */
export function detail(
  path: string,
  code: string,
  message: string,
  params?: Record<string, string | number>,
): ErrorDetail {
  return params === undefined ? { path, code, message } : { path, code, message, params };
}

/** `what` is unknown: `path` is where the request named it ("params.eventId"). */
export function notFound(what: string, path: string): ServiceError {
  const message = `${what} not found`;
  return new ServiceError('not_found', message, {
    details: [detail(path, 'not_found', message)],
  });
}

/** Where the caller's identity is at fault: not signed in, or signed in without the right. */
export const CREDENTIALS = 'headers.authorization';

/** Refused for who is asking (default) or for what `path` names (another competition …). */
export function forbidden(
  message: string,
  path: string = CREDENTIALS,
  code = 'forbidden',
): ServiceError {
  return new ServiceError('forbidden', message, { details: [detail(path, code, message)] });
}

/** Not signed in, or the token is unknown or expired. */
export function unauthenticated(message: string, code = 'unauthenticated'): ServiceError {
  return new ServiceError('unauthenticated', message, {
    details: [detail(CREDENTIALS, code, message)],
  });
}
