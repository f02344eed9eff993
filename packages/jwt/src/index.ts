/**
 * @module @svckit/jwt
 *
 * JSON Web Token auth (Go kit's `auth/jwt`) on jose — no cryptography of its own:
 *
 * - {@link parser}: a server middleware verifying the request's token with a strict
 *   allow-list of algorithms per key, `exp`/`nbf`/`iat` with a clock skew, `iss`/`aud`, and
 *   the claims into the context ({@link claimsOf}); Go kit's distinct errors as
 *   `unauthenticated` errors with their {@link reasons}.
 * - Keys: {@link staticKeys}, or {@link jwks} from a URL with caching, rotation by `kid` and a
 *   rate-limited refetch on an unknown `kid`; the last keys keep working while the URL is down.
 * - {@link signer}: a client middleware signing a token (with `kid`) into the context, and
 *   hooks sending it: {@link tokenToHttp}, {@link bearerOf} (for gRPC metadata),
 *   {@link tokenToHeaders} / {@link headersToContext} (NATS, AMQP).
 */
export { bearerOf, claimsKey, claimsOf, tokenKey, tokenOf, withToken } from './context.js';
export type { Reason } from './errors.js';
export { reasons } from './errors.js';
export type { KeySource, ResolvedKey, StaticKey, VerifyKey } from './keys.js';
export { staticKeys } from './keys.js';
export type { Jwks, JwksOptions } from './jwks.js';
export { jwks } from './jwks.js';
export type { ParserOptions } from './parser.js';
export { parser } from './parser.js';
export type { SignerOptions } from './signer.js';
export { signer } from './signer.js';
export { headersToContext, tokenToHeaders, tokenToHttp } from './carriers.js';
