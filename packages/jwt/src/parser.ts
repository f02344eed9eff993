import { withPrincipal } from '@svckit/core/auth';
import type { Context } from '@svckit/core/context';
import { withValue } from '@svckit/core/context';
import type { GenericMiddleware } from '@svckit/core/endpoint';
import { codeOf } from '@svckit/core/errors';
import type { JWTPayload, JWSHeaderParameters } from 'jose';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { claimsKey, tokenOf } from './context.js';
import { reasons, tokenError } from './errors.js';
import type { Reason } from './errors.js';
import type { KeySource } from './keys.js';

/** ParserOptions configure {@link parser}. */
export interface ParserOptions {
  /** keys select the key and its allowed algorithms for each token: `staticKeys(...)` or `jwks(...)`. */
  readonly keys: KeySource;
  /** issuer, when set, must equal the `iss` claim (one of them, for a list). */
  readonly issuer?: string | readonly string[];
  /** audience, when set, must be in the `aud` claim (one of them, for a list). */
  readonly audience?: string | readonly string[];
  /** clockSkewMs is the leeway for `exp`, `nbf` and `iat`. Default 0. */
  readonly clockSkewMs?: number;
  /** requiredClaims must be present, e.g. `['exp', 'sub']`. Default `['exp']`: a token that never expires is refused. */
  readonly requiredClaims?: readonly string[];
  /** maxTokenBytes refuses longer tokens as malformed before any parsing. Default 8 192. */
  readonly maxTokenBytes?: number;
  /** realm goes into the `WWW-Authenticate: Bearer` challenge. */
  readonly realm?: string;
  /** now is the clock, in ms. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * parser is Go kit's `jwt.NewParser`: a middleware verifying the request's token (see
 * `tokenOf`: a signer's token or the request's `Bearer` credential) and putting its claims in
 * the context (`claimsOf(ctx)`; a string `sub` also as core's `principalOf(ctx)`) before
 * calling the endpoint. The token's `alg` must be one its
 * key allows — a strict allow-list per key, so `alg: none` and an HS256 token signed with an
 * RSA public key are both refused — and the signature, `exp`, `nbf`, `iat` (none ahead of the
 * clock beyond the skew), `iss` and `aud` are checked by jose. Failures are
 * `unauthenticated`, with Go kit's distinct errors as `reason`s (see `reasons`); a key source
 * that cannot be reached is `unavailable`.
 */
export function parser(options: ParserOptions): GenericMiddleware {
  const { keys, realm } = options;
  const skewS = (options.clockSkewMs ?? 0) / 1000;
  const now = options.now ?? Date.now;
  const maxBytes = options.maxTokenBytes ?? 8192;
  const required = [...(options.requiredClaims ?? ['exp'])];
  const issuer = options.issuer === undefined ? undefined : ([] as string[]).concat(options.issuer);
  const audience =
    options.audience === undefined ? undefined : ([] as string[]).concat(options.audience);
  const fail = (reason: Reason, message: string, cause?: unknown): Error =>
    tokenError(reason, message, realm, cause);

  async function verify(ctx: Context): Promise<JWTPayload> {
    let token: string | undefined;
    try {
      token = tokenOf(ctx);
    } catch (err) {
      throw fail(reasons.invalid, 'more than one credential', err);
    }
    if (token === undefined || token === '') throw fail(reasons.missing, 'token missing');
    if (token.length > maxBytes) throw fail(reasons.malformed, 'token too long');
    let header: JWSHeaderParameters;
    try {
      header = decodeProtectedHeader(token) as JWSHeaderParameters;
    } catch (err) {
      throw fail(reasons.malformed, 'token malformed', err);
    }
    const alg = header.alg;
    if (typeof alg !== 'string' || !keys.algorithms.includes(alg)) {
      throw fail(reasons.unexpectedSigningMethod, `unexpected signing method ${String(alg)}`);
    }
    const resolved = await keys.resolve(header, ctx);
    if (resolved === undefined) throw fail(reasons.invalid, 'unknown signing key');
    if (!resolved.algorithms.includes(alg)) {
      throw fail(reasons.unexpectedSigningMethod, `unexpected signing method ${alg} for this key`);
    }
    const nowMs = now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, resolved.key, {
        algorithms: [alg],
        currentDate: new Date(nowMs),
        clockTolerance: skewS,
        requiredClaims: required,
        ...(issuer === undefined ? {} : { issuer }),
        ...(audience === undefined ? {} : { audience }),
      }));
    } catch (err) {
      throw mapError(err, fail);
    }
    if (typeof payload.iat === 'number' && payload.iat > nowMs / 1000 + skewS) {
      throw fail(reasons.invalid, 'token issued in the future');
    }
    return payload;
  }

  return (next) => async (ctx, request) => {
    const claims = await verify(ctx);
    const next1 = withValue(ctx, claimsKey, claims);
    return next(typeof claims.sub === 'string' ? withPrincipal(next1, claims.sub) : next1, request);
  };
}

function mapError(err: unknown, fail: (r: Reason, m: string, c?: unknown) => Error): Error {
  if (err instanceof errors.JWTExpired) return fail(reasons.expired, 'token expired', err);
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return fail(reasons.notActive, 'token not valid yet', err);
    return fail(reasons.invalid, `token claim ${err.claim} invalid`, err);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return fail(reasons.unexpectedSigningMethod, 'unexpected signing method', err);
  }
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) {
    return fail(reasons.malformed, 'token malformed', err);
  }
  if (codeOf(err) === 'canceled' || codeOf(err) === 'deadline_exceeded') return err as Error;
  return fail(reasons.invalid, 'token invalid', err);
}
