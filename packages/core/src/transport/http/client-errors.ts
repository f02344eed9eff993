import { ServiceError, codeOf } from '../../errors/index.js';
import type { Code } from '../../errors/index.js';
import { codeOfHttpResponse, errorCodeHeader } from './status.js';

/**
 * RequestError is thrown by an HTTP client endpoint when the request could not be sent or no
 * response arrived: connection refused, DNS failure, reset before the headers, a failing request
 * body stream, a TLS failure. Its message names the method and URL; `cause` keeps the original
 * error. Code: the cause's (`ECONNREFUSED` and the other connection failures are
 * `unavailable`), and `unavailable` when the cause has none; reason: the cause's system error
 * code (e.g. `ECONNREFUSED`), else `REQUEST_FAILED`.
 */
export class RequestError extends ServiceError {
  override readonly name = 'RequestError';
  /** method is the HTTP method of the failed request. */
  readonly method: string;
  /** url is the URL of the failed request. */
  readonly url: string;
  constructor(method: string, url: string, cause: unknown) {
    const code = codeOf(cause);
    super(code === 'unknown' ? 'unavailable' : code, `${method} ${url}: ${messageOf(cause)}`, {
      cause,
      reason: systemCode(cause) ?? 'REQUEST_FAILED',
    });
    this.method = method;
    this.url = url;
  }
}

/**
 * ResponseBodyError is thrown when reading a response body fails. Its reason says why:
 * `BODY_TOO_LARGE` (larger than the client's `maxResponseBytes`; code `resource_exhausted`),
 * `INVALID_JSON` (a 2xx body that is not JSON; code `internal`: the callee broke its
 * contract), `BODY_USED` (read twice; `internal`), or the connection broke mid-body (the
 * cause's system code, e.g. `ECONNRESET`, or `BODY_READ_FAILED`; code `unavailable`).
 */
export class ResponseBodyError extends ServiceError {
  override readonly name = 'ResponseBodyError';
  /** url is the URL of the request whose response body failed. */
  readonly url: string;
  constructor(url: string, message: string, reason: string, cause?: unknown) {
    super(bodyCode(reason, cause), `${url}: ${message}`, { reason, cause });
    this.url = url;
  }
}

/**
 * responseBodyError maps a failure while reading a response body: the context's reason when
 * the call was cancelled (signal aborted), a {@link ResponseBodyError} as is, else one wrapping
 * the cause (its system code as reason, e.g. `ECONNRESET`, else `BODY_READ_FAILED`).
 */
export function responseBodyError(url: string, signal: AbortSignal, err: unknown): unknown {
  if (signal.aborted) return signal.reason;
  if (err instanceof ResponseBodyError) return err;
  const code = systemCode(err);
  return new ResponseBodyError(
    url,
    `reading the response body: ${err instanceof Error ? err.message : String(err)}`,
    code ?? 'BODY_READ_FAILED',
    err,
  );
}

/** Headers is the shape of response headers a {@link ResponseStatusError} keeps. */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * ResponseStatusError is thrown by {@link decodeJSONResponse} for a non-2xx response. Its
 * message is the server's own text — a plain-text body, or the `error`, `err` or `message`
 * string of a JSON body (e.g. `a must be a number`), at most 512 characters — and
 * `unexpected status 400 Bad Request` when the body says nothing readable. Its code is the
 * `Svckit-Error-Code` an svckit server sent, else the status's (`codeOfHttpStatus`: 400
 * `invalid_argument`, 429 `resource_exhausted`, 503 `unavailable`, ...); reason `BAD_STATUS`;
 * `retryAfterMs` comes from a `Retry-After` header (seconds or an HTTP date). It keeps the
 * status, the response headers and the body text (bounded by the client's limit), and is a
 * `StatusCoder`, so a server that proxies the call can answer with the same status.
 */
export class ResponseStatusError extends ServiceError {
  override readonly name = 'ResponseStatusError';
  /** status is the HTTP status code of the response. */
  readonly status: number;
  /** body is the response body as text. */
  readonly body: string;
  /** responseHeaders are the response headers (lowercase names). */
  readonly responseHeaders: Headers;
  constructor(status: number, statusText: string, body: string, responseHeaders: Headers) {
    super(
      codeOfHttpResponse(status, responseHeaders[errorCodeHeader]),
      serverText(body, responseHeaders['content-type']) ??
        `unexpected status ${status} ${statusText}`.trimEnd(),
      { reason: 'BAD_STATUS', retryAfterMs: parseRetryAfter(responseHeaders['retry-after']) },
    );
    this.status = status;
    this.body = body;
    this.responseHeaders = responseHeaders;
  }
  /** statusCode returns the response's status (the `StatusCoder` capability). */
  statusCode(): number {
    return this.status;
  }
}

/** maxMessage bounds the server text a {@link ResponseStatusError} message carries. */
const maxMessage = 512;

/**
 * serverText is the error text of a response body: a JSON body's `error`, `err` or `message`
 * string (or `error.message`), a plain-text body as is, trimmed and bounded; undefined for an
 * empty body, HTML and other media types.
 */
function serverText(body: string, contentType: string | string[] | undefined): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  const type = (typeof contentType === 'string' ? contentType : '').toLowerCase();
  let found: string | undefined;
  if (type.includes('json') || (text.startsWith('{') && text.endsWith('}'))) {
    found = jsonText(text);
    if (found === undefined && type !== '' && !type.startsWith('text/plain')) return undefined;
  }
  if (found === undefined) {
    if (type !== '' && !type.startsWith('text/plain')) return undefined;
    found = text;
  }
  return found.length > maxMessage ? `${found.slice(0, maxMessage)}…` : found;
}

function jsonText(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  for (const field of [v['error'], v['err'], v['message']]) {
    if (typeof field === 'string' && field.trim() !== '') return field.trim();
    if (typeof field === 'object' && field !== null) {
      const nested = (field as Record<string, unknown>)['message'];
      if (typeof nested === 'string' && nested.trim() !== '') return nested.trim();
    }
  }
  return undefined;
}

/**
 * parseRetryAfter reads a `Retry-After` value: delay-seconds or an HTTP date, as ms from now
 * (never negative); undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (v === undefined || v === '') return undefined;
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  // An HTTP date (IMF-fixdate, RFC 850 or asctime) starts with the day's name.
  if (!/^[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function bodyCode(reason: string, cause: unknown): Code {
  if (reason === 'BODY_TOO_LARGE') return 'resource_exhausted';
  if (reason === 'INVALID_JSON' || reason === 'BODY_USED') return 'internal';
  const code = codeOf(cause);
  return code === 'unknown' ? 'unavailable' : code;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    // AggregateError (happy eyeballs, several addresses) has an empty message.
    if (err.message !== '') return err.message;
    const first = (err as { errors?: unknown[] }).errors?.[0];
    if (first !== undefined) return messageOf(first);
    return systemCode(err) ?? err.name;
  }
  return String(err);
}

function systemCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
