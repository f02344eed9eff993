import type { HeaderMap } from '../transport/capabilities.js';
import { ServiceError } from '../errors/index.js';

/** UnauthenticatedOptions are the optional parts of an {@link UnauthenticatedError}. */
export interface UnauthenticatedOptions {
  /** reason is the proximate cause, UPPER_SNAKE_CASE (`TOKEN_EXPIRED`, ...). */
  readonly reason?: string;
  /** challenge is the `WWW-Authenticate` value HTTP sends, e.g. `Basic realm="api"`. */
  readonly challenge?: string;
  /** cause is the error this one wraps. */
  readonly cause?: unknown;
}

/**
 * UnauthenticatedError is an `unauthenticated` {@link ServiceError} (HTTP 401, gRPC
 * UNAUTHENTICATED) that carries its challenge: as a `Headerer` it adds `WWW-Authenticate` to
 * an HTTP answer, as RFC 9110 requires of a 401.
 */
export class UnauthenticatedError extends ServiceError {
  override readonly name: string = 'UnauthenticatedError';
  /** challenge is the `WWW-Authenticate` value, when there is one. */
  readonly challenge: string | undefined;

  constructor(message: string, options: UnauthenticatedOptions = {}) {
    super('unauthenticated', message, { reason: options.reason, cause: options.cause });
    this.challenge = options.challenge;
  }

  /** headers returns `WWW-Authenticate` when a challenge was given. */
  headers(): HeaderMap {
    return this.challenge === undefined ? {} : { 'www-authenticate': this.challenge };
  }
}
