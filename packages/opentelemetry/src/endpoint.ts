import { context as otelContext, SpanKind, trace } from '@opentelemetry/api';
import type { Attributes, Span, SpanOptions } from '@opentelemetry/api';
import type { Context } from '@svckit/core/context';
import type { Endpoint, GenericMiddleware } from '@svckit/core/endpoint';
import { failedError } from '@svckit/core/endpoint';
import { codeOf } from '@svckit/core/errors';
import { otelContextOf, withOtelContext } from './context.js';
import { failSpan, messageOf } from './errors.js';
import { tracerOf } from './tracer.js';
import type { TracerOptions } from './tracer.js';

/** businessErrorEvent is the name of the span event recording a `Failer`'s business error. */
export const businessErrorEvent = 'business_error';

/** TraceEndpointOptions tune {@link traceEndpoint}. */
export interface TraceEndpointOptions extends TracerOptions {
  /** kind of the span; default INTERNAL (the transport hooks make the SERVER/CLIENT spans). */
  readonly kind?: SpanKind | undefined;
  /** attributes are set on every span at its start. */
  readonly attributes?: Attributes | undefined;
  /**
   * ignoreError tells which thrown errors leave the span's status unset (the error is still
   * recorded as an exception event). Default: none — every error fails the span.
   */
  readonly ignoreError?: ((err: unknown) => boolean) | undefined;
}

/**
 * traceEndpoint is a middleware that makes one span per call, named `name` (the method: `Sum`,
 * `pb.Add/Sum`), the child of the context's current span (Go kit's `tracing/opentelemetry`
 * `EndpointMiddleware`, `tracing/zipkin.TraceEndpoint`):
 *
 * - the endpoint runs with a context carrying the span, so `spanOf(ctx)` and spans made from
 *   `otelContextOf(ctx)` (and, under the async-hooks context manager, `trace.getActiveSpan()`
 *   and other instrumentations) see it;
 * - a thrown error fails the span: status ERROR with its message, the exception as an event,
 *   `error.type` the error's canonical code;
 * - a response that is a `Failer` with a business error records the error as a
 *   {@link businessErrorEvent} event (with `error.type` and `exception.message`), and leaves the
 *   span's status alone: the call itself succeeded.
 *
 * @example
 * const sum = traceEndpoint('Sum')(makeSumEndpoint(svc));
 */
export function traceEndpoint(name: string, options: TraceEndpointOptions = {}): GenericMiddleware {
  const tracer = tracerOf(options);
  const kind = options.kind ?? SpanKind.INTERNAL;
  const spanOptions: SpanOptions =
    options.attributes === undefined ? { kind } : { kind, attributes: options.attributes };
  const ignoreError = options.ignoreError;
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx: Context, request: Req): Promise<Res> => {
      const parent = otelContextOf(ctx);
      const span = tracer.startSpan(name, spanOptions, parent);
      const oc = trace.setSpan(parent, span);
      let result: Promise<Res>;
      try {
        result = otelContext.with(oc, next, undefined, withOtelContext(ctx, oc), request);
      } catch (err) {
        fail(span, err, ignoreError);
        return Promise.reject(err as Error);
      }
      return result.then(
        (response) => {
          if (span.isRecording()) recordBusinessError(span, response);
          span.end();
          return response;
        },
        (err: unknown) => {
          fail(span, err, ignoreError);
          throw err;
        },
      );
    };
}

function fail(
  span: Span,
  err: unknown,
  ignoreError: ((err: unknown) => boolean) | undefined,
): void {
  if (ignoreError?.(err) === true) span.recordException(err instanceof Error ? err : String(err));
  else failSpan(span, err);
  span.end();
}

/** recordBusinessError adds the event for a Failer's business error, if there is one. */
export function recordBusinessError(span: Span, response: unknown): void {
  const err = failedError(response);
  if (err === undefined) return;
  span.addEvent(businessErrorEvent, {
    'error.type': codeOf(err),
    'exception.type': err.name,
    'exception.message': messageOf(err),
  });
}
