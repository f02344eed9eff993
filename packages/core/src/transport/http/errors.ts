/**
 * BodyTooLargeError is the error a request body read fails with when the body is larger than
 * the server's limit. It is a `StatusCoder` answering 413, so the default error encoder sends
 * `413 Payload Too Large`; the server stops reading and closes the connection after replying.
 */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'BODY_TOO_LARGE';
  /** limit is the limit that was exceeded, in bytes. */
  readonly limit: number;
  constructor(limit: number) {
    super(`request body larger than the limit of ${limit} bytes`);
    this.limit = limit;
  }
  /** statusCode returns 413. */
  statusCode(): number {
    return 413;
  }
}

/**
 * MalformedBodyError is the error a codec's decoder fails with when the body cannot be parsed
 * (malformed or empty JSON, for example). It is a `StatusCoder` answering 400 with a message
 * that says what is wrong; it never becomes a 500.
 */
export class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'MALFORMED_BODY';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  /** statusCode returns 400. */
  statusCode(): number {
    return 400;
  }
}

/**
 * ClientGoneError is the error a request body read fails with when the client closed the
 * connection before sending the whole body.
 */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
  /** code is a stable machine-readable tag for the error. */
  readonly code = 'CLIENT_GONE';
  constructor(message = 'client closed the connection before the request body was read') {
    super(message);
  }
  /** statusCode returns 499 (client closed request), as nginx logs it. */
  statusCode(): number {
    return 499;
  }
}
