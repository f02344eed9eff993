/**
 * @module @svckit/opentelemetry/amqp
 *
 * OpenTelemetry hooks for `@svckit/amqp` under the (experimental) messaging semantic
 * conventions: {@link amqpServerTrace} (a CONSUMER `process <queue>` span per delivery, the
 * caller's context from the message headers) and {@link amqpClientTrace} (a PRODUCER
 * `send <queue>` span per call, its context injected into the headers). W3C by default, B3
 * when configured.
 */
export type { AmqpServerTrace, AmqpClientTrace, AmqpClientTraceOptions } from './amqp.js';
export { amqpServerTrace, amqpClientTrace, amqpHeadersGetter } from './amqp.js';
