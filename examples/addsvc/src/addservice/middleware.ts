/**
 * The service middlewares of addsvc (Go kit's `addsvc/pkg/addservice/middleware.go`): one log
 * line per call, and two Prometheus counters of what was summed and concatenated.
 */
import type { Logger } from '@svckit/core/log';
import type { Counter } from '@svckit/core/metrics';
import type { Service } from './service.js';
import { utf8Length } from './service.js';

/** Middleware decorates a {@link Service} (Go kit's `addservice.Middleware`). */
export type Middleware = (next: Service) => Service;

/**
 * loggingMiddleware logs every call as Go kit's: `method=Sum a=1 b=2 v=3 err=null`, and
 * `method=Concat a=x b=y v=xy err=null`; a business error is logged with its text and the zero
 * value.
 */
export function loggingMiddleware(logger: Logger): Middleware {
  return (next) => ({
    async sum(ctx, a, b) {
      let v = 0n;
      let err: unknown = null;
      try {
        v = await next.sum(ctx, a, b);
        return v;
      } catch (e) {
        err = e;
        throw e;
      } finally {
        logger.log('method', 'Sum', 'a', a, 'b', b, 'v', v, 'err', err);
      }
    },
    async concat(ctx, a, b) {
      let v = '';
      let err: unknown = null;
      try {
        v = await next.concat(ctx, a, b);
        return v;
      } catch (e) {
        err = e;
        throw e;
      } finally {
        logger.log('method', 'Concat', 'a', a, 'b', b, 'v', v, 'err', err);
      }
    },
  });
}

/**
 * instrumentingMiddleware counts the integers summed and the characters (bytes) concatenated,
 * as Go kit's: `ints` is added each sum's value, `chars` each concatenation's length. A
 * negative sum is not added: a Prometheus counter cannot go down (Go kit's example panics on
 * one, `counter cannot decrease in value`).
 */
export function instrumentingMiddleware(ints: Counter, chars: Counter): Middleware {
  return (next) => ({
    async sum(ctx, a, b) {
      const v = await next.sum(ctx, a, b);
      if (v > 0n) ints.add(Number(v));
      return v;
    },
    async concat(ctx, a, b) {
      const v = await next.concat(ctx, a, b);
      chars.add(utf8Length(v));
      return v;
    },
  });
}
