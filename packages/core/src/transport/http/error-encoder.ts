import type { Context } from '../../context/index.js';
import { codeOf, retryAfterMs } from '../../errors/index.js';
import { isHeaderer, isJSONMarshaler, isStatusCoder } from '../capabilities.js';
import { addHeaders } from './codecs.js';
import { httpRequest } from './request.js';
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
  /**
   * hide chooses the errors whose message, JSON and headers stay on the server: their answer
   * is `internal error (request id <id>)` and an `X-Request-Id: <id>` header (status,
   * `Svckit-Error-Code` and `Retry-After` as usual), so that a service facing the internet
   * does not send a database's or a library's message to its clients. `true` hides
   * {@link isServerFault} errors (codes `unknown` — any plain `Error` — `internal` and
   * `data_loss`). Default: none hidden, as Go kit's `DefaultErrorEncoder`.
   */
  readonly hide?: boolean | ((err: unknown) => boolean);
  /**
   * onHidden sees each hidden error with its request id, to log it (the server's
   * `errorHandler` runs before the id is known). Default: nothing.
   */
  readonly onHidden?: (ctx: Context, err: unknown, requestId: string) => void;
}

/** isServerFault is true for errors of code `unknown`, `internal` or `data_loss`. */
export function isServerFault(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'unknown' || code === 'internal' || code === 'data_loss';
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * requestIdOf is the id a hidden error is answered with: the request's `X-Request-Id` when it
 * is a plain token (letters, digits, `.`, `_`, `:`, `-`, at most 128), so that a proxy's id is
 * kept, else a new random UUID.
 */
export function requestIdOf(ctx: Context): string {
  const given = httpRequest(ctx)?.header('x-request-id');
  if (given !== undefined && requestIdPattern.test(given)) return given;
  return globalThis.crypto.randomUUID();
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
  const hide = options.hide === true ? isServerFault : options.hide || undefined;
  const onHidden = options.onHidden;
  return (ctx, err, w) => {
    if (hide !== undefined && hide(err)) {
      const id = requestIdOf(ctx);
      onHidden?.(ctx, err, id);
      w.setHeader('content-type', 'text/plain; charset=utf-8');
      w.setHeader('x-request-id', id);
      const code = codeOf(err);
      if (code !== 'unknown') w.setHeader(errorCodeHeader, code);
      const after = retryAfterMs(err);
      if (after !== undefined) w.setHeader('retry-after', String(Math.ceil(after / 1000)));
      w.writeHead(statusOf(err));
      w.end(`internal error (request id ${id})`);
      return;
    }
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

/**
 * publicErrorEncoder is {@link defaultErrorEncoder} for services facing the internet: the
 * messages of `unknown`, `internal` and `data_loss` errors are replaced by `internal error
 * (request id <id>)` with an `X-Request-Id` header (`createErrorEncoder({ hide: true })`; pass
 * `onHidden` there to log each with its id).
 */
export const publicErrorEncoder: ErrorEncoder = createErrorEncoder({ hide: true });

/** errorText is the text of an error as Go's `err.Error()` would give it: its message. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
