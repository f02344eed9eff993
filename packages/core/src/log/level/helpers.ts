import { withPrefix } from '../context.js';
import type { Logger } from '../logger.js';
import { debugValue, errorValue, infoValue, levelKey, warnValue } from './value.js';

/**
 * debug returns logger with `level=debug` prepended (Go kit's `level.Debug`). Over a filter
 * that rejects debug, the result discards events without encoding anything.
 */
export function debug(logger: Logger): Logger {
  return withPrefix(logger, levelKey, debugValue);
}

/** info returns logger with `level=info` prepended (Go kit's `level.Info`). */
export function info(logger: Logger): Logger {
  return withPrefix(logger, levelKey, infoValue);
}

/** warn returns logger with `level=warn` prepended (Go kit's `level.Warn`). */
export function warn(logger: Logger): Logger {
  return withPrefix(logger, levelKey, warnValue);
}

/** error returns logger with `level=error` prepended (Go kit's `level.Error`). */
export function error(logger: Logger): Logger {
  return withPrefix(logger, levelKey, errorValue);
}
