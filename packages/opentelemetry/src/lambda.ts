import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Context } from '@svckit/core/context';
import { withValue } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { lambdaContext } from '@svckit/core/transport/awslambda';
import type { BeforeFunc, FinalizerFunc } from '@svckit/core/transport/awslambda';
import { otelContextKey } from './context.js';
import { messageOf } from './errors.js';
import { rootContext, spanKeyFor } from './messaging.js';
import { propagateWith, recordGetter } from './propagation.js';
import type { HeaderRecord } from './propagation.js';
import type { PropagationOptions, TracerOptions } from './tracer.js';
import { tracerOf } from './tracer.js';

// The FaaS conventions are experimental: the names are copied, as the package advises.
const ATTR_FAAS_INVOCATION_ID = 'faas.invocation_id';
const ATTR_FAAS_TRIGGER = 'faas.trigger';
const ATTR_FAAS_COLDSTART = 'faas.coldstart';
const ATTR_CLOUD_RESOURCE_ID = 'cloud.resource_id';
const ATTR_CLOUD_PROVIDER = 'cloud.provider';

/** LambdaTraceOptions tune {@link lambdaTrace}. */
export interface LambdaTraceOptions<Event> extends TracerOptions, PropagationOptions {
  /**
   * trigger is `faas.trigger`: `http`, `pubsub`, `datasource`, `timer` or `other` (default).
   * An `http` or `other` trigger makes a SERVER span, `pubsub` a CONSUMER span.
   */
  readonly trigger?: 'http' | 'pubsub' | 'datasource' | 'timer' | 'other' | undefined;
  /**
   * carrier returns the event's fields carrying the caller's trace context; default the
   * event's `headers` object when it has one (API Gateway, ALB, most hand-made events).
   */
  readonly carrier?: ((event: Event) => HeaderRecord | undefined) | undefined;
}

/** LambdaTrace is the hooks to spread into core's awslambda `createHandler` options. */
export interface LambdaTrace<Event, Result> {
  readonly before: readonly BeforeFunc<Event>[];
  readonly finalizer: readonly FinalizerFunc<Event, Result>[];
}

const spanKey = spanKeyFor('lambda');

function headersOf(event: unknown): HeaderRecord | undefined {
  const h = (event as { headers?: unknown } | null)?.headers;
  return typeof h === 'object' && h !== null ? (h as HeaderRecord) : undefined;
}

/**
 * lambdaTrace returns hooks for core's `createHandler` (`@svckit/core/transport/awslambda`)
 * that make a span per invocation under the FaaS conventions: named after the function,
 * `faas.invocation_id` (the request id), `faas.trigger`, `faas.coldstart` (true for the first
 * invocation of this process), `cloud.resource_id` (the ARN), `cloud.provider` `aws`, the
 * parent extracted from the event's headers; a failed invocation fails it. For HTTP events
 * served through `httpHandler(server)`, give the server `httpServerTrace()` instead: the
 * events become requests of its fetch face.
 */
export function lambdaTrace<Event, Result>(
  options: LambdaTraceOptions<Event> = {},
): LambdaTrace<Event, Result> {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const trigger = options.trigger ?? 'other';
  const kind = trigger === 'pubsub' ? SpanKind.CONSUMER : SpanKind.SERVER;
  const carrier = options.carrier ?? headersOf;
  let cold = true;
  const before: BeforeFunc<Event> = (ctx: Context, event: Event) => {
    const headers = carrier(event);
    const remote =
      headers === undefined ? rootContext : propagate.extract(rootContext, headers, recordGetter);
    const lc = lambdaContext(ctx);
    const attributes: Attributes = {
      [ATTR_FAAS_TRIGGER]: trigger,
      [ATTR_FAAS_COLDSTART]: cold,
      [ATTR_CLOUD_PROVIDER]: 'aws',
    };
    cold = false;
    if (lc !== undefined) {
      attributes[ATTR_FAAS_INVOCATION_ID] = lc.awsRequestId;
      if (lc.invokedFunctionArn !== undefined)
        attributes[ATTR_CLOUD_RESOURCE_ID] = lc.invokedFunctionArn;
    }
    const span = tracer.startSpan(lc?.functionName ?? 'lambda', { kind, attributes }, remote);
    return withValue(withValue(ctx, otelContextKey, trace.setSpan(remote, span)), spanKey, span);
  };
  const finalizer: FinalizerFunc<Event, Result> = (ctx, info) => {
    const span = ctx.value(spanKey);
    if (span === undefined) return;
    if (info.error !== undefined) {
      span.setAttribute(ATTR_ERROR_TYPE, codeOf(info.error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(info.error) });
      span.recordException(info.error instanceof Error ? info.error : String(info.error));
    }
    span.end();
  };
  return { before: [before], finalizer: [finalizer] };
}
