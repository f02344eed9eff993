import { authorizationOf, credentialOf } from '@svckit/core/auth';
import type { Context, ContextKey } from '@svckit/core/context';
import { createKey, withValue } from '@svckit/core/context';
import type { JWTPayload } from 'jose';

/**
 * tokenKey holds a raw JWT in the context: the one a {@link signer} made for outgoing calls,
 * or one a transport hook extracted (Go kit's `JWTContextKey`).
 */
export const tokenKey: ContextKey<string> = createKey<string>('@svckit/jwt token');

/** claimsKey holds the verified claims a {@link parser} put in the context (Go kit's `JWTClaimsContextKey`). */
export const claimsKey: ContextKey<JWTPayload> = createKey<JWTPayload>('@svckit/jwt claims');

/** withToken returns a context carrying `token`. */
export function withToken(ctx: Context, token: string): Context {
  return withValue(ctx, tokenKey, token);
}

/**
 * tokenOf returns the token to verify: the one under {@link tokenKey}, else the `Bearer`
 * credential of the request (`@svckit/core/auth`'s `authorizationOf`: the HTTP header, or what
 * a gRPC, NATS or AMQP hook put there). A credential of another scheme, or without the
 * `Bearer ` prefix, is no token. It throws when the request carries two credentials.
 */
export function tokenOf(ctx: Context): string | undefined {
  return ctx.value(tokenKey) ?? credentialOf(authorizationOf(ctx), 'bearer');
}

/** claimsOf returns the claims a parser verified for this request, or undefined. */
export function claimsOf(ctx: Context): JWTPayload | undefined {
  return ctx.value(claimsKey);
}

/** bearerOf returns `Bearer <token>` for the context's token, for outgoing calls; undefined without one. */
export function bearerOf(ctx: Context): string | undefined {
  const token = ctx.value(tokenKey);
  return token === undefined ? undefined : `Bearer ${token}`;
}
