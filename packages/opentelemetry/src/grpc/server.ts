import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
} from '@opentelemetry/semantic-conventions';
import { createKey, withValue } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import type { Code } from '@svckit/core/errors';
import { callOf } from '@svckit/grpc';
import type { ServerBeforeFunc, ServerFinalizerFunc } from '@svckit/grpc';
import { otelContextKey } from '../context.js';
import { splitHostPort } from '../http-attributes.js';
import { propagateWith } from '../propagation.js';
import type { PropagationOptions, TracerOptions } from '../tracer.js';
import { tracerOf } from '../tracer.js';
import { metadataGetter } from './metadata.js';
import { isServerError, statusName } from './status.js';

/** GrpcServerTraceOptions tune {@link grpcServerTrace}. */
export interface GrpcServerTraceOptions extends TracerOptions, PropagationOptions {
  /**
   * errorCode maps an error to the code the client receives; give the server's own
   * `errorCode` option when it has one. Default `codeOf` (the server's default too).
   */
  readonly errorCode?: ((err: unknown) => Code) | undefined;
}

/** GrpcServerTrace is the hooks to spread into `@svckit/grpc` `createServer` options. */
export interface GrpcServerTrace {
  readonly before: readonly ServerBeforeFunc[];
  readonly finalizer: readonly ServerFinalizerFunc[];
}

const spanKey = createKey<Span>('@svckit/opentelemetry grpc server span');

/**
 * grpcServerTrace returns hooks for `@svckit/grpc`'s `createServer` that make a SERVER span
 * per call under the stable RPC semantic conventions: the caller's context extracted from the
 * metadata through the propagator (W3C by default, B3 when configured), the span named after
 * the method (`pb.Add/Sum`), `rpc.system.name` `grpc`, `rpc.method`, `client.address` and
 * `client.port`, and `rpc.status_code` (`OK`, `NOT_FOUND`); the server's own failures
 * (`UNKNOWN`, `DEADLINE_EXCEEDED`, `UNIMPLEMENTED`, `INTERNAL`, `UNAVAILABLE`, `DATA_LOSS`)
 * set the status ERROR and `error.type`.
 *
 * @example
 * const sum = createServer(sumEndpoint, decodeSum, encodeSum, { ...grpcServerTrace() });
 */
export function grpcServerTrace(options: GrpcServerTraceOptions = {}): GrpcServerTrace {
  const tracer = tracerOf(options);
  const propagate = propagateWith(options.propagator);
  const errorCode = options.errorCode ?? codeOf;
  const before: ServerBeforeFunc = (ctx, md) => {
    const remote = propagate.extract(ROOT_CONTEXT, md, metadataGetter);
    const call = callOf(ctx);
    const path = call?.getPath() ?? '';
    const method = path.startsWith('/') ? path.slice(1) : path;
    const attributes: Attributes = {
      [ATTR_RPC_SYSTEM_NAME]: 'grpc',
      [ATTR_RPC_METHOD]: method,
    };
    const peer = call?.getPeer();
    if (peer !== undefined && peer !== '') {
      const [address, port] = splitHostPort(peer);
      attributes[ATTR_CLIENT_ADDRESS] = address;
      if (port !== undefined) attributes[ATTR_CLIENT_PORT] = port;
    }
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, remote);
    return withValue(withValue(ctx, otelContextKey, trace.setSpan(remote, span)), spanKey, span);
  };
  const finalizer: ServerFinalizerFunc = (ctx, err) => {
    const span = ctx.value(spanKey);
    if (span === undefined) return;
    if (err === undefined) span.setAttribute(ATTR_RPC_STATUS_CODE, 'OK');
    else {
      const code = errorCode(err);
      const name = statusName(code);
      span.setAttribute(ATTR_RPC_STATUS_CODE, name);
      if (isServerError(code)) {
        span.setAttribute(ATTR_ERROR_TYPE, name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(err) });
      }
    }
    span.end();
  };
  return { before: [before], finalizer: [finalizer] };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
