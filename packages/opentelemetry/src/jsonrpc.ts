import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
} from '@opentelemetry/semantic-conventions';
import type { Context } from '@svckit/core/context';
import type { Endpoint, GenericMiddleware } from '@svckit/core/endpoint';
import { codeOf } from '@svckit/core/errors';
import { defaultErrorCode } from '@svckit/core/transport/http/jsonrpc';
import type { AnyMethod, Methods } from '@svckit/core/transport/http/jsonrpc';
import { otelContextOf, withOtelContext } from './context.js';
import { recordBusinessError } from './endpoint.js';
import { messageOf } from './errors.js';
import { isServerError } from './grpc/status.js';
import type { TracerOptions } from './tracer.js';
import { tracerOf } from './tracer.js';

/** JsonRpcTraceOptions tune {@link traceMethods} and {@link jsonRpcClientTrace}. */
export interface JsonRpcTraceOptions extends TracerOptions {
  /**
   * errorCode maps an error to the JSON-RPC error code answered (`rpc.status_code`); give the
   * server's own when its `errorObject` option differs. Default core's `defaultErrorCode`.
   */
  readonly errorCode?: ((err: unknown) => number) | undefined;
}

/**
 * rpcSpan is the middleware of one JSON-RPC method: a span named after it, `rpc.system.name`
 * `jsonrpc` and `rpc.method`; an error sets `rpc.status_code` and `error.type` to its JSON-RPC
 * code, and fails the span (a server span only for the server's own failures).
 */
function rpcSpan(name: string, kind: SpanKind, options: JsonRpcTraceOptions): GenericMiddleware {
  const tracer = tracerOf(options);
  const errorCode = options.errorCode ?? defaultErrorCode;
  const spanOptions = {
    kind,
    attributes: { [ATTR_RPC_SYSTEM_NAME]: 'jsonrpc', [ATTR_RPC_METHOD]: name },
  };
  const fail = (span: Span, err: unknown): void => {
    const code = String(errorCode(err));
    span.setAttribute(ATTR_RPC_STATUS_CODE, code);
    span.recordException(err instanceof Error ? err : String(err));
    if (kind === SpanKind.CLIENT || isServerError(codeOf(err))) {
      span.setAttribute(ATTR_ERROR_TYPE, code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(err) });
    }
    span.end();
  };
  return <Req, Res>(next: Endpoint<Req, Res>): Endpoint<Req, Res> =>
    (ctx: Context, request: Req): Promise<Res> => {
      const parent = otelContextOf(ctx);
      const span = tracer.startSpan(name, spanOptions, parent);
      const oc = trace.setSpan(parent, span);
      let result: Promise<Res>;
      try {
        result = otelContext.with(oc, next, undefined, withOtelContext(ctx, oc), request);
      } catch (err) {
        fail(span, err);
        return Promise.reject(err as Error);
      }
      return result.then(
        (response) => {
          if (span.isRecording()) recordBusinessError(span, response);
          span.end();
          return response;
        },
        (err: unknown) => {
          fail(span, err);
          throw err;
        },
      );
    };
}

/**
 * traceMethods returns the methods of a core JSON-RPC server (`@svckit/core/transport/http/
 * jsonrpc` `createServer`) with each endpoint in a SERVER span named after the method under
 * the stable RPC conventions: every call of a batch gets its own span. The HTTP request is
 * `httpServerTrace`'s: give the server both, and the call spans are children of the request's.
 *
 * @example
 * const server = createServer(traceMethods({ sum: method({ endpoint: sum }) }), {
 *   ...httpServerTrace(),
 * });
 */
export function traceMethods<M extends Methods>(methods: M, options: JsonRpcTraceOptions = {}): M {
  const out: Record<string, AnyMethod> = {};
  for (const name of Object.keys(methods)) {
    const m = methods[name] as AnyMethod;
    out[name] = { ...m, endpoint: rpcSpan(name, SpanKind.SERVER, options)(m.endpoint) };
  }
  return out as M;
}

/**
 * jsonRpcClientTrace is a middleware for a core JSON-RPC client endpoint of `method`: a
 * CLIENT span per call under the RPC conventions (an error reply's code as `rpc.status_code`,
 * any error fails it). Add `httpClientTrace()` to the client's options for the HTTP request
 * (its span is then a child of this one) and the propagation.
 *
 * @example
 * const sum = jsonRpcClientTrace('sum')(createClient(url, 'sum', { ...httpClientTrace() }));
 */
export function jsonRpcClientTrace(
  method: string,
  options: JsonRpcTraceOptions = {},
): GenericMiddleware {
  return rpcSpan(method, SpanKind.CLIENT, options);
}
