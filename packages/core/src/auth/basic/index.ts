/**
 * @module @svckit/core/auth/basic
 *
 * HTTP Basic authentication as an endpoint middleware (Go kit's `auth/basic`): {@link basic}
 * checks one user and password in constant time; {@link basicVerify} takes a verifier, such
 * as {@link scryptVerifier} over passwords hashed by {@link hashPassword} (scrypt from
 * `node:crypto`, stored as PHC strings `$scrypt$ln=15,r=8,p=1$salt$hash`). Failures are
 * `unauthenticated`: HTTP 401 with `WWW-Authenticate: Basic realm="…"`, gRPC UNAUTHENTICATED.
 * The credential comes from the context (`@svckit/core/auth`): HTTP servers need no hook; a
 * gRPC server adds `@svckit/grpc`'s `authorizationToContext`.
 */
export type { BasicCredentials, BasicOptions, BasicVerifyOptions } from './basic.js';
export { basic, basicVerify, parseBasic } from './basic.js';
export type { ScryptOptions } from './scrypt.js';
export { hashPassword, scryptVerifier, verifyPassword } from './scrypt.js';
