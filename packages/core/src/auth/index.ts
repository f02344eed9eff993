/**
 * @module @svckit/core/auth
 *
 * The credential of a request, neutral of its transport. A transport puts the value it
 * received (HTTP's `Authorization` header, gRPC's `authorization` metadata, a NATS or AMQP
 * header) into the context; auth middlewares — `@svckit/core/auth/basic`, `@svckit/jwt`,
 * `@svckit/casbin` — read it from there with {@link authorizationOf}. Inside an HTTP server
 * the header is read directly, and a request with two `Authorization` headers is refused.
 * Once authenticated, the caller's name is the context's principal ({@link principalOf}).
 */
export {
  authorizationKey,
  authorizationOf,
  credentialOf,
  withAuthorization,
} from './credentials.js';
export { principalKey, principalOf, withPrincipal } from './principal.js';
export type { UnauthenticatedOptions } from './unauthenticated.js';
export { UnauthenticatedError } from './unauthenticated.js';
