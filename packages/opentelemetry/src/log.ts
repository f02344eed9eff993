import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context } from '@svckit/core/context';
import type { Logger } from '@svckit/core/log';
import { withContext } from '@svckit/core/log';
import { otelContextOf } from './context.js';

/**
 * traceFields returns the log fields of ctx's current span, `['trace_id', <32 hex>,
 * 'span_id', <16 hex>, 'trace_flags', '01']` (the names the OpenTelemetry log data model and
 * backends correlate on), or an empty array when ctx carries no valid span. Use it to bind a
 * logger that is not a svckit `Logger` (a pino child: `Object.fromEntries`-style pairs).
 */
export function traceFields(ctx: Context): string[] {
  const sc = trace.getSpanContext(otelContextOf(ctx));
  if (sc === undefined || !isSpanContextValid(sc)) return [];
  return [
    'trace_id',
    sc.traceId,
    'span_id',
    sc.spanId,
    'trace_flags',
    sc.traceFlags.toString(16).padStart(2, '0'),
  ];
}

/**
 * withTrace binds the trace of ctx to logger (a valuer gets no context, so the binding is made
 * where the context is): every event logged through the result has `trace_id`, `span_id` and
 * `trace_flags`. Without a valid span in ctx it returns logger itself.
 *
 * @example
 * const sum: Endpoint<SumRequest, number> = async (ctx, { a, b }) => {
 *   withTrace(logger, ctx).log('msg', 'summing', 'a', a, 'b', b);
 *   return a + b;
 * };
 */
export function withTrace(logger: Logger, ctx: Context): Logger {
  const fields = traceFields(ctx);
  return fields.length === 0 ? logger : withContext(logger, ...fields);
}
