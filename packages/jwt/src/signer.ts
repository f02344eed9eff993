import type { Context } from '@svckit/core/context';
import type { GenericMiddleware } from '@svckit/core/endpoint';
import type { CryptoKey, JWK, JWTPayload, KeyObject } from 'jose';
import { SignJWT, importJWK } from 'jose';
import { withToken } from './context.js';

/** SignerOptions configure {@link signer}. */
export interface SignerOptions {
  /** kid names the key in the token header, for the receiver's key set. */
  readonly kid: string;
  /** key signs: a private key, or an HMAC secret. */
  readonly key: CryptoKey | KeyObject | JWK | Uint8Array;
  /** alg is the signing algorithm, e.g. `RS256`, `ES256`, `HS256`. */
  readonly alg: string;
  /** claims are the token's claims, or a function of the call's context. */
  readonly claims?: JWTPayload | ((ctx: Context) => JWTPayload);
  /** expiresInMs sets `exp` that far from now. Default 60 000; 0 sets none. */
  readonly expiresInMs?: number;
  /** now is the clock, in ms. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * signer is Go kit's `jwt.NewSigner`: a client-side middleware that signs a token per call —
 * the claims, `iat` now, `exp` after `expiresInMs`, the `kid` in the header — and puts it in
 * the context, where a transport hook sends it (`tokenToHttp`, `bearerOf` with `@svckit/grpc`'s
 * `authorizationToMetadata`, `tokenToHeaders` for NATS and AMQP).
 */
export function signer(options: SignerOptions): GenericMiddleware {
  const { kid, alg } = options;
  const now = options.now ?? Date.now;
  const expiresIn = options.expiresInMs ?? 60_000;
  const raw = options.key;
  const key: Promise<CryptoKey | KeyObject | Uint8Array> =
    typeof raw === 'object' && !(raw instanceof Uint8Array) && typeof (raw as JWK).kty === 'string'
      ? (importJWK(raw as JWK, alg) as Promise<CryptoKey | Uint8Array>)
      : Promise.resolve(raw as CryptoKey | KeyObject | Uint8Array);
  key.catch(() => undefined); // reported on first use
  const claimsOf = options.claims;
  return (next) => async (ctx, request) => {
    const claims = typeof claimsOf === 'function' ? claimsOf(ctx) : (claimsOf ?? {});
    const nowS = Math.floor(now() / 1000);
    const jwt = new SignJWT({ ...claims })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuedAt(nowS);
    if (expiresIn > 0) jwt.setExpirationTime(nowS + Math.ceil(expiresIn / 1000));
    const token = await jwt.sign(await key);
    return next(withToken(ctx, token), request);
  };
}
