import { trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { Context } from '@svckit/core/context';
import { createKey, withValue } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { codeOf } from '@svckit/core/errors';
import type { Balancer } from '@svckit/core/sd/lb';
import { otelContextOf } from './context.js';
import { messageOf } from './errors.js';

/** retryAttemptEvent is the name of the span event recording one attempt of a retried call. */
export const retryAttemptEvent = 'retry.attempt';

/**
 * attemptKey holds the number of the attempt (1 for the first) in the context of each attempt
 * of a call retried through {@link traceAttempts}; the HTTP client hooks report `n - 1` as
 * `http.request.resend_count`.
 */
export const attemptKey = createKey<number>('@svckit/opentelemetry attempt');

/**
 * traceAttempts wraps the balancer of core's `retry` (`@svckit/core/sd/lb`) so that each
 * attempt is recorded as a {@link retryAttemptEvent} event on the caller's span (the span of
 * `traceEndpoint` around the retrying endpoint), with its number (`retry.attempt`) and, when it
 * failed, `error.type` and `exception.message`. Each attempt's context carries its number
 * under {@link attemptKey}, so client spans made per attempt tell a resend.
 *
 * @example
 * const uppercase = traceEndpoint('Uppercase')(retry(3, 500, traceAttempts(roundRobin(endpointer))));
 */
export function traceAttempts<Req, Res>(balancer: Balancer<Req, Res>): Balancer<Req, Res> {
  // The retry hands every attempt of one call the same context: count attempts per context.
  const attempts = new WeakMap<Context, number>();
  return {
    endpoint(): Endpoint<Req, Res> {
      let chosen: Endpoint<Req, Res> | undefined;
      let failure: unknown;
      try {
        chosen = balancer.endpoint();
      } catch (err) {
        failure = err;
      }
      return (ctx, request) => {
        const n = (attempts.get(ctx) ?? 0) + 1;
        attempts.set(ctx, n);
        if (chosen === undefined) {
          record(ctx, n, failure);
          return Promise.reject(failure as Error);
        }
        return chosen(withValue(ctx, attemptKey, n), request).then(
          (response) => {
            record(ctx, n, undefined, true);
            return response;
          },
          (err: unknown) => {
            record(ctx, n, err);
            throw err;
          },
        );
      };
    },
  };
}

function record(ctx: Context, n: number, err: unknown, ok = false): void {
  const span = trace.getSpan(otelContextOf(ctx));
  if (span === undefined || !span.isRecording()) return;
  const attributes: Attributes = { 'retry.attempt': n };
  if (!ok) {
    attributes['error.type'] = codeOf(err);
    attributes['exception.message'] = messageOf(err);
  }
  span.addEvent(retryAttemptEvent, attributes);
}
