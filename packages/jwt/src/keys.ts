import type { Context } from '@svckit/core/context';
import type { CryptoKey, JWK, JWSHeaderParameters, KeyObject } from 'jose';
import { importJWK } from 'jose';

/** VerifyKey is a key jose verifies with: a `CryptoKey`, a Node `KeyObject`, a JWK or an HMAC secret. */
export type VerifyKey = CryptoKey | KeyObject | JWK | Uint8Array;

/** ResolvedKey is the key a token's header selects, with the algorithms it may be used with. */
export interface ResolvedKey {
  /** key verifies the signature. */
  readonly key: CryptoKey | KeyObject | Uint8Array;
  /** algorithms are the `alg` values this key accepts: the strict allow-list. */
  readonly algorithms: readonly string[];
}

/**
 * KeySource selects the key for a token's protected header (by `kid`), or returns undefined
 * when it knows none. {@link staticKeys} and {@link jwks} are the two svckit ships.
 */
export interface KeySource {
  /** resolve picks the key; `ctx` bounds any fetch it makes. */
  resolve(header: JWSHeaderParameters, ctx: Context): Promise<ResolvedKey | undefined>;
  /** algorithms are every algorithm any key accepts. */
  readonly algorithms: readonly string[];
}

/** StaticKey is one key of {@link staticKeys}. */
export interface StaticKey {
  /** kid is the key id tokens name; optional when there is a single key. */
  readonly kid?: string;
  /** key verifies the signature. */
  readonly key: VerifyKey;
  /** algorithms this key accepts, e.g. `['RS256']`; there is no default. */
  readonly algorithms: readonly string[];
}

/**
 * staticKeys is a {@link KeySource} over a fixed set of keys, each with its own algorithms. A
 * token naming a `kid` gets that key only; a token without one gets the key without a `kid`,
 * or the only key when there is just one.
 */
export function staticKeys(keys: readonly StaticKey[]): KeySource {
  if (keys.length === 0) throw new TypeError('staticKeys: at least one key');
  const imported = keys.map((k) => {
    if (k.algorithms.length === 0) throw new TypeError('staticKeys: each key needs algorithms');
    if (k.algorithms.some((a) => a.toLowerCase() === 'none')) {
      throw new TypeError('staticKeys: "none" is not an algorithm');
    }
    return { kid: k.kid, algorithms: [...k.algorithms], key: prepare(k) };
  });
  const algorithms = [...new Set(imported.flatMap((k) => k.algorithms))];
  return {
    algorithms,
    async resolve(header) {
      const found =
        header.kid === undefined
          ? (imported.find((k) => k.kid === undefined) ??
            (imported.length === 1 ? imported[0] : undefined))
          : imported.find((k) => k.kid === header.kid);
      if (found === undefined) return undefined;
      return { key: await found.key, algorithms: found.algorithms };
    },
  };
}

function prepare(k: StaticKey): Promise<CryptoKey | KeyObject | Uint8Array> {
  const key = k.key;
  if (key instanceof Uint8Array || !isJWK(key)) return Promise.resolve(key);
  const alg = key.alg ?? k.algorithms[0]!;
  return importJWK(key, alg) as Promise<CryptoKey | Uint8Array>;
}

function isJWK(key: object): key is JWK {
  return typeof (key as { kty?: unknown }).kty === 'string';
}
