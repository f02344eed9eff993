import { writeSync } from 'node:fs';

/** WriteFunc receives one whole, newline-terminated log line. It must not throw. */
export type WriteFunc = (line: string) => void;

/** StreamLike is the part of a Node writable stream (or any sink) a log writer uses. */
export interface StreamLike {
  write(chunk: string): unknown;
  readonly destroyed?: boolean;
  readonly writableEnded?: boolean;
  on?(event: 'error', listener: (err: unknown) => void): unknown;
  listenerCount?(event: 'error'): number;
}

/**
 * WriterTarget is where a logger writes: a file descriptor number (written with
 * `fs.writeSync`, so each line is on disk or in the pipe when `log` returns), a Node writable
 * stream (or anything with `write(string)`), or a function receiving each line.
 */
export type WriterTarget = number | StreamLike | WriteFunc;

const maxRetries = 100;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * writer returns a {@link WriteFunc} for target (Go kit's `io.Writer`, with
 * `log.NewSyncWriter`'s guarantee: one line per write, never interleaved). Writing never
 * throws: a closed stream or a failed descriptor drops the line.
 *
 * - fd: `fs.writeSync`, finishing partial writes and retrying `EAGAIN` on non-blocking pipes
 *   (briefly, bounded) so no line is cut;
 * - stream: `stream.write(line)`, ignoring backpressure; a no-op `'error'` listener is added
 *   when the stream has none, so a broken destination cannot crash the process;
 * - function: called with the line, exceptions swallowed.
 */
export function writer(target: WriterTarget): WriteFunc {
  if (typeof target === 'number') return fdWriter(target);
  if (typeof target === 'function') {
    return (line) => {
      try {
        target(line);
      } catch {
        // A logger must not take its caller down.
      }
    };
  }
  if (typeof target.on === 'function' && (target.listenerCount?.('error') ?? 0) === 0) {
    target.on('error', () => {});
  }
  return (line) => {
    if (target.destroyed === true || target.writableEnded === true) return;
    try {
      target.write(line);
    } catch {
      // Dropped: the stream failed synchronously.
    }
  };
}

/** fdWriter writes each line with `fs.writeSync`, whole, never throwing. */
export function fdWriter(fd: number): WriteFunc {
  return (line) => {
    let written: number;
    try {
      written = writeSync(fd, line);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EAGAIN') return;
      written = 0;
    }
    // A write of at most PIPE_BUF (4096) bytes is all-or-nothing on pipes and whole on files;
    // 1024 UTF-16 units are at most 3072 bytes.
    if (written > 0 && line.length <= 1024) return;
    const buf = Buffer.from(line);
    let off = written;
    let retries = 0;
    while (off < buf.length && retries < maxRetries) {
      try {
        off += writeSync(fd, buf, off);
      } catch (err) {
        if ((err as { code?: string }).code !== 'EAGAIN') return;
        retries++;
        Atomics.wait(sleeper, 0, 0, 1);
      }
    }
  };
}
