import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from '../../context/index.js';
import type { GenericMiddleware } from '../../endpoint/index.js';
import { authorizationOf, credentialOf } from '../credentials.js';
import { withPrincipal } from '../principal.js';
import { UnauthenticatedError } from '../unauthenticated.js';

/** BasicOptions configure {@link basic}. */
export interface BasicOptions {
  /** user is the one user name accepted. */
  readonly user: string;
  /** password is its password. */
  readonly password: string;
  /** realm goes into the challenge, `WWW-Authenticate: Basic realm="<realm>"`. */
  readonly realm: string;
}

/** BasicVerifyOptions configure {@link basicVerify}. */
export interface BasicVerifyOptions {
  /**
   * verify says whether the user and password are valid; it must take the same time whatever
   * the answer (`scryptVerifier` does).
   */
  readonly verify: (user: string, password: string) => boolean | Promise<boolean>;
  /** realm goes into the challenge. */
  readonly realm: string;
}

/** BasicCredentials are the decoded parts of a `Basic` credential. */
export interface BasicCredentials {
  /** user is the part before the first colon. */
  readonly user: string;
  /** password is everything after it (it may contain colons). */
  readonly password: string;
}

/**
 * parseBasic decodes a `Basic base64(user:password)` credential (RFC 7617), or returns
 * undefined when it is absent, of another scheme, not base64, or has no colon.
 */
export function parseBasic(value: string | undefined): BasicCredentials | undefined {
  const param = credentialOf(value, 'basic');
  if (param === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(param) || param.length % 4 !== 0) {
    return undefined;
  }
  const text = Buffer.from(param, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * basic is Go kit's `basic.AuthMiddleware`: it lets a call through only when the request's
 * credential (see `authorizationOf` in `@svckit/core/auth`) is `Basic` with exactly this user
 * and password, else fails with an {@link UnauthenticatedError} — HTTP 401 with
 * `WWW-Authenticate: Basic realm="…"`, gRPC UNAUTHENTICATED. Both parts are compared in
 * constant time: each side is hashed with SHA-256 to the same length first, and both
 * comparisons always run, so the time tells neither where a guess differs nor its length.
 *
 * @example
 * const guarded = basic({ user: 'admin', password: process.env.ADMIN_PASSWORD!, realm: 'ops' })(endpoint);
 */
export function basic(options: BasicOptions): GenericMiddleware {
  const user = digest(options.user);
  const password = digest(options.password);
  return basicVerify({
    realm: options.realm,
    verify: (u, p) => {
      const userOk = timingSafeEqual(digest(u), user);
      const passwordOk = timingSafeEqual(digest(p), password);
      return userOk && passwordOk;
    },
  });
}

/**
 * basicVerify is {@link basic} with a verifier of your own: a table of hashed passwords
 * (`scryptVerifier`), a directory lookup. The verifier is called only for a well-formed
 * `Basic` credential; a rejection of the verifier fails the call with its error. The user
 * becomes the context's principal (`principalOf`).
 */
export function basicVerify(options: BasicVerifyOptions): GenericMiddleware {
  const challenge = `Basic realm="${options.realm.replace(/["\\]/g, '\\$&')}"`;
  const fail = (reason: string): UnauthenticatedError =>
    new UnauthenticatedError('Unauthorized', { reason, challenge });
  const { verify } = options;
  return (next) => async (ctx: Context, request) => {
    let value: string | undefined;
    try {
      value = authorizationOf(ctx);
    } catch (err) {
      throw new UnauthenticatedError('Unauthorized', {
        reason: 'DUPLICATE_AUTHORIZATION',
        challenge,
        cause: err,
      });
    }
    if (value === undefined || value === '') throw fail('CREDENTIALS_MISSING');
    const creds = parseBasic(value);
    if (creds === undefined) throw fail('CREDENTIALS_MALFORMED');
    if (!(await verify(creds.user, creds.password))) throw fail('CREDENTIALS_INVALID');
    return next(withPrincipal(ctx, creds.user), request);
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
