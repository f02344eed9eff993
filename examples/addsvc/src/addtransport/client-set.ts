/**
 * The example's client side, shared by every transport's client: Go kit's addtransport wraps
 * each method's client endpoint in the same middlewares, and puts a transport's per-method
 * hooks around its shared ones.
 */
import { circuitBreaker } from '@svckit/core/circuitbreaker';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint } from '@svckit/core/endpoint';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import type {
  ConcatRequest,
  ConcatResponse,
  Set,
  SumRequest,
  SumResponse,
} from '../addendpoint/set.js';

/**
 * clientSet wraps a transport's two client endpoints in the example's client middlewares (Go
 * kit's `NewXClient`s): one limiter shared by both methods (1 call/s, burst 100), then a breaker
 * per method, open for 30 s for Sum and `concatOpenTimeoutMs` for Concat (10 s; Go kit's
 * JSON-RPC client opens it for 30 s). Only the server's failures count in the breakers.
 */
export function clientSet(
  sum: Endpoint<SumRequest, SumResponse>,
  concat: Endpoint<ConcatRequest, ConcatResponse>,
  concatOpenTimeoutMs = 10_000,
): Set {
  const limiter = erroringLimiter(tokenBucket({ rate: 1, burst: 100 }));
  return {
    sum: chain<SumRequest, SumResponse>(
      circuitBreaker({ name: 'Sum', openTimeoutMs: 30_000 }),
      limiter,
    )(sum),
    concat: chain<ConcatRequest, ConcatResponse>(
      circuitBreaker({ name: 'Concat', openTimeoutMs: concatOpenTimeoutMs }),
      limiter,
    )(concat),
  };
}

/** Hooks are a client's `before` and `finalizer` hooks, of any transport. */
export interface Hooks {
  readonly before?: readonly unknown[] | undefined;
  readonly finalizer?: readonly unknown[] | undefined;
}

/**
 * withHooks puts per-method hooks (tracing names its spans after the method) around a client's
 * shared ones: their `before` hooks run first, their finalizers last.
 */
export function withHooks<O extends Hooks>(
  base: O,
  more: Pick<O, 'before' | 'finalizer'> | undefined,
): O {
  if (more === undefined) return base;
  return {
    ...base,
    before: [...(more.before ?? []), ...(base.before ?? [])],
    finalizer: [...(base.finalizer ?? []), ...(more.finalizer ?? [])],
  };
}
