/**
 * @module @svckit/grpc
 *
 * svckit's gRPC transport (Go kit's `transport/grpc`) on `@grpc/grpc-js`, typed end to end by
 * the TypeScript `protoc-gen-es` generates from `.proto` files:
 *
 * - {@link createServer}: one svckit server per unary method, on the core server kernel, with
 *   Go kit's hooks (before with the metadata, after with header and trailer, finalizer, error
 *   handler) and an error table (`errorCode`); {@link bindService} adds a whole generated
 *   service to a `grpc.Server`.
 * - {@link createClient}: an `Endpoint` calling one method over a shared channel
 *   ({@link dial}), with before/after/finalizer hooks.
 * - Errors travel as gRPC statuses both ways through core's table (`codeNumber`,
 *   `codeFromNumber`), with `ServiceError` details as a `google.rpc.Status` in
 *   `grpc-status-details-bin` ({@link StatusError} on the client).
 * - Deadlines: the context's deadline is the call's (`grpc-timeout`), the server's context
 *   ends when the client cancels, an expired call never reaches the endpoint.
 * - {@link addHealth} (`grpc.health.v1`, Check and Watch), {@link addReflection} (v1 and
 *   v1alpha), {@link listen} with TLS and mutual TLS, graceful {@link shutdown}.
 * - Auth: {@link authorizationToContext} hands the `authorization` metadata to svckit's auth
 *   middlewares; {@link authorizationToMetadata} sends a credential from a client.
 * - Metadata helpers as Go kit's ({@link setRequestHeader}, {@link setResponseHeader},
 *   {@link setResponseTrailer}, {@link encodeKeyValue}, {@link decodeKeyValue}).
 */
export { authorizationToContext, authorizationToMetadata } from './auth.js';
export type { UnaryMethod, RequestOf, RequestInitOf, ReplyOf, ReplyInitOf } from './method.js';
export { methodPath, serviceDefinition } from './method.js';
export type {
  Server,
  ServerOf,
  ServerOptions,
  ServerBeforeFunc,
  ServerAfterFunc,
  ServerFinalizerFunc,
  DecodeRequestFunc,
  EncodeResponseFunc,
} from './server.js';
export { createServer, MalformedMessageError } from './server.js';
export type { MethodHandler, ServiceHandlers } from './bind.js';
export { bindService } from './bind.js';
export type { IncomingCall } from './call-context.js';
export { callOf, fullMethod } from './call-context.js';
export type {
  ClientOptions,
  ClientBeforeFunc,
  ClientAfterFunc,
  ClientFinalizerFunc,
} from './client.js';
export { createClient } from './client.js';
export type { Pem, ServerTlsOptions, ClientTlsOptions, DialOptions } from './credentials.js';
export { dial, serverCredentials } from './credentials.js';
export {
  StatusError,
  errorDetailsRegistry,
  pushbackKey,
  statusDetailsKey,
  toStatus,
} from './status.js';
export {
  encodeKeyValue,
  decodeKeyValue,
  setRequestHeader,
  setResponseHeader,
  setResponseTrailer,
  metadataRecord,
  metadataOf,
} from './metadata.js';
export type { Health, HealthOptions, ServingStatus } from './health.js';
export { addHealth } from './health.js';
export type { ReflectionOptions } from './reflection.js';
export { addReflection } from './reflection.js';
export type { ShutdownOptions, ShutdownReport } from './shutdown.js';
export { listen, shutdown } from './shutdown.js';
export type { Status } from './gen/google/rpc/status_pb.js';
export { StatusSchema, file_google_rpc_status } from './gen/google/rpc/status_pb.js';
export type {
  ErrorInfo,
  RetryInfo,
  DebugInfo,
  QuotaFailure,
  QuotaFailure_Violation,
  PreconditionFailure,
  PreconditionFailure_Violation,
  BadRequest,
  BadRequest_FieldViolation,
  RequestInfo,
  ResourceInfo,
  Help,
  Help_Link,
  LocalizedMessage,
} from './gen/google/rpc/error_details_pb.js';
export {
  ErrorInfoSchema,
  RetryInfoSchema,
  DebugInfoSchema,
  QuotaFailureSchema,
  QuotaFailure_ViolationSchema,
  PreconditionFailureSchema,
  PreconditionFailure_ViolationSchema,
  BadRequestSchema,
  BadRequest_FieldViolationSchema,
  RequestInfoSchema,
  ResourceInfoSchema,
  HelpSchema,
  Help_LinkSchema,
  LocalizedMessageSchema,
  file_google_rpc_error_details,
} from './gen/google/rpc/error_details_pb.js';
export type { HealthCheckRequest, HealthCheckResponse } from './gen/grpc/health/v1/health_pb.js';
export {
  Health as HealthService,
  HealthCheckRequestSchema,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus,
  file_grpc_health_v1_health,
} from './gen/grpc/health/v1/health_pb.js';
