import type { TextMapGetter } from '@opentelemetry/api';
import type { Msg, MsgHdrs } from '@nats-io/transport-node';
import type { Context } from '@svckit/core/context';
import type { BeforeFunc, FinalizerFunc } from '@svckit/core/transport';
import { headerOf, setHeader } from '@svckit/nats';
import type { ClientOptions, Outgoing } from '@svckit/nats';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
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

/** msgHdrsGetter reads propagation fields from NATS message headers (absent headers too). */
export const msgHdrsGetter: TextMapGetter<MsgHdrs | undefined> = {
  get: (h, key) => headerOf(h, key),
  keys: (h) => (h === undefined ? [] : h.keys()),
};

/** NatsServerTraceOptions tune {@link natsServerTrace}. */
export interface NatsServerTraceOptions extends TracerOptions, PropagationOptions {
  /** queue is the queue group the server subscribes with (`messaging.consumer.group.name`). */
  readonly queue?: string | undefined;
}

/** NatsServerTrace is the hooks to spread into `@svckit/nats` `createServer` options. */
export interface NatsServerTrace {
  readonly before: readonly BeforeFunc<Msg>[];
  readonly finalizer: readonly FinalizerFunc<Msg, Outgoing>[];
}

/** NatsClientTrace is the hooks to spread into `@svckit/nats` `createClient` options. */
export interface NatsClientTrace {
  readonly before: NonNullable<ClientOptions['before']>;
  readonly finalizer: NonNullable<ClientOptions['finalizer']>;
}

const serverKey = spanKeyFor('nats server');
const clientKey = spanKeyFor('nats client');

/**
 * natsServerTrace returns hooks for `@svckit/nats`' `createServer`: a CONSUMER span per
 * message, named `process <subject>`, the child of the context in the message headers, with
 * `messaging.system` `nats`, `messaging.destination.name`, `messaging.operation.type`
 * `process`, `messaging.message.body.size` and the queue group; an error reply fails it.
 */
export function natsServerTrace(options: NatsServerTraceOptions = {}): NatsServerTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const queue = options.queue;
  const before: BeforeFunc<Msg> = (ctx: Context, msg: Msg) => {
    const remote = propagate.extract(rootContext, msg.headers, msgHdrsGetter);
    const attributes = {
      [ATTR_MESSAGING_SYSTEM]: 'nats',
      [ATTR_MESSAGING_DESTINATION_NAME]: msg.subject,
      [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
      [ATTR_MESSAGING_OPERATION_NAME]: 'process',
      [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: msg.data.length,
      ...(queue === undefined ? {} : { [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: queue }),
    };
    return startProcess(tracer, ctx, remote, msg.subject, attributes, serverKey);
  };
  const finalizer: FinalizerFunc<Msg, Outgoing> = (ctx, outcome) =>
    endMessaging(ctx, serverKey, outcome.error, outcome.failed);
  return { before: [before], finalizer: [finalizer] };
}

/**
 * natsClientTrace returns hooks for `@svckit/nats`' `createClient` on `subject`: a PRODUCER
 * span per request, named `send <subject>`, the child of the context's span, its context
 * injected into the request headers; `messaging.operation.type` `send`, operation name
 * `request`; a failed request (an error reply, no responders, the deadline) fails it.
 */
export function natsClientTrace(
  subject: string,
  options: TracerOptions & PropagationOptions = {},
): NatsClientTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const name = `send ${subject}`;
  const before = (ctx: Context, request: Outgoing): Context => {
    const attributes = {
      [ATTR_MESSAGING_SYSTEM]: 'nats',
      [ATTR_MESSAGING_DESTINATION_NAME]: subject,
      [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
      [ATTR_MESSAGING_OPERATION_NAME]: 'request',
      ...(request.data === undefined
        ? {}
        : {
            [ATTR_MESSAGING_MESSAGE_BODY_SIZE]:
              typeof request.data === 'string'
                ? Buffer.byteLength(request.data)
                : request.data.length,
          }),
    };
    const [oc, next] = startSend(tracer, ctx, name, attributes, clientKey);
    propagate.inject(oc, request, { set: (r, k, v) => setHeader(r, k, v) });
    return next;
  };
  const finalizer = (ctx: Context, err: unknown): void =>
    endMessaging(ctx, clientKey, err, err !== undefined);
  return { before: [before], finalizer: [finalizer] };
}
