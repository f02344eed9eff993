/**
 * addsvc's optional JWT check (issue 19), off by default: `-jwt-secret` (an HS256 shared
 * secret) or `-jwt-jwks-url` (keys from a JWKS URL, asymmetric algorithms only) puts
 * `@svckit/jwt`'s parser in front of both endpoints, so every transport checks the token:
 * HTTP and JSON-RPC read `Authorization: Bearer …` themselves, gRPC copies it from the metadata
 * (`authorizationToContext`), NATS and AMQP from the message headers (`headersToContext`). A
 * refused call is `unauthenticated`: HTTP 401 with `WWW-Authenticate`, gRPC UNAUTHENTICATED,
 * over NATS and AMQP `{"err":"…"}` with `svckit-error-code: unauthenticated`. {@link signedSet}
 * is the client side (addcli's `-jwt-secret`): it signs a token per call, which the clients'
 * hooks send on every transport.
 */
import { jwks, parser, signer, staticKeys } from '@svckit/jwt';
import type { KeySource } from '@svckit/jwt';
import type { Set } from './addendpoint/set.js';

/** jwtKid is the key id of the shared secret, in tokens addcli signs and addsvc accepts. */
export const jwtKid = 'addsvc';

/** jwksAlgorithms are the algorithms a JWKS key may verify: asymmetric ones only. */
export const jwksAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** JWTOptions are where addsvc's keys come from; empty strings are off. */
export interface JWTOptions {
  /** secret is the HS256 shared secret (`-jwt-secret`). */
  readonly secret: string;
  /** jwksUrl is the JWKS URL (`-jwt-jwks-url`). */
  readonly jwksUrl: string;
}

/** keySource is the key source the options name, or undefined when both are empty. */
export function keySource(options: JWTOptions): KeySource | undefined {
  if (options.secret !== '' && options.jwksUrl !== '') {
    throw new RangeError('give -jwt-secret or -jwt-jwks-url, not both');
  }
  if (options.secret !== '') {
    return staticKeys([
      { kid: jwtKid, key: new TextEncoder().encode(options.secret), algorithms: ['HS256'] },
    ]);
  }
  if (options.jwksUrl !== '') return jwks(options.jwksUrl, { algorithms: [...jwksAlgorithms] });
  return undefined;
}

/**
 * authenticatedSet puts `@svckit/jwt`'s parser in front of both endpoints (outermost: a
 * refused call costs no rate-limit token and never counts in a breaker). Without keys it
 * returns set as it is.
 */
export function authenticatedSet(set: Set, keys: KeySource | undefined): Set {
  if (keys === undefined) return set;
  const check = parser({ keys });
  return {
    sum: check(set.sum),
    concat: check(set.concat),
  };
}

/**
 * signedSet signs an HS256 token (`kid` {@link jwtKid}, `sub` `addcli`, 5 minutes) into the
 * context of each call of a client Set; the transports' client hooks send it. An empty secret
 * returns set as it is.
 */
export function signedSet(set: Set, secret: string): Set {
  if (secret === '') return set;
  const sign = signer({
    kid: jwtKid,
    key: new TextEncoder().encode(secret),
    alg: 'HS256',
    claims: { sub: 'addcli' },
    expiresInMs: 5 * 60_000,
  });
  return {
    sum: sign(set.sum),
    concat: sign(set.concat),
  };
}
