import { context as otelContext, propagation, trace } from '@opentelemetry/api';
import type { Baggage, Context as OtelContext, Span, SpanContext } from '@opentelemetry/api';
import type { Context } from '@svckit/core/context';
import { createKey, withValue } from '@svckit/core/context';

/**
 * otelContextKey holds the OpenTelemetry context (the current span, baggage) in a svckit
 * {@link Context}. The transport hooks and {@link traceEndpoint} set it; read it with
 * {@link otelContextOf}.
 */
export const otelContextKey = createKey<OtelContext>('@svckit/opentelemetry context');

/**
 * otelContextOf returns the OpenTelemetry context carried by a svckit context: the one the
 * transport hooks or the tracing middleware put there or, when none did, the OTel active
 * context (`context.active()`: the root context, or the async-hooks context manager's if the
 * application registered one). Pass it as the parent of spans you start yourself:
 * `tracer.startSpan('work', {}, otelContextOf(ctx))`.
 */
export function otelContextOf(ctx: Context): OtelContext {
  return ctx.value(otelContextKey) ?? otelContext.active();
}

/** withOtelContext returns a child of ctx that carries the OpenTelemetry context `oc`. */
export function withOtelContext(ctx: Context, oc: OtelContext): Context {
  return withValue(ctx, otelContextKey, oc);
}

/**
 * spanOf returns the current span of a svckit context (the svckit form of
 * `trace.getActiveSpan()`, without AsyncLocalStorage), or undefined when there is none.
 *
 * @example
 * const sum: Endpoint<SumRequest, number> = async (ctx, { a, b }) => {
 *   spanOf(ctx)?.setAttribute('sum.a', a);
 *   return a + b;
 * };
 */
export function spanOf(ctx: Context): Span | undefined {
  return trace.getSpan(otelContextOf(ctx));
}

/** spanContextOf returns the current span's context (trace and span ids), or undefined. */
export function spanContextOf(ctx: Context): SpanContext | undefined {
  return trace.getSpan(otelContextOf(ctx))?.spanContext();
}

/** withSpan returns a child of ctx whose current span is `span`. */
export function withSpan(ctx: Context, span: Span): Context {
  return withValue(ctx, otelContextKey, trace.setSpan(otelContextOf(ctx), span));
}

/** baggageOf returns the OpenTelemetry baggage carried by ctx, or undefined. */
export function baggageOf(ctx: Context): Baggage | undefined {
  return propagation.getBaggage(otelContextOf(ctx));
}

/**
 * withBaggage returns a child of ctx carrying `baggage`; the client hooks send it to the next
 * hop (with the W3C baggage propagator registered, as the SDK does by default).
 */
export function withBaggage(ctx: Context, baggage: Baggage): Context {
  return withValue(ctx, otelContextKey, propagation.setBaggage(otelContextOf(ctx), baggage));
}
