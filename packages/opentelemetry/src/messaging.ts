import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context as OtelContext, Span, Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Context } from '@svckit/core/context';
import { createKey, withValue } from '@svckit/core/context';
import type { ContextKey } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { otelContextKey, otelContextOf } from './context.js';
import { messageOf } from './errors.js';

// The messaging semantic conventions are not stable yet: @opentelemetry/semantic-conventions
// asks instrumentations to copy the incubating names they use rather than import them.
/** `messaging.system` (`nats`, `rabbitmq`). */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
/** `messaging.destination.name`: the subject, exchange or queue. */
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
/** `messaging.operation.type`: `send` for the client, `process` for the server. */
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
/** `messaging.operation.name`: the system's own name of the operation. */
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
/** `messaging.message.body.size`, in bytes. */
export const ATTR_MESSAGING_MESSAGE_BODY_SIZE = 'messaging.message.body.size';
/** `messaging.message.id`. */
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
/** `messaging.message.conversation_id` (AMQP's correlation id). */
export const ATTR_MESSAGING_MESSAGE_CONVERSATION_ID = 'messaging.message.conversation_id';
/** `messaging.consumer.group.name` (a NATS queue group). */
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
/** `messaging.rabbitmq.destination.routing_key`. */
export const ATTR_MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY =
  'messaging.rabbitmq.destination.routing_key';

/** spanKey is where a messaging hook keeps the span it must end. */
export function spanKeyFor(name: string): ContextKey<Span> {
  return createKey<Span>(`@svckit/opentelemetry ${name} span`);
}

/**
 * startProcess starts the CONSUMER `process` span of a server hook, the child of the context
 * the message carried, and returns the context carrying it.
 */
export function startProcess(
  tracer: Tracer,
  ctx: Context,
  remote: OtelContext,
  destination: string,
  attributes: Attributes,
  key: ContextKey<Span>,
): Context {
  const span = tracer.startSpan(
    `process ${destination}`,
    { kind: SpanKind.CONSUMER, attributes },
    remote,
  );
  return withValue(withValue(ctx, otelContextKey, trace.setSpan(remote, span)), key, span);
}

/**
 * startSend starts the PRODUCER `send` span of a client hook, the child of ctx's span, and
 * returns its OTel context (to inject) and the context carrying it.
 */
export function startSend(
  tracer: Tracer,
  ctx: Context,
  name: string,
  attributes: Attributes,
  key: ContextKey<Span>,
): [OtelContext, Context] {
  const parent = otelContextOf(ctx);
  const span = tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes }, parent);
  const oc = trace.setSpan(parent, span);
  return [oc, withValue(withValue(ctx, otelContextKey, oc), key, span)];
}

/**
 * endMessaging ends the span under key: a failure sets the status ERROR, `error.type` the
 * svckit code, and records the exception.
 */
export function endMessaging(
  ctx: Context,
  key: ContextKey<Span>,
  err: unknown,
  failed: boolean,
): void {
  const span = ctx.value(key);
  if (span === undefined) return;
  if (failed) {
    span.setAttribute(ATTR_ERROR_TYPE, codeOf(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(err) });
    span.recordException(err instanceof Error ? err : String(err));
  }
  span.end();
}

/** rootContext is where extraction starts: no parent but the one the message carries. */
export const rootContext = ROOT_CONTEXT;
