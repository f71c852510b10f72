/**
 * The one error type services throw: a code from the contract, a sentence for a person, and the
 * fields at fault. The app's error mapper turns it into `{code, message, details}`.
 */
import { ERROR_CODES, type ErrorCode, type ErrorDetail } from '../contract/errors.ts';

export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ErrorDetail[];
  readonly current: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      details?: readonly ErrorDetail[];
      current?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.details = options.details ?? [];
    this.current = options.current;
    this.headers = options.headers ?? {};
  }

  get status(): (typeof ERROR_CODES)[ErrorCode] {
    return ERROR_CODES[this.code];
  }

  toBody(): {
    code: ErrorCode;
    message: string;
    details: readonly ErrorDetail[];
    current?: unknown;
  } {
    return this.current === undefined
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message, details: this.details, current: this.current };
  }
}

/** One field's problem: `detail('body.value', 'out_of_range', 'seal: 41 is above 40')`. */
export function detail(path: string, code: string, message: string): ErrorDetail {
  return { path, code, message };
}

export function notFound(what: string): ServiceError {
  return new ServiceError('not_found', `${what} not found`);
}

export function forbidden(message: string): ServiceError {
  return new ServiceError('forbidden', message);
}
