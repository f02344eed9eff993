/**
 * @module @svckit/core/transport
 *
 * What every transport shares (Go kit's `transport` package): the {@link ErrorHandler} hook and
 * the small capability interfaces that errors and responses implement to steer any transport
 * ({@link StatusCoder}, {@link Headerer}, {@link JSONMarshaler}), with structural type guards.
 */
export type { ErrorHandler } from './error-handler.js';
export { logErrorHandler, nopErrorHandler } from './error-handler.js';
export type { HeaderMap, StatusCoder, Headerer, JSONMarshaler } from './capabilities.js';
export { isStatusCoder, isHeaderer, isJSONMarshaler } from './capabilities.js';
