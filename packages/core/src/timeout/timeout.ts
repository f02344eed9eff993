import { withTimeout } from '../context/cancel.js';
import type { Endpoint, Middleware } from '../endpoint/endpoint.js';

/**
 * timeout returns a middleware that gives every call a deadline `ms` from now (Go kit has no
 * such middleware; in Go one writes `context.WithTimeout` by hand). The endpoint receives the
 * derived context — its `signal` aborts at the deadline, and its `deadline` travels to the next
 * hop — and the call rejects with a `DeadlineExceededError` ("context deadline exceeded") when
 * the endpoint has not settled in time, even if the endpoint ignores the signal. A caller's
 * earlier deadline or cancellation still wins. The derived context is always cancelled when the
 * call settles, so its timer never outlives the call.
 *
 * @example
 * const bounded = timeout<Req, Res>(250)(client);
 */
export function timeout<Req = unknown, Res = unknown>(ms: number): Middleware<Req, Res> {
  if (!(ms >= 0) || ms === Infinity) {
    throw new RangeError(`timeout: ms must be a finite number >= 0, got ${ms}`);
  }
  return (next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx, request) => {
      const [child, cancel] = withTimeout(ctx, ms);
      const signal = child.signal;
      if (signal.aborted) {
        cancel();
        return Promise.reject(signal.reason);
      }
      return new Promise<Res>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        let pending: Promise<Res>;
        try {
          pending = next(child, request);
        } catch (err) {
          pending = Promise.reject(err);
        }
        pending.then(
          (res) => {
            signal.removeEventListener('abort', onAbort);
            cancel();
            resolve(res);
          },
          (err: unknown) => {
            signal.removeEventListener('abort', onAbort);
            cancel();
            reject(err);
          },
        );
      });
    };
}
