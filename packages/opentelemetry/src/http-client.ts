import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { createKey, withValue } from '@svckit/core/context';
import type {
  ClientFinalizerFunc,
  ClientRequestFunc,
  ClientResponseFunc,
} from '@svckit/core/transport/http';
import { otelContextKey, otelContextOf } from './context.js';
import { failSpan, messageOf } from './errors.js';
import { knownMethod } from './http-attributes.js';
import { propagateWith, recordSetter } from './propagation.js';
import type { HeaderRecord } from './propagation.js';
import { attemptKey } from './retry.js';
import type { PropagationOptions, TracerOptions } from './tracer.js';
import { tracerOf } from './tracer.js';

/** HttpClientTraceOptions tune {@link httpClientTrace}. */
export type HttpClientTraceOptions = TracerOptions & PropagationOptions;

/** HttpClientTrace is the hooks to spread into core HTTP `createClient` options. */
export interface HttpClientTrace {
  readonly before: readonly ClientRequestFunc[];
  readonly after: readonly ClientResponseFunc[];
  readonly finalizer: readonly ClientFinalizerFunc[];
}

/** The state of one traced request: its span and the status, once answered. */
interface Call {
  readonly span: Span;
  status: number;
}

const callKey = createKey<Call>('@svckit/opentelemetry http client call');

/**
 * httpClientTrace returns hooks for core's HTTP `createClient` that make a CLIENT span per
 * request (stable HTTP semantic conventions: named after the method, `http.request.method`,
 * `server.address`, `server.port`, `url.full` without credentials, `http.response.status_code`,
 * `http.request.resend_count` for an attempt after the first of a `traceAttempts` retry), the
 * child of the context's current span, and inject its context into the request headers
 * through the propagator (W3C `traceparent`/`tracestate` and `baggage` by default). A 4xx or
 * 5xx answer, or a failed request, sets the status ERROR with `error.type` the status or the
 * error's code.
 *
 * @example
 * const sum = createClient('POST', `${base}/sum`, encodeJSONRequest, decodeSum, {
 *   ...httpClientTrace(),
 * });
 */
export function httpClientTrace(options: HttpClientTraceOptions = {}): HttpClientTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const before: ClientRequestFunc = (ctx, req) => {
    const parent = otelContextOf(ctx);
    const method = knownMethod(req.method);
    const url = req.url;
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_SERVER_ADDRESS]: url.hostname.startsWith('[')
        ? url.hostname.slice(1, -1)
        : url.hostname,
      [ATTR_SERVER_PORT]:
        url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
      [ATTR_URL_FULL]: fullURL(url),
    };
    if (method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = req.method;
    const attempt = ctx.value(attemptKey);
    if (attempt !== undefined && attempt > 1)
      attributes[ATTR_HTTP_REQUEST_RESEND_COUNT] = attempt - 1;
    const span = tracer.startSpan(
      method === '_OTHER' ? 'HTTP' : method,
      { kind: SpanKind.CLIENT, attributes },
      parent,
    );
    const oc = trace.setSpan(parent, span);
    propagate.inject(oc, req.headers as HeaderRecord, recordSetter);
    return withValue(withValue(ctx, otelContextKey, oc), callKey, { span, status: 0 });
  };
  const after: ClientResponseFunc = (ctx, res) => {
    const call = ctx.value(callKey);
    if (call !== undefined) {
      call.status = res.status;
      call.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.status);
    }
    return ctx;
  };
  const finalizer: ClientFinalizerFunc = (ctx, err) => {
    const call = ctx.value(callKey);
    if (call === undefined) return;
    const span = call.span;
    if (call.status >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(call.status));
      // A message, so that Zipkin (its `error` tag) shows the span failed too.
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: err === undefined ? `HTTP ${call.status}` : messageOf(err),
      });
      if (err !== undefined) span.recordException(err instanceof Error ? err : String(err));
    } else if (err !== undefined) {
      failSpan(span, err);
    }
    span.end();
  };
  return { before: [before], after: [after], finalizer: [finalizer] };
}

/** fullURL is the URL as `url.full` wants it: credentials left out. */
function fullURL(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = 'REDACTED';
  copy.password = copy.password === '' ? '' : 'REDACTED';
  return copy.href;
}
