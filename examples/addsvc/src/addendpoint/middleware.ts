/**
 * The endpoint middlewares of addsvc (Go kit's `addsvc/pkg/addendpoint/middleware.go`): a log
 * line per call with the endpoint error and the duration, and the duration observed in a
 * histogram labelled by success.
 */
import type { Endpoint, Middleware } from '@svckit/core/endpoint';
import type { Logger } from '@svckit/core/log';
import type { Histogram } from '@svckit/core/metrics';
import { goDuration } from '@svckit/example-stringsvc2';

/**
 * instrumentingMiddleware observes the duration of each call, in seconds, in duration with
 * the label `success`: `true` unless the endpoint rejected (a business error inside the
 * response is a success here, as in Go kit).
 */
export function instrumentingMiddleware<Req, Res>(duration: Histogram): Middleware<Req, Res> {
  const ok = duration.with('success', 'true');
  const failed = duration.with('success', 'false');
  return (next: Endpoint<Req, Res>) => async (ctx, request) => {
    const begin = performance.now();
    try {
      const response = await next(ctx, request);
      ok.observe((performance.now() - begin) / 1000);
      return response;
    } catch (err) {
      failed.observe((performance.now() - begin) / 1000);
      throw err;
    }
  };
}

/**
 * loggingMiddleware logs each call as Go kit's: `transport_error=null took=12.5µs`, or the
 * endpoint error's text (`transport_error="rate limit exceeded"`).
 */
export function loggingMiddleware<Req, Res>(logger: Logger): Middleware<Req, Res> {
  return (next: Endpoint<Req, Res>) => async (ctx, request) => {
    const begin = performance.now();
    let err: unknown = null;
    try {
      return await next(ctx, request);
    } catch (e) {
      err = e;
      throw e;
    } finally {
      logger.log('transport_error', err, 'took', goDuration(performance.now() - begin));
    }
  };
}
