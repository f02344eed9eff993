/**
 * @module @svckit/core/transport
 *
 * What every transport shares (Go kit's `transport` package): the server kernel
 * {@link createKernel} — the one transport-neutral flow (before → decode → endpoint → after →
 * encode; error handler and error encoder; finalizers) every server transport adapts — the
 * {@link ErrorHandler} hook and the small capability interfaces that errors and responses
 * implement to steer any transport ({@link StatusCoder}, {@link Headerer},
 * {@link JSONMarshaler}), with structural type guards. The in-process reference transport is
 * `@svckit/core/transport/inproc`.
 */
export type {
  AfterFunc,
  BeforeFunc,
  DecodeFunc,
  EncodeFunc,
  ErrorEncodeFunc,
  FallbackFunc,
  FinalizerFunc,
  KernelOptions,
  Outcome,
  Serve,
  SettleFunc,
} from './kernel.js';
export { createKernel } from './kernel.js';
export {
  errorCodeHeader,
  timeoutHeader,
  grpcTimeoutHeader,
  formatTimeout,
  parseTimeout,
  parseGrpcTimeout,
} from './headers.js';
export type { ErrorHandler } from './error-handler.js';
export { logErrorHandler, nopErrorHandler } from './error-handler.js';
export type { HeaderMap, StatusCoder, Headerer, JSONMarshaler } from './capabilities.js';
export { isStatusCoder, isHeaderer, isJSONMarshaler } from './capabilities.js';
