/**
 * @module @svckit/core/log
 *
 * Structured, contextual logging (Go kit's `log`): a {@link Logger} takes alternating keys and
 * values; {@link jsonLogger} and {@link logfmtLogger} write one line per event through a
 * {@link writer}; {@link withContext}, {@link withPrefix} and {@link withSuffix} add context,
 * whose function values ({@link Valuer}s such as {@link defaultTimestampUTC} and
 * {@link defaultCaller}) are evaluated at each call. Levels live in `@svckit/core/log/level`.
 */
export type { Logger } from './logger.js';
export { jsonLogger, jsonPair, jsonString, jsonValue } from './json-logger.js';
export { logfmtKey, logfmtLogger, logfmtPair, logfmtString, logfmtValue } from './logfmt-logger.js';
export { withContext, withPrefix, withSuffix } from './context.js';
export {
  defaultTimestamp,
  defaultTimestampUTC,
  localRFC3339,
  timestamp,
  timestampFormat,
} from './valuer.js';
export type { Valuer } from './valuer.js';
export { caller, defaultCaller } from './caller.js';
export { missingValue } from './missing.js';
export { nopLogger } from './nop.js';
export { swapLogger } from './swap.js';
export type { SwapLogger } from './swap.js';
export { writer } from './writer.js';
export { bufferedWriter } from './buffered-writer.js';
export type { BufferedWriteFunc, BufferedWriterOptions } from './buffered-writer.js';
export type { StreamLike, WriteFunc, WriterTarget } from './writer.js';
export { consoleAdapter, printfAdapter, redirectConsole } from './adapter.js';
export type { AdapterOptions, ConsoleLike, Printf } from './adapter.js';
export { circularPlaceholder } from './safe-json.js';
