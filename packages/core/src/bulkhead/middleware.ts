import type { Endpoint, GenericMiddleware, Middleware } from '../endpoint/index.js';
import { createBulkhead } from './bulkhead.js';
import type { Bulkhead, BulkheadOptions } from './bulkhead.js';

/**
 * bulkhead returns a middleware that lets at most `maxConcurrent` calls run at once; up to
 * `maxQueue` more wait in FIFO order, and any call beyond that rejects at once with
 * `BulkheadRejectedError` ("bulkhead full") without reaching the endpoint. A queued call whose
 * context ends leaves the queue and rejects with the context's error. Go kit has no bulkhead;
 * this is Hystrix's concurrency limit as a middleware. Pass a {@link Bulkhead} from
 * {@link createBulkhead} to share the slots between endpoints or to read `active`/`queued`.
 *
 * @example
 * const guarded = bulkhead({ maxConcurrent: 20, maxQueue: 50, queueTimeoutMs: 100 })(client);
 */
export function bulkhead(bulkheadOrOptions?: Bulkhead | BulkheadOptions): GenericMiddleware;
export function bulkhead<Req, Res>(
  bulkheadOrOptions?: Bulkhead | BulkheadOptions,
): Middleware<Req, Res>;
export function bulkhead(bulkheadOrOptions: Bulkhead | BulkheadOptions = {}): GenericMiddleware {
  const b = isBulkhead(bulkheadOrOptions) ? bulkheadOrOptions : createBulkhead(bulkheadOrOptions);
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> => {
    // Made once per wrapped endpoint: the per-call path allocates nothing of its own.
    const done = (res: Res): Res => {
      b.release();
      return res;
    };
    const failed = (err: unknown): never => {
      b.release();
      throw err;
    };
    const run = (ctx: Parameters<Endpoint<Req, Res>>[0], request: Req): Promise<Res> => {
      let pending: Promise<Res>;
      try {
        pending = next(ctx, request);
      } catch (err) {
        b.release();
        return Promise.reject(err);
      }
      return pending.then(done, failed);
    };
    return (ctx, request) => {
      if (b.tryAcquire()) return run(ctx, request);
      return b.acquire(ctx).then(() => run(ctx, request));
    };
  };
}

function isBulkhead(value: Bulkhead | BulkheadOptions): value is Bulkhead {
  return typeof (value as Partial<Bulkhead>).tryAcquire === 'function';
}
