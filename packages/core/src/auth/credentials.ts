import type { Context } from '../context/index.js';
import { createKey, withValue } from '../context/index.js';
import { ServiceError } from '../errors/index.js';
import { requestKey } from '../transport/http/request.js';

/**
 * authorizationKey holds the credential a transport received (the value of HTTP's
 * `Authorization` header, gRPC's `authorization` metadata, a NATS or AMQP header), for auth
 * middlewares to read with {@link authorizationOf}.
 */
export const authorizationKey = createKey<string>('svckit.auth.authorization');

/**
 * withAuthorization returns a context carrying `value` as the request's credential, e.g.
 * `Basic dXNlcjpwYXNz` or `Bearer eyJ...`. Transports' before hooks call it.
 */
export function withAuthorization(ctx: Context, value: string): Context {
  return withValue(ctx, authorizationKey, value);
}

/**
 * authorizationOf returns the credential of the request being served: the value a transport
 * put under {@link authorizationKey}, else — inside an HTTP server, with no hook needed — the
 * request's `Authorization` header; undefined when there is none.
 *
 * It throws an `unauthenticated` {@link ServiceError} (reason `DUPLICATE_AUTHORIZATION`) when
 * the HTTP request carries the header more than once: Node keeps only the first of them in
 * `req.headers` and a Fetch `Request` joins them, so a proxy and the service could each read
 * a different credential. The raw headers decide.
 */
export function authorizationOf(ctx: Context): string | undefined {
  const value = ctx.value(authorizationKey);
  if (value !== undefined) return value;
  const req = ctx.value(requestKey);
  if (req === undefined) return undefined;
  const raw: unknown = req.raw;
  if (hasRawHeaders(raw)) {
    let found: string | undefined;
    const rh = raw.rawHeaders;
    for (let i = 0; i + 1 < rh.length; i += 2) {
      if (rh[i]!.length === 13 && rh[i]!.toLowerCase() === 'authorization') {
        if (found !== undefined) throw duplicate();
        found = rh[i + 1]!;
      }
    }
    return found;
  }
  const header = req.header('authorization');
  // A Fetch Request joins repeated headers with ", "; no Basic or Bearer credential has a comma.
  if (header !== undefined && header.includes(',')) throw duplicate();
  return header;
}

function duplicate(): ServiceError {
  return new ServiceError('unauthenticated', 'more than one Authorization header', {
    reason: 'DUPLICATE_AUTHORIZATION',
  });
}

function hasRawHeaders(raw: unknown): raw is { rawHeaders: readonly string[] } {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    Array.isArray((raw as { rawHeaders?: unknown }).rawHeaders)
  );
}

/**
 * credentialOf splits a credential into its scheme and parameter when the scheme is `scheme`
 * (compared case-insensitively, as RFC 9110 says), e.g. `credentialOf('Bearer abc', 'bearer')`
 * is `'abc'`; undefined for another scheme, a missing parameter or surrounding junk.
 */
export function credentialOf(value: string | undefined, scheme: string): string | undefined {
  if (value === undefined) return undefined;
  const n = scheme.length;
  if (value.length <= n + 1 || value.charCodeAt(n) !== 32) return undefined;
  if (value.slice(0, n).toLowerCase() !== scheme.toLowerCase()) return undefined;
  const param = value.slice(n + 1).trim();
  return param === '' || /\s/.test(param) ? undefined : param;
}
