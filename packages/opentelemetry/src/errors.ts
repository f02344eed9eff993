import { SpanStatusCode } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { codeOf } from '@svckit/core/errors';

/**
 * failSpan marks span failed by err: the exception recorded as an event, the status ERROR with
 * the error's message, and `error.type` the svckit canonical code (`not_found`, `unavailable`:
 * low-cardinality, as the semantic conventions ask) unless `errorType` says otherwise.
 */
export function failSpan(span: Span, err: unknown, errorType?: string): void {
  if (!span.isRecording()) return;
  span.recordException(exceptionOf(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(err) });
  span.setAttribute(ATTR_ERROR_TYPE, errorType ?? codeOf(err));
}

/** messageOf is err's message, for a span status. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function exceptionOf(err: unknown): Error | string {
  return err instanceof Error ? err : String(err);
}
