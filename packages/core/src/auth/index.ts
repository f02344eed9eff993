/**
 * @module @svckit/core/auth
 *
 * The credential of a request, neutral of its transport. A transport puts the value it
 * received (HTTP's `Authorization` header, gRPC's `authorization` metadata, a NATS or AMQP
 * header) into the context; auth middlewares — `@svckit/core/auth/basic`, `@svckit/jwt`,
 * `@svckit/casbin` — read it from there with {@link authorizationOf}. Inside an HTTP server
 * the header is read directly, and a request with two `Authorization` headers is refused.
 */
export {
  authorizationKey,
  authorizationOf,
  credentialOf,
  withAuthorization,
} from './credentials.js';
export type { UnauthenticatedOptions } from './unauthenticated.js';
export { UnauthenticatedError } from './unauthenticated.js';
