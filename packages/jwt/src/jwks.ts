import type { Context } from '@svckit/core/context';
import { isCancelable } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import type { CryptoKey, JWK, KeyObject } from 'jose';
import { importJWK } from 'jose';
import type { KeySource, ResolvedKey } from './keys.js';

/** JwksOptions configure {@link jwks}. */
export interface JwksOptions {
  /** algorithms allowed at all, e.g. `['RS256', 'ES256']`; a key is used only with those fitting its type and `alg`. */
  readonly algorithms: readonly string[];
  /** cacheMaxAgeMs is how long a fetched set is fresh; a stale set is refetched on use. Default 600 000 (10 min). */
  readonly cacheMaxAgeMs?: number;
  /** cooldownMs is the least time between two fetches, however many unknown `kid`s arrive. Default 30 000. */
  readonly cooldownMs?: number;
  /** timeoutMs bounds one fetch. Default 5 000. */
  readonly timeoutMs?: number;
  /** maxBytes bounds the set's size. Default 1 MiB. */
  readonly maxBytes?: number;
  /** fetch is the Fetch API to use. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** now is the clock, in ms. Default `Date.now`. */
  readonly now?: () => number;
}

/** Jwks is a {@link KeySource} over a JWKS URL; `refresh` fetches now (within the cooldown). */
export interface Jwks extends KeySource {
  /** refresh fetches the set unless one was fetched less than `cooldownMs` ago. */
  refresh(): Promise<void>;
}

const familyOf: Readonly<Record<string, RegExp>> = {
  RSA: /^(RS|PS)(256|384|512)$/,
  EC: /^ES(256|384|512)$/,
  OKP: /^(EdDSA|Ed25519)$/,
  oct: /^HS(256|384|512)$/,
};

/**
 * jwks is a {@link KeySource} reading the keys from a JWKS URL (RFC 7517), for rotation by
 * `kid`: the set is fetched on first use and cached `cacheMaxAgeMs`; a token naming an unknown
 * `kid` refetches it, at most once per `cooldownMs`, so a flood of made-up `kid`s costs the
 * key server one request per cooldown. When the URL is down or slow, the last keys fetched
 * keep working; a call that has no keys yet fails `unavailable`, by its own deadline at the
 * latest. A key is used only with the algorithms of its type (`kty`) and its own `alg`, within
 * `algorithms`: an RSA key never verifies an HMAC token.
 */
export function jwks(url: string | URL, options: JwksOptions): Jwks {
  const allowed = options.algorithms.filter((a) => a.toLowerCase() !== 'none');
  if (allowed.length === 0)
    throw new TypeError('jwks: algorithms must name at least one algorithm');
  const maxAge = options.cacheMaxAgeMs ?? 600_000;
  const cooldown = options.cooldownMs ?? 30_000;
  const timeout = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 1 << 20;
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;

  let keys: Map<string, JWK> | undefined;
  const imported = new Map<string, Promise<CryptoKey | KeyObject | Uint8Array>>();
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let inflight: Promise<void> | undefined;

  async function load(): Promise<void> {
    const res = await doFetch(url, {
      signal: AbortSignal.timeout(timeout),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`JWKS ${String(url)} answered ${res.status}`);
    const text = await res.text();
    if (text.length > maxBytes) throw new Error(`JWKS over ${maxBytes} bytes`);
    const body = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS without a "keys" array');
    const next = new Map<string, JWK>();
    for (const k of body.keys as unknown[]) {
      if (typeof k !== 'object' || k === null) continue;
      const jwk = k as JWK;
      if (typeof jwk.kid !== 'string' || typeof jwk.kty !== 'string') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      next.set(jwk.kid, jwk);
    }
    keys = next;
    imported.clear();
    fetchedAt = now();
  }

  function refresh(): Promise<void> {
    if (inflight !== undefined) return inflight;
    if (now() - attemptedAt < cooldown) return Promise.resolve();
    attemptedAt = now();
    inflight = load().finally(() => (inflight = undefined));
    return inflight;
  }

  /** wait waits for a fetch, or for the caller's context to end, whichever comes first. */
  function wait(p: Promise<void>, ctx: Context): Promise<void> {
    if (!isCancelable(ctx)) return p;
    const signal = ctx.signal;
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  function algorithmsOf(jwk: JWK): string[] {
    const family = familyOf[jwk.kty ?? ''];
    if (family === undefined) return [];
    return allowed.filter((a) => family.test(a) && (jwk.alg === undefined || jwk.alg === a));
  }

  async function resolveNow(
    kid: string,
    alg: string | undefined,
  ): Promise<ResolvedKey | undefined> {
    const jwk = keys?.get(kid);
    if (jwk === undefined) return undefined;
    const algorithms = algorithmsOf(jwk);
    const use = alg !== undefined && algorithms.includes(alg) ? alg : algorithms[0];
    if (use === undefined) return { key: new Uint8Array(0), algorithms };
    const cacheKey = `${kid}\u0000${use}`;
    let key = imported.get(cacheKey);
    if (key === undefined) {
      key = importJWK(jwk, use) as Promise<CryptoKey | Uint8Array>;
      imported.set(cacheKey, key);
    }
    return { key: await key, algorithms };
  }

  return {
    algorithms: allowed,
    refresh,
    async resolve(header, ctx) {
      const kid = header.kid;
      if (typeof kid !== 'string' || kid.length > 256) return undefined;
      if (keys === undefined) {
        try {
          await wait(refresh(), ctx);
        } catch (err) {
          if (isCancelable(ctx) && ctx.signal.aborted) throw err; // the caller's deadline
          if (keys === undefined) {
            throw new ServiceError('unavailable', `JWKS unavailable: ${(err as Error).message}`, {
              cause: err,
              reason: 'JWKS_UNAVAILABLE',
            });
          }
        }
        if (keys === undefined) {
          throw new ServiceError('unavailable', 'JWKS unavailable', { reason: 'JWKS_UNAVAILABLE' });
        }
      } else if (now() - fetchedAt > maxAge || !keys.has(kid)) {
        // Stale, or an unknown kid (rotation): refetch within the cooldown; on failure the
        // last keys keep working.
        await wait(refresh(), ctx).catch((err: unknown) => {
          if (isCancelable(ctx) && ctx.signal.aborted) throw err;
        });
      }
      return resolveNow(kid, header.alg);
    },
  };
}
