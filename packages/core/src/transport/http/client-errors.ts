/**
 * RequestError is thrown by an HTTP client endpoint when the request could not be sent or no
 * response arrived: connection refused, DNS failure, reset before the headers, a failing request
 * body stream. Its message names the method and URL; `code` copies the system error code (e.g.
 * `ECONNREFUSED`) and `cause` keeps the original error.
 */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  /** code is the system error code of the cause (e.g. `ECONNREFUSED`), or `REQUEST_FAILED`. */
  readonly code: string;
  /** method is the HTTP method of the failed request. */
  readonly method: string;
  /** url is the URL of the failed request. */
  readonly url: string;
  constructor(method: string, url: string, cause: unknown) {
    super(`${method} ${url}: ${messageOf(cause)}`, { cause });
    this.method = method;
    this.url = url;
    this.code = codeOf(cause) ?? 'REQUEST_FAILED';
  }
}

/**
 * ResponseBodyError is thrown when reading a response body fails: the connection broke mid-body,
 * or the body is larger than the client's `maxResponseBytes` (then `code` is `BODY_TOO_LARGE`).
 */
export class ResponseBodyError extends Error {
  override readonly name = 'ResponseBodyError';
  /** code is `BODY_TOO_LARGE`, the system error code of the cause, or `BODY_READ_FAILED`. */
  readonly code: string;
  /** url is the URL of the request whose response body failed. */
  readonly url: string;
  constructor(url: string, message: string, code: string, cause?: unknown) {
    super(`${url}: ${message}`, cause === undefined ? undefined : { cause });
    this.url = url;
    this.code = code;
  }
}

/**
 * ResponseStatusError is thrown by {@link decodeJSONResponse} for a non-2xx response. It keeps
 * the status, the response headers and the body text (bounded by the client's limit), and is a
 * `StatusCoder`, so a server that proxies the call can answer with the same status.
 */
export class ResponseStatusError extends Error {
  override readonly name = 'ResponseStatusError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'BAD_STATUS';
  /** status is the HTTP status code of the response. */
  readonly status: number;
  /** body is the response body as text. */
  readonly body: string;
  /** responseHeaders are the response headers (lowercase names). */
  readonly responseHeaders: Readonly<Record<string, string | string[] | undefined>>;
  constructor(
    status: number,
    statusText: string,
    body: string,
    responseHeaders: Readonly<Record<string, string | string[] | undefined>>,
  ) {
    super(`unexpected status ${status} ${statusText}`.trimEnd());
    this.status = status;
    this.body = body;
    this.responseHeaders = responseHeaders;
  }
  /** statusCode returns the response's status (the `StatusCoder` capability). */
  statusCode(): number {
    return this.status;
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    // AggregateError (happy eyeballs, several addresses) has an empty message.
    if (err.message !== '') return err.message;
    const first = (err as { errors?: unknown[] }).errors?.[0];
    if (first !== undefined) return messageOf(first);
    return codeOf(err) ?? err.name;
  }
  return String(err);
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
