import { format } from 'node:util';
import type { Logger } from './logger.js';
import { withPrefix } from './context.js';
import { debugValue, errorValue, infoValue, levelKey, warnValue } from './level/value.js';

/** AdapterOptions tunes {@link printfAdapter} and {@link consoleAdapter}. */
export interface AdapterOptions {
  /** messageKey names the key of the formatted message; default `msg`. */
  readonly messageKey?: string;
}

/** Printf is a printf-style logging function, as `console.log` or `util.format` take. */
export type Printf = (...args: unknown[]) => void;

/**
 * printfAdapter returns a printf-style function that logs `msg=<util.format(...args)>` through
 * logger (Go kit's `log.NewStdlibAdapter`, for libraries that take a `(fmt, ...args)` logger).
 * A trailing newline of the message is dropped.
 */
export function printfAdapter(logger: Logger, options: AdapterOptions = {}): Printf {
  const key = options.messageKey ?? 'msg';
  return (...args: unknown[]): void => {
    let msg = format(...args);
    if (msg.endsWith('\n')) msg = msg.slice(0, -1);
    logger.log(key, msg);
  };
}

/** ConsoleLike holds the `console` methods the console adapter routes. */
export interface ConsoleLike {
  log: Printf;
  info: Printf;
  debug: Printf;
  trace: Printf;
  warn: Printf;
  error: Printf;
}

/**
 * consoleAdapter returns console-style methods that log through logger with a level:
 * `debug` and `trace` at debug, `log` and `info` at info, `warn` at warn, `error` at error.
 * Pass it where a library expects a console, or install it with {@link redirectConsole}.
 */
export function consoleAdapter(logger: Logger, options: AdapterOptions = {}): ConsoleLike {
  const at = (value: unknown): Printf =>
    printfAdapter(withPrefix(logger, levelKey, value), options);
  const debug = at(debugValue);
  const info = at(infoValue);
  return { log: info, info, debug, trace: debug, warn: at(warnValue), error: at(errorValue) };
}

/**
 * redirectConsole replaces the global `console.log/info/debug/trace/warn/error` with
 * {@link consoleAdapter} over logger and returns a function restoring the originals. Do not
 * point logger at a writer that itself calls `console`.
 */
export function redirectConsole(logger: Logger, options: AdapterOptions = {}): () => void {
  const adapter = consoleAdapter(logger, options);
  const names = ['log', 'info', 'debug', 'trace', 'warn', 'error'] as const;
  const saved = names.map((name) => [name, console[name]] as const);
  for (const name of names) console[name] = adapter[name];
  return () => {
    for (const [name, fn] of saved) console[name] = fn;
  };
}
