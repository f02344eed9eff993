import type { Context } from '../context/index.js';
import type { Logger } from '../log/logger.js';

/**
 * ErrorHandler receives every error a transport meets (decode, endpoint, encode, write), for
 * logging or counting, before the error is encoded to the caller (Go kit's
 * `transport.ErrorHandler`). It must not throw and must not write to the caller; encoding is a
 * separate step.
 */
export type ErrorHandler = (ctx: Context, err: unknown) => void;

/** nopErrorHandler ignores errors; it is the default of transports built without a logger. */
export const nopErrorHandler: ErrorHandler = () => {};

/**
 * logErrorHandler returns an {@link ErrorHandler} that logs each error as `err=<error>` through
 * logger (Go kit's `transport.NewLogErrorHandler`).
 */
export function logErrorHandler(logger: Logger): ErrorHandler {
  return (_ctx, err) => {
    logger.log('err', err);
  };
}
