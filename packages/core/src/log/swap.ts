import type { Logger } from './logger.js';
import { nopLogger } from './nop.js';

/** SwapLogger is a {@link Logger} whose target can be replaced while it is in use. */
export interface SwapLogger extends Logger {
  /** swap makes every later event go to logger; undefined means discard (a nop logger). */
  swap(logger: Logger | undefined): void;
}

/**
 * swapLogger returns a {@link SwapLogger} (Go kit's `log.SwapLogger`): hand it out at start-up,
 * swap in the real logger once configured. It discards events until the first swap. Node runs
 * one event at a time, so a swap never tears an event: each goes wholly to the old or the new
 * target.
 */
export function swapLogger(initial?: Logger): SwapLogger {
  let target: Logger = initial ?? nopLogger;
  return {
    log(...keyvals: unknown[]): void {
      target.log(...keyvals);
    },
    swap(logger: Logger | undefined): void {
      target = logger ?? nopLogger;
    },
  };
}
