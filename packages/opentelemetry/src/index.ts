/**
 * @module @svckit/opentelemetry
 *
 * OpenTelemetry for svckit (Go kit's `tracing/opentelemetry` and `tracing/zipkin`), on
 * `@opentelemetry/api`: the application registers the SDK, svckit makes the spans.
 *
 * - {@link traceEndpoint}: a middleware making a span per call named after the method; errors
 *   fail it with their code, `Failer` business errors are events, {@link traceAttempts} records
 *   each attempt of a core `retry` as an event.
 * - The svckit `Context` carries the OTel context: {@link spanOf}, {@link otelContextOf},
 *   {@link baggageOf}, {@link withSpan}, {@link withBaggage}; no AsyncLocalStorage needed, and
 *   the async-hooks context manager sees the same spans when registered.
 * - Transport hooks: {@link httpServerTrace} (both faces) and {@link httpClientTrace} for core
 *   HTTP, {@link traceMethods} and {@link jsonRpcClientTrace} for JSON-RPC, {@link lambdaTrace}
 *   for Lambda, and the subpaths `@svckit/opentelemetry/grpc`, `/nats`, `/amqp` for those
 *   packages; propagation through the registered propagator (W3C trace context and baggage by
 *   default, B3 when configured); stable HTTP and RPC semantic conventions, the experimental
 *   messaging ones for NATS and AMQP.
 * - Metrics: {@link otelProvider}, {@link newCounter}, {@link newGauge}, {@link newHistogram}: svckit's `Counter`/`Gauge`/`Histogram` on OTel meters.
 * - Logs: {@link withTrace} (and {@link traceFields}) binds `trace_id` and `span_id` of a context to a logger.
 */
export {
  otelContextKey,
  otelContextOf,
  withOtelContext,
  spanOf,
  spanContextOf,
  withSpan,
  baggageOf,
  withBaggage,
} from './context.js';
export type { TracerOptions, PropagationOptions } from './tracer.js';
export { instrumentationName, instrumentationVersion } from './tracer.js';
export type { TraceEndpointOptions } from './endpoint.js';
export { traceEndpoint, businessErrorEvent } from './endpoint.js';
export { traceAttempts, retryAttemptEvent, attemptKey } from './retry.js';
export type { HeaderRecord, Propagate } from './propagation.js';
export { recordGetter, recordSetter, propagateWith } from './propagation.js';
export type { HttpServerTrace, HttpServerTraceOptions } from './http-server.js';
export { httpServerTrace } from './http-server.js';
export type { HttpClientTrace, HttpClientTraceOptions } from './http-client.js';
export { httpClientTrace } from './http-client.js';
export { failSpan } from './errors.js';
export type { InstrumentOptions, HistogramOptions, OtelProviderOptions } from './metrics.js';
export { newCounter, newGauge, newHistogram, otelProvider } from './metrics.js';
export { traceFields, withTrace } from './log.js';
export type { JsonRpcTraceOptions } from './jsonrpc.js';
export { traceMethods, jsonRpcClientTrace } from './jsonrpc.js';
export type { LambdaTrace, LambdaTraceOptions } from './lambda.js';
export { lambdaTrace } from './lambda.js';
