import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type {
  Attributes,
  Context as OtelContext,
  Link,
  Span,
  TextMapGetter,
} from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import { createKey, withValue } from '@svckit/core/context';
import { errorCodeHeader, routeOf } from '@svckit/core/transport/http';
import type { HttpRequest, RequestFunc, ServerFinalizerFunc } from '@svckit/core/transport/http';
import { otelContextKey } from './context.js';
import { knownMethod, splitHostPort } from './http-attributes.js';
import { propagateWith } from './propagation.js';
import type { PropagationOptions, TracerOptions } from './tracer.js';
import { tracerOf } from './tracer.js';

/** HttpServerTraceOptions tune {@link httpServerTrace}. */
export interface HttpServerTraceOptions extends TracerOptions, PropagationOptions {
  /**
   * trustRemoteParent makes the caller's span the parent of the server span (the default,
   * true). false starts a new trace on every request and links the caller's span instead (a
   * public edge that must not let clients pick trace ids or the sampling decision).
   */
  readonly trustRemoteParent?: boolean | undefined;
}

/** HttpServerTrace is the hooks to spread into core HTTP `createServer` options. */
export interface HttpServerTrace {
  readonly before: readonly RequestFunc[];
  readonly finalizer: readonly ServerFinalizerFunc[];
}

const serverSpanKey = createKey<Span>('@svckit/opentelemetry http server span');

/** requestGetter reads propagation fields from an svckit HTTP request (both faces). */
const requestGetter: TextMapGetter<HttpRequest> = {
  get: (req, key) => req.header(key),
  keys: (req) => {
    const raw = req.raw;
    return raw instanceof Request ? [...raw.headers.keys()] : Object.keys(raw.headers);
  },
};

/**
 * httpServerTrace returns server hooks for core's HTTP `createServer` (node and fetch faces
 * alike) that make a SERVER span per request under the stable HTTP semantic conventions: the
 * caller's context extracted from the headers through the propagator (W3C `traceparent`,
 * `tracestate` and baggage by default), the span named `GET /route/:pattern` (the router's
 * pattern, or only the method), `http.request.method`, `url.path`, `url.query`, `url.scheme`,
 * `server.address`/`server.port`, `client.address`/`client.port`, `user_agent.original`,
 * `network.protocol.version`, `http.route`, and at the end `http.response.status_code`; a
 * 5xx answer sets the status ERROR with `error.type` the svckit error code (from the
 * `Svckit-Error-Code` header the error encoder sends) or the status. The context the endpoint
 * gets carries the span: `spanOf(ctx)`, `traceEndpoint` children.
 *
 * @example
 * const server = createServer(sum, decodeSum, encodeJSONResponse, { ...httpServerTrace() });
 */
export function httpServerTrace(options: HttpServerTraceOptions = {}): HttpServerTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const trustParent = options.trustRemoteParent !== false;
  const before: RequestFunc = (ctx, req) => {
    const remote = propagate.extract(ROOT_CONTEXT, req, requestGetter);
    const method = knownMethod(req.method);
    const route = routeOf(ctx)?.pattern;
    const attributes = requestAttributes(req, method, route);
    const links = trustParent ? undefined : linksOf(remote);
    const parent = trustParent ? remote : ROOT_CONTEXT;
    // The conventions name a span of an unknown method `HTTP`.
    const verb = method === '_OTHER' ? 'HTTP' : method;
    const span = tracer.startSpan(
      route === undefined ? verb : `${verb} ${route}`,
      links === undefined
        ? { kind: SpanKind.SERVER, attributes }
        : { kind: SpanKind.SERVER, attributes, links },
      parent,
    );
    // The baggage the caller sent stays with the request even when its span is not trusted.
    const oc = trace.setSpan(trustParent ? remote : withBaggageOf(remote), span);
    return withValue(withValue(ctx, otelContextKey, oc), serverSpanKey, span);
  };
  const finalizer: ServerFinalizerFunc = (ctx, info) => {
    const span = ctx.value(serverSpanKey);
    if (span === undefined) return;
    const status = info.statusCode;
    if (span.isRecording()) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (status >= 500) {
        const code = info.headers[errorCodeHeader.toLowerCase()];
        const type = typeof code === 'string' ? code : String(status);
        span.setAttribute(ATTR_ERROR_TYPE, type);
        // A message, so that Zipkin (its `error` tag) shows the span failed too.
        span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      }
    }
    span.end();
  };
  return { before: [before], finalizer: [finalizer] };
}

function requestAttributes(
  req: HttpRequest,
  method: string,
  route: string | undefined,
): Attributes {
  const url = req.url;
  const q = url.indexOf('?');
  const raw = req.raw;
  const node = !(raw instanceof Request);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: q < 0 ? url : url.slice(0, q),
    [ATTR_URL_SCHEME]: node
      ? (raw.socket as { encrypted?: boolean }).encrypted === true
        ? 'https'
        : 'http'
      : raw.url.startsWith('https:')
        ? 'https'
        : 'http',
    [ATTR_NETWORK_PROTOCOL_VERSION]: node ? raw.httpVersion : req.protocol.slice(5),
  };
  if (method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = req.method;
  if (q >= 0) attributes[ATTR_URL_QUERY] = url.slice(q + 1);
  if (route !== undefined) attributes[ATTR_HTTP_ROUTE] = route;
  const host = req.header('host');
  if (host !== undefined) {
    const [address, port] = splitHostPort(host);
    attributes[ATTR_SERVER_ADDRESS] = address;
    if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  }
  if (node) {
    // The socket's own fields: no "ip:port" string to build and split again.
    const socket = raw.socket;
    if (socket.remoteAddress !== undefined) attributes[ATTR_CLIENT_ADDRESS] = socket.remoteAddress;
    if (socket.remotePort !== undefined) attributes[ATTR_CLIENT_PORT] = socket.remotePort;
  } else if (req.remoteAddress !== '') {
    const [address, port] = splitHostPort(req.remoteAddress);
    attributes[ATTR_CLIENT_ADDRESS] = address;
    if (port !== undefined) attributes[ATTR_CLIENT_PORT] = port;
  }
  const agent = req.header('user-agent');
  if (agent !== undefined) attributes[ATTR_USER_AGENT_ORIGINAL] = agent;
  return attributes;
}

function linksOf(remote: OtelContext): Link[] | undefined {
  const sc = trace.getSpanContext(remote);
  return sc === undefined ? undefined : [{ context: sc }];
}

/** withBaggageOf keeps the caller's baggage and drops its span. */
function withBaggageOf(remote: OtelContext): OtelContext {
  return trace.deleteSpan(remote);
}
