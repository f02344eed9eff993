import type { Logger } from '../../log/index.js';

/** FlusherOptions configure {@link createFlusher}. */
export interface FlusherOptions {
  /** flushIntervalMs between flushes; 0 disables the timer. */
  intervalMs: number;
  /** maxRetainedBytes bounds what is kept for a retry after a retriable failure. */
  maxRetainedBytes: number;
  /** onError receives failures; defaults to the logger. */
  onError?: ((err: Error) => void) | undefined;
  /** logger is the fallback for onError. */
  logger?: Logger | undefined;
  /** ready, at stop, waits (bounded) for the collector when lines are still retained. */
  ready?: (() => Promise<boolean>) | undefined;
}

/**
 * Flusher renders text on an unref'd interval and on demand, sends it, keeps what a retriable
 * failure (collector down) left unsent for the next flush, and reports the rest.
 */
export interface Flusher {
  flush(): Promise<void>;
  stop(close: () => Promise<void>): Promise<void>;
}

/**
 * createFlusher wires render (drain the metrics into text) to send; isRetriable decides
 * whether a failed payload is kept for the next flush.
 */
export function createFlusher(
  render: () => string,
  send: (text: string) => Promise<void>,
  isRetriable: (err: unknown) => boolean,
  options: FlusherOptions,
): Flusher {
  const report =
    options.onError ??
    ((err: Error) => options.logger?.log('component', 'metrics', 'err', err.message));
  let retained = '';
  let lastError = 'collector unavailable';
  let stopped = false;
  const pending = new Set<Promise<void>>();
  const flush = (): Promise<void> => {
    const text = retained + render();
    retained = '';
    if (text === '') return Promise.all(pending).then(() => undefined);
    const p = send(text).then(
      () => {},
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        lastError = e.message;
        if (
          isRetriable(err) &&
          !stopped &&
          retained.length + text.length <= options.maxRetainedBytes
        ) {
          retained = text + retained;
        } else report(new Error(`metrics: dropped ${text.length} bytes: ${e.message}`));
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };
  const timer =
    options.intervalMs > 0 ? setInterval(() => void flush(), options.intervalMs) : undefined;
  timer?.unref();
  let stopping: Promise<void> | undefined;
  return {
    flush,
    stop(close) {
      stopping ??= (async () => {
        if (timer !== undefined) clearInterval(timer);
        await flush();
        await Promise.all(pending);
        // A collector still being dialled (a short-lived process stopping right after start)
        // gets one bounded chance to take what is left.
        if (retained !== '' && options.ready !== undefined && (await options.ready())) {
          stopped = true;
          await flush();
        }
        stopped = true;
        await Promise.all(pending);
        if (retained !== '') {
          report(new Error(`metrics: dropped ${retained.length} bytes at stop: ${lastError}`));
          retained = '';
        }
        await close();
      })();
      return stopping;
    },
  };
}
