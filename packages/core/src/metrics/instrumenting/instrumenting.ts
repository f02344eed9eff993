/**
 * The instrumenting endpoint middleware: counts requests and errors and records latency per
 * method and outcome, as Go kit's stringsvc2 `instrumentingMiddleware` does by hand, but as one
 * reusable {@link Middleware} over any backend of `@svckit/core/metrics`.
 */
import type { Endpoint, GenericMiddleware, Middleware } from '../../endpoint/index.js';
import { failedError } from '../../endpoint/index.js';
import type { Counter, Histogram } from '../metrics.js';

/**
 * Outcome classifies one call: `success`; `business_error`, a response whose
 * `Failer` `failed()` returns an error (e.g. "empty string"); or `error`, the endpoint
 * threw or rejected (transport, timeout, bug).
 */
export type Outcome = 'success' | 'business_error' | 'error';

/** LatencyUnit is the unit latency observations are recorded in. */
export type LatencyUnit = 'seconds' | 'milliseconds' | 'microseconds';

/** InstrumentingOptions configure {@link instrumenting}. */
export interface InstrumentingOptions {
  /** requests counts every call, labelled `method`, `error` and (by default) `outcome`. */
  readonly requests: Counter;
  /** errors, if given, counts failed calls (business or not), labelled `method` (+ `outcome`). */
  readonly errors?: Counter;
  /** latency observes each call's duration, labelled like `requests`. */
  readonly latency: Histogram;
  /** method is the value of the `method` label, e.g. `uppercase`. */
  readonly method: string;
  /** unit of latency observations; default `seconds` (Prometheus' base unit). */
  readonly unit?: LatencyUnit;
  /**
   * outcome adds the `outcome` label (`success|business_error|error`); default true. Set it to
   * false for exactly Go kit's labels, `method` and `error` (`"true"` for both kinds of error).
   */
  readonly outcome?: boolean;
  /** now is the monotonic clock latency is measured on, in ms. Default `performance.now`. */
  readonly now?: () => number;
}

interface Bound {
  readonly requests: Counter;
  readonly errors: Counter | undefined;
  readonly latency: Histogram;
}

/**
 * instrumenting returns a middleware that, after each call, adds 1 to `requests`, adds 1 to
 * `errors` when the call failed, and observes the call's duration in `latency` (Go kit:
 * stringsvc2's instrumenting middleware; labels `method=<name>`, `error=true|false`, plus
 * `outcome`). A business error carried by a `Failer` response counts as `error=true`,
 * `outcome=business_error`; a thrown error as `error=true`, `outcome=error`. The endpoint's
 * result or error passes through unchanged.
 *
 * Labels are bound once, here: a backend that declares label names (Prometheus) rejects a
 * mismatch when the middleware is created, not on the first request.
 */
export function instrumenting(options: InstrumentingOptions): GenericMiddleware;
export function instrumenting<Req, Res>(options: InstrumentingOptions): Middleware<Req, Res>;
export function instrumenting(options: InstrumentingOptions): GenericMiddleware {
  const scale = unitScale(options.unit ?? 'seconds');
  const withOutcome = options.outcome ?? true;
  const now = options.now ?? performance.now.bind(performance);
  const bind = (outcome: Outcome): Bound => {
    const failed = outcome !== 'success';
    const lvs = ['method', options.method, 'error', String(failed)];
    if (withOutcome) lvs.push('outcome', outcome);
    const errorLvs = withOutcome
      ? ['method', options.method, 'outcome', outcome]
      : ['method', options.method];
    return {
      requests: options.requests.with(...lvs),
      errors: failed ? options.errors?.with(...errorLvs) : undefined,
      latency: options.latency.with(...lvs),
    };
  };
  const success = bind('success');
  const business = bind('business_error');
  const error = bind('error');

  const record = (bound: Bound, started: number): void => {
    bound.requests.add(1);
    bound.errors?.add(1);
    bound.latency.observe((now() - started) * scale);
  };

  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    async (ctx, request) => {
      const started = now();
      let response: Res;
      try {
        response = await next(ctx, request);
      } catch (err) {
        record(error, started);
        throw err;
      }
      record(failedError(response) === undefined ? success : business, started);
      return response;
    };
}

/** unitScale converts milliseconds (what the clock measures) into unit. */
function unitScale(unit: LatencyUnit): number {
  switch (unit) {
    case 'seconds':
      return 1e-3;
    case 'milliseconds':
      return 1;
    case 'microseconds':
      return 1e3;
    default:
      throw new TypeError(`instrumenting: unknown latency unit "${String(unit)}"`);
  }
}
