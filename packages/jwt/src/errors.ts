import { UnauthenticatedError } from '@svckit/core/auth';

/**
 * Reasons of the errors the parser raises — Go kit's `auth/jwt` errors, one each. Every one is
 * an `unauthenticated` error (HTTP 401 with a `WWW-Authenticate: Bearer` challenge, gRPC
 * UNAUTHENTICATED); its `reason` tells them apart.
 */
export const reasons = Object.freeze({
  /** No token in the context or the request (Go kit's `ErrTokenContextMissing`). */
  missing: 'TOKEN_MISSING',
  /** The header names an algorithm the key does not allow (`ErrUnexpectedSigningMethod`). */
  unexpectedSigningMethod: 'UNEXPECTED_SIGNING_METHOD',
  /** Not three base64url parts of JSON, or too long (`ErrTokenMalformed`). */
  malformed: 'TOKEN_MALFORMED',
  /** `exp` is past (`ErrTokenExpired`). */
  expired: 'TOKEN_EXPIRED',
  /** `nbf` is ahead (`ErrTokenNotActive`). */
  notActive: 'TOKEN_NOT_ACTIVE',
  /** Anything else: a bad signature, an unknown key, a wrong `iss`/`aud`, an `iat` ahead (`ErrTokenInvalid`). */
  invalid: 'TOKEN_INVALID',
});

/** Reason is one of {@link reasons}. */
export type Reason = (typeof reasons)[keyof typeof reasons];

/**
 * tokenError makes the error of a refused token: `unauthenticated`, with its reason and the
 * RFC 6750 challenge (`Bearer`, plus `error="invalid_token"` when a token was there).
 */
export function tokenError(
  reason: Reason,
  message: string,
  realm: string | undefined,
  cause?: unknown,
): UnauthenticatedError {
  const parts: string[] = [];
  if (realm !== undefined) parts.push(`realm="${realm.replace(/["\\]/g, '\\$&')}"`);
  if (reason !== reasons.missing) parts.push('error="invalid_token"');
  const challenge = parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
  return new UnauthenticatedError(message, { reason, challenge, cause });
}
