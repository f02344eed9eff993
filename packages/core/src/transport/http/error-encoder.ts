import type { Context } from '../../context/index.js';
import { codeOf, retryAfterMs } from '../../errors/index.js';
import { isHeaderer, isJSONMarshaler, isStatusCoder } from '../capabilities.js';
import { addHeaders } from './codecs.js';
import type { ResponseWriter } from './response-writer.js';
import { errorCodeHeader, httpStatusOf } from './status.js';

/**
 * ErrorEncoder writes an error to the response (Go kit's `ErrorEncoder`). A server calls it
 * for every error met while decoding, calling the endpoint or encoding, after the error
 * handler. Users write their own to map their error types to statuses and bodies.
 */
export type ErrorEncoder = (ctx: Context, err: unknown, w: ResponseWriter) => void;

/**
 * ErrorStatusFunc chooses the HTTP status of an error (a server's `errorStatus` option).
 */
export type ErrorStatusFunc = (err: unknown) => number;

/**
 * defaultErrorStatus is the status svckit's servers answer an error with: an explicit
 * `StatusCoder` wins (a `BodyTooLargeError` keeps its 413), else the status of the error's
 * canonical code ({@link httpStatusOf} of `codeOf(err)`: `invalid_argument` 400, `not_found`
 * 404, `resource_exhausted` 429, `unavailable` 503, ...). A plain `Error` is `unknown`: 500,
 * as in Go kit.
 */
export function defaultErrorStatus(err: unknown): number {
  if (isStatusCoder(err)) {
    const status = err.statusCode();
    if (Number.isInteger(status) && status >= 100 && status <= 999) return status;
  }
  return httpStatusOf(codeOf(err));
}

/** ErrorEncoderOptions tune {@link createErrorEncoder}. */
export interface ErrorEncoderOptions {
  /** status chooses the status of an error. Default {@link defaultErrorStatus}. */
  readonly status?: ErrorStatusFunc;
}

/**
 * createErrorEncoder returns Go kit's `DefaultErrorEncoder` with svckit's error codes: the
 * error's message as `text/plain; charset=utf-8` (no trailing newline), or
 * `JSON.stringify(err)` as `application/json; charset=utf-8` when the error has `toJSON()`;
 * the headers of a `Headerer` are added, keeping every value; the error's canonical code goes
 * in `Svckit-Error-Code` (unless it is `unknown`), a `retryAfterMs` in `Retry-After` (whole
 * seconds, unless a `Headerer` set one); the status comes from `options.status`, by default
 * {@link defaultErrorStatus}.
 */
export function createErrorEncoder(options: ErrorEncoderOptions = {}): ErrorEncoder {
  const statusOf = options.status ?? defaultErrorStatus;
  return (_ctx, err, w) => {
    let body: string;
    if (isJSONMarshaler(err)) {
      w.setHeader('content-type', 'application/json; charset=utf-8');
      body = JSON.stringify(err) ?? 'null';
    } else {
      w.setHeader('content-type', 'text/plain; charset=utf-8');
      body = errorText(err);
    }
    if (isHeaderer(err)) addHeaders(w, err.headers());
    const code = codeOf(err);
    if (code !== 'unknown') w.setHeader(errorCodeHeader, code);
    const after = retryAfterMs(err);
    if (after !== undefined && w.getHeader('retry-after') === undefined) {
      w.setHeader('retry-after', String(Math.ceil(after / 1000)));
    }
    w.writeHead(statusOf(err));
    w.end(body);
  };
}

/**
 * defaultErrorEncoder is {@link createErrorEncoder} with the default status: Go kit's
 * `DefaultErrorEncoder` (message as text, `toJSON()` honoured, `Headerer` headers, 500 for a
 * plain error) plus the canonical code's status and `Svckit-Error-Code`.
 */
export const defaultErrorEncoder: ErrorEncoder = createErrorEncoder();

/** errorText is the text of an error as Go's `err.Error()` would give it: its message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
