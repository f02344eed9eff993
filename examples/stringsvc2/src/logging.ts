/**
 * The logging middleware (Go kit's `stringsvc2/logging.go`, the same in `stringsvc3`): one line
 * per call through `@svckit/core/log` with the method, input, output, error and duration.
 * stringsvc3 imports it from here.
 */
import type { Logger } from '@svckit/core/log';
import type { StringService } from '@svckit/example-stringsvc1';
import type { ServiceMiddleware } from './service.js';

/**
 * loggingMiddleware logs every call of the service it wraps, as Go kit's `loggingMiddleware`:
 * `method=uppercase input=… output=… err=… took=…` (err `null` on success) and
 * `method=count input=… n=… took=…`. `took` is a Go-style duration (`12.5µs`).
 */
export function loggingMiddleware(logger: Logger): ServiceMiddleware {
  return (next: StringService): StringService => ({
    async uppercase(ctx, s) {
      const begin = performance.now();
      let output = '';
      let err: unknown = null;
      try {
        output = await next.uppercase(ctx, s);
        return output;
      } catch (e) {
        err = e;
        throw e;
      } finally {
        logger.log(
          'method',
          'uppercase',
          'input',
          s,
          'output',
          output,
          'err',
          err,
          'took',
          goDuration(performance.now() - begin),
        );
      }
    },
    count(ctx, s) {
      const begin = performance.now();
      const n = next.count(ctx, s);
      logger.log(
        'method',
        'count',
        'input',
        s,
        'n',
        n,
        'took',
        goDuration(performance.now() - begin),
      );
      return n;
    },
  });
}

/** goDuration formats ms as Go's `time.Duration.String` does for sub-hour spans: `1.5ms`, `2.25s`. */
export function goDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6)}ms`;
  return `${trim(ns / 1e9)}s`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(6)));
}
