import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { Context } from '@svckit/core/context';
import { createKey, withValue } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { methodPath } from '@svckit/grpc';
import type { ClientBeforeFunc, ClientFinalizerFunc, UnaryMethod } from '@svckit/grpc';
import { otelContextKey, otelContextOf } from '../context.js';
import { messageOf } from '../errors.js';
import { splitHostPort } from '../http-attributes.js';
import { propagateWith } from '../propagation.js';
import type { PropagationOptions, TracerOptions } from '../tracer.js';
import { tracerOf } from '../tracer.js';
import { metadataSetter } from './metadata.js';
import { statusName } from './status.js';

/** GrpcClientTraceOptions tune {@link grpcClientTrace}. */
export interface GrpcClientTraceOptions extends TracerOptions, PropagationOptions {
  /** target is the `host:port` dialled, reported as `server.address` and `server.port`. */
  readonly target?: string | undefined;
}

/** GrpcClientTrace is the hooks to spread into `@svckit/grpc` `createClient` options. */
export interface GrpcClientTrace {
  readonly before: readonly ClientBeforeFunc[];
  readonly finalizer: readonly ClientFinalizerFunc[];
}

const spanKey = createKey<Span>('@svckit/opentelemetry grpc client span');

/**
 * grpcClientTrace returns hooks for `@svckit/grpc`'s `createClient` of `method` (the generated
 * method, or its path `/pb.Add/Sum`) that make a CLIENT span per call, the child of the
 * context's current span, named after the method, and inject its context into the request
 * metadata (W3C by default, B3 when configured). Stable RPC conventions: `rpc.system.name`,
 * `rpc.method`, `server.address`/`server.port` (from `target`), `rpc.status_code`; every
 * status but OK fails a client span, with `error.type` the status.
 *
 * @example
 * const sum = createClient(conn, Add.method.sum, encodeSum, decodeSum, {
 *   ...grpcClientTrace(Add.method.sum, { target: 'localhost:8082' }),
 * });
 */
export function grpcClientTrace(
  method: UnaryMethod | string,
  options: GrpcClientTraceOptions = {},
): GrpcClientTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const path = typeof method === 'string' ? method : methodPath(method);
  const name = path.startsWith('/') ? path.slice(1) : path;
  const attributes: Attributes = { [ATTR_RPC_SYSTEM_NAME]: 'grpc', [ATTR_RPC_METHOD]: name };
  if (options.target !== undefined) {
    const [address, port] = splitHostPort(options.target);
    attributes[ATTR_SERVER_ADDRESS] = address;
    if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  }
  const spanOptions = { kind: SpanKind.CLIENT, attributes };
  const before: ClientBeforeFunc = (ctx: Context, md) => {
    const parent = otelContextOf(ctx);
    const span = tracer.startSpan(name, spanOptions, parent);
    const oc = trace.setSpan(parent, span);
    propagate.inject(oc, md, metadataSetter);
    return withValue(withValue(ctx, otelContextKey, oc), spanKey, span);
  };
  const finalizer: ClientFinalizerFunc = (ctx, err) => {
    const span = ctx.value(spanKey);
    if (span === undefined) return;
    if (err === undefined) span.setAttribute(ATTR_RPC_STATUS_CODE, 'OK');
    else {
      const status = statusName(codeOf(err));
      span.setAttribute(ATTR_RPC_STATUS_CODE, status);
      span.setAttribute(ATTR_ERROR_TYPE, status);
      span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(err) });
      span.recordException(err instanceof Error ? err : String(err));
    }
    span.end();
  };
  return { before: [before], finalizer: [finalizer] };
}
