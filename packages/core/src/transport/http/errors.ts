import { ServiceError } from '../../errors/index.js';

const tooLargeOptions = Object.freeze({ reason: 'BODY_TOO_LARGE' });
const clientGoneOptions = Object.freeze({ reason: 'CLIENT_GONE' });

/**
 * BodyTooLargeError is the error a request body read fails with when the body is larger than
 * the server's limit. Code `resource_exhausted` (gRPC's code for an oversized message; not
 * retried, not a breaker failure), reason `BODY_TOO_LARGE`. It is a `StatusCoder` answering
 * 413, which wins over the code's 429, so the default error encoder sends
 * `413 Payload Too Large`; the server stops reading and closes the connection after replying.
 */
export class BodyTooLargeError extends ServiceError {
  override readonly name = 'BodyTooLargeError';
  /** limit is the limit that was exceeded, in bytes. */
  readonly limit: number;
  constructor(limit: number) {
    super(
      'resource_exhausted',
      `request body larger than the limit of ${limit} bytes`,
      tooLargeOptions,
    );
    this.limit = limit;
  }
  /** statusCode returns 413. */
  statusCode(): number {
    return 413;
  }
}

/**
 * MalformedBodyError is the error a codec's decoder fails with when the body cannot be parsed
 * (malformed or empty JSON, for example): code `invalid_argument` (HTTP 400), reason
 * `MALFORMED_BODY`, with a message that says what is wrong; it never becomes a 500.
 */
export class MalformedBodyError extends ServiceError {
  override readonly name = 'MalformedBodyError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_argument', message, { reason: 'MALFORMED_BODY', cause: options?.cause });
  }
  /** statusCode returns 400. */
  statusCode(): number {
    return 400;
  }
}

/**
 * ClientGoneError is the error a request body read fails with when the client closed the
 * connection before sending the whole body. Code `canceled` (HTTP 499, client closed request,
 * as nginx logs it), reason `CLIENT_GONE`.
 */
export class ClientGoneError extends ServiceError {
  override readonly name = 'ClientGoneError';
  constructor(message = 'client closed the connection before the request body was read') {
    super('canceled', message, clientGoneOptions);
  }
  /** statusCode returns 499 (client closed request), as nginx logs it. */
  statusCode(): number {
    return 499;
  }
}
