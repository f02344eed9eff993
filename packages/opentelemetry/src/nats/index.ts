/**
 * @module @svckit/opentelemetry/nats
 *
 * OpenTelemetry hooks for `@svckit/nats` under the (experimental) messaging semantic
 * conventions: {@link natsServerTrace} (a CONSUMER `process <subject>` span per message, the
 * caller's context from the message headers) and {@link natsClientTrace} (a PRODUCER
 * `send <subject>` span per request, its context injected into the headers). W3C by default,
 * B3 when configured.
 */
export type { NatsServerTrace, NatsServerTraceOptions, NatsClientTrace } from './nats.js';
export { natsServerTrace, natsClientTrace, msgHdrsGetter } from './nats.js';
