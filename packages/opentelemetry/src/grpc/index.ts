/**
 * @module @svckit/opentelemetry/grpc
 *
 * OpenTelemetry hooks for `@svckit/grpc`: {@link grpcServerTrace} (a SERVER span per call, the
 * caller's context from the metadata) and {@link grpcClientTrace} (a CLIENT span per call, its
 * context injected into the metadata), under the stable RPC semantic conventions
 * (`rpc.system.name`, `rpc.method`, `rpc.status_code`). Propagation through the registered
 * propagator (W3C by default) or the one given; the metadata carrier is
 * {@link metadataGetter}/{@link metadataSetter}.
 */
export type { GrpcServerTrace, GrpcServerTraceOptions } from './server.js';
export { grpcServerTrace } from './server.js';
export type { GrpcClientTrace, GrpcClientTraceOptions } from './client.js';
export { grpcClientTrace } from './client.js';
export { metadataGetter, metadataSetter } from './metadata.js';
