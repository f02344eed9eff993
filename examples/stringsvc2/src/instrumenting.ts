/**
 * The instrumenting of stringsvc2 (Go kit's `stringsvc2/instrumenting.go` and the metrics of its
 * `main.go`): Go kit's three Prometheus metrics, under their Go kit names, recorded by svckit's
 * `instrumenting` endpoint middleware plus a small middleware observing count results.
 */
import type { Endpoint, Middleware } from '@svckit/core/endpoint';
import type { Histogram } from '@svckit/core/metrics';
import { instrumenting } from '@svckit/core/metrics/instrumenting';
import { Registry, newCounterFrom, newSummaryFrom } from '@svckit/prometheus';
import type { AnyRegistry } from '@svckit/prometheus';
import type {
  CountRequest,
  CountResponse,
  UppercaseRequest,
  UppercaseResponse,
} from '@svckit/example-stringsvc1';

/** Metrics are stringsvc2's registry and the middlewares recording into it. */
export interface Metrics {
  /** registry holds the three metrics; `/metrics` serves it. */
  readonly registry: AnyRegistry;
  /** uppercase instruments the uppercase endpoint (method="uppercase"). */
  readonly uppercase: Middleware<UppercaseRequest, UppercaseResponse>;
  /** count instruments the count endpoint (method="count") and observes its results. */
  readonly count: Middleware<CountRequest, CountResponse>;
}

/**
 * makeMetrics creates Go kit's stringsvc2 metrics in registry (default: a new one):
 *
 * - `my_group_string_service_request_count` (counter), labels `method`, `error`;
 * - `my_group_string_service_request_latency_microseconds` (summary), same labels, observed in
 *   microseconds as its name says (Go kit's example observes seconds under this name);
 * - `my_group_string_service_count_result` (summary, no labels), each count's result.
 *
 * Label names are declared sorted (`error`, `method`), so the exposition lists them in the
 * order client_golang prints them. These legacy names are the only thing `promtool check
 * metrics` flags (`_total` and `_count` suffixes, base unit seconds).
 */
export function makeMetrics(registry: AnyRegistry = new Registry()): Metrics {
  const common = { namespace: 'my_group', subsystem: 'string_service', registry };
  const fieldKeys = ['error', 'method'];
  const requestCount = newCounterFrom({
    ...common,
    name: 'request_count',
    help: 'Number of requests received.',
    labelNames: fieldKeys,
  });
  const requestLatency = newSummaryFrom({
    ...common,
    name: 'request_latency_microseconds',
    help: 'Total duration of requests in microseconds.',
    labelNames: fieldKeys,
  });
  const countResult = newSummaryFrom({
    ...common,
    name: 'count_result',
    help: 'The result of each count method.',
  });
  const options = (method: string) => ({
    requests: requestCount,
    latency: requestLatency,
    method,
    unit: 'microseconds' as const,
    outcome: false, // exactly Go kit's labels: method and error
  });
  const uppercase = instrumenting<UppercaseRequest, UppercaseResponse>(options('uppercase'));
  const measured = instrumenting<CountRequest, CountResponse>(options('count'));
  const count: Middleware<CountRequest, CountResponse> = (next) =>
    measured(observeCount(countResult)(next));
  return { registry, uppercase, count };
}

/** observeCount observes every count result in histogram (Go kit's `countResult.Observe`). */
function observeCount(histogram: Histogram): Middleware<CountRequest, CountResponse> {
  return (next: Endpoint<CountRequest, CountResponse>) => async (ctx, req) => {
    const response = await next(ctx, req);
    histogram.observe(response.v);
    return response;
  };
}
