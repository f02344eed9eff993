import { fdWriter } from './writer.js';
import type { WriteFunc } from './writer.js';

/** BufferedWriterOptions tunes {@link bufferedWriter}. */
export interface BufferedWriterOptions {
  /** size is the number of UTF-16 units buffered before a write; default 4096. */
  readonly size?: number;
  /** flushInterval is the longest a line waits, in ms; default 100. */
  readonly flushInterval?: number;
}

/** BufferedWriteFunc is a {@link WriteFunc} holding lines until flushed. */
export interface BufferedWriteFunc extends WriteFunc {
  /** flush writes every held line now, synchronously. */
  flush(): void;
  /** close flushes and stops flushing at process exit. */
  close(): void;
}

const open = new Set<() => void>();
let exitHook = false;

function flushAll(): void {
  for (const flush of open) flush();
}

/**
 * bufferedWriter returns a {@link WriteFunc} over a file descriptor that joins lines and writes
 * them with one `fs.writeSync` when `size` is reached, after `flushInterval` ms (an unref'd
 * timer), on `flush()`, and at process exit (the `'exit'` event, which also follows an uncaught
 * exception). Fewer system calls for busy loggers; lines still buffered when the process is
 * killed (SIGKILL) or crashes natively are lost, so flush before risky work. Lines are never
 * split or interleaved.
 */
export function bufferedWriter(fd: number, options: BufferedWriterOptions = {}): BufferedWriteFunc {
  const size = options.size ?? 4096;
  const interval = options.flushInterval ?? 100;
  const direct = fdWriter(fd);
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    const chunk = pending;
    pending = '';
    direct(chunk);
  };
  const write = (line: string): void => {
    pending += line;
    if (pending.length >= size) flush();
    else if (timer === undefined) {
      timer = setTimeout(flush, interval);
      timer.unref();
    }
  };
  const close = (): void => {
    flush();
    open.delete(flush);
  };
  open.add(flush);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', flushAll);
  }
  return Object.assign(write, { flush, close });
}
