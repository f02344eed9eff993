import type { TextMapGetter } from '@opentelemetry/api';
import type { ConsumeMessage, MessagePropertyHeaders } from 'amqplib';
import type { Context } from '@svckit/core/context';
import type { BeforeFunc, FinalizerFunc } from '@svckit/core/transport';
import { headerOf, setHeader } from '@svckit/amqp';
import type { ClientOptions, Publishing, Reply } from '@svckit/amqp';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_CONVERSATION_ID,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY,
  ATTR_MESSAGING_SYSTEM,
  endMessaging,
  rootContext,
  spanKeyFor,
  startProcess,
  startSend,
} from '../messaging.js';
import { propagateWith } from '../propagation.js';
import type { PropagationOptions, TracerOptions } from '../tracer.js';
import { tracerOf } from '../tracer.js';

/** amqpHeadersGetter reads propagation fields from AMQP message headers. */
export const amqpHeadersGetter: TextMapGetter<MessagePropertyHeaders | undefined> = {
  get: (h, key) => headerOf(h, key),
  keys: (h) => (h === undefined ? [] : Object.keys(h)),
};

/** AmqpServerTrace is the hooks to spread into `@svckit/amqp` `createServer` options. */
export interface AmqpServerTrace {
  readonly before: readonly BeforeFunc<ConsumeMessage>[];
  readonly finalizer: readonly FinalizerFunc<ConsumeMessage, Reply>[];
}

/** AmqpClientTrace is the hooks to spread into `@svckit/amqp` `createClient` options. */
export interface AmqpClientTrace {
  readonly before: NonNullable<ClientOptions['before']>;
  readonly finalizer: NonNullable<ClientOptions['finalizer']>;
}

/** AmqpClientTraceOptions tune {@link amqpClientTrace}. */
export interface AmqpClientTraceOptions extends TracerOptions, PropagationOptions {
  /** exchange published to, as the client's `exchange` option; default `''` (the default). */
  readonly exchange?: string | undefined;
}

const serverKey = spanKeyFor('amqp server');
const clientKey = spanKeyFor('amqp client');

/** destinationOf names what a message went to: its exchange, or the routing key (the queue) on the default exchange. */
function destinationOf(exchange: string, routingKey: string): string {
  return exchange === '' ? routingKey : exchange;
}

/**
 * amqpServerTrace returns hooks for `@svckit/amqp`'s `createServer`: a CONSUMER span per
 * delivery, named `process <destination>`, the child of the context in the message headers,
 * with `messaging.system` `rabbitmq`, `messaging.destination.name` (the exchange, or the
 * queue on the default exchange), `messaging.rabbitmq.destination.routing_key`,
 * `messaging.operation.type` `process`, the message and correlation ids and the body size; an
 * error reply fails it.
 */
export function amqpServerTrace(options: TracerOptions & PropagationOptions = {}): AmqpServerTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const before: BeforeFunc<ConsumeMessage> = (ctx: Context, delivery: ConsumeMessage) => {
    const props = delivery.properties;
    const remote = propagate.extract(rootContext, props.headers, amqpHeadersGetter);
    const { exchange, routingKey } = delivery.fields;
    const destination = destinationOf(exchange, routingKey);
    const attributes: Record<string, string | number> = {
      [ATTR_MESSAGING_SYSTEM]: 'rabbitmq',
      [ATTR_MESSAGING_DESTINATION_NAME]: destination,
      [ATTR_MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY]: routingKey,
      [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
      [ATTR_MESSAGING_OPERATION_NAME]: 'process',
      [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: delivery.content.length,
    };
    if (typeof props.messageId === 'string')
      attributes[ATTR_MESSAGING_MESSAGE_ID] = props.messageId;
    if (typeof props.correlationId === 'string') {
      attributes[ATTR_MESSAGING_MESSAGE_CONVERSATION_ID] = props.correlationId;
    }
    return startProcess(tracer, ctx, remote, destination, attributes, serverKey);
  };
  const finalizer: FinalizerFunc<ConsumeMessage, Reply> = (ctx, outcome) =>
    endMessaging(ctx, serverKey, outcome.error, outcome.failed);
  return { before: [before], finalizer: [finalizer] };
}

/**
 * amqpClientTrace returns hooks for `@svckit/amqp`'s `createClient` publishing with
 * `routingKey`: a PRODUCER span per request, named `send <destination>`, the child of the
 * context's span, its context injected into the message headers; `messaging.operation.type`
 * `send`, operation name `publish`; a failed call (an error reply, the deadline) fails it.
 */
export function amqpClientTrace(
  routingKey: string,
  options: AmqpClientTraceOptions = {},
): AmqpClientTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const exchange = options.exchange ?? '';
  const destination = destinationOf(exchange, routingKey);
  const name = `send ${destination}`;
  const before = (ctx: Context, request: Publishing): Context => {
    const attributes: Record<string, string | number> = {
      [ATTR_MESSAGING_SYSTEM]: 'rabbitmq',
      [ATTR_MESSAGING_DESTINATION_NAME]: destination,
      [ATTR_MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY]: routingKey,
      [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
      [ATTR_MESSAGING_OPERATION_NAME]: 'publish',
    };
    const content = request.content;
    if (content !== undefined) {
      attributes[ATTR_MESSAGING_MESSAGE_BODY_SIZE] =
        typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    }
    const [oc, next] = startSend(tracer, ctx, name, attributes, clientKey);
    propagate.inject(oc, request, { set: (p, k, v) => setHeader(p, k, v) });
    return next;
  };
  const finalizer = (ctx: Context, err: unknown): void =>
    endMessaging(ctx, clientKey, err, err !== undefined);
  return { before: [before], finalizer: [finalizer] };
}
