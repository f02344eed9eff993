import { encoderOf } from './capabilities.js';
import type { Encoder } from './capabilities.js';
import type { Logger } from './logger.js';
import { missingValue } from './missing.js';

/**
 * encodingLogger returns the {@link Logger} for one {@link Encoder}: it encodes the call's
 * pairs into one line and writes it once. Contexts built on it pre-encode their static pairs.
 */
export function encodingLogger(enc: Encoder): Logger {
  const { open, sep, close, pair, write } = enc;
  return {
    log(...keyvals: unknown[]): void {
      const n = keyvals.length;
      let line = open;
      for (let i = 0; i < n; i += 2) {
        if (i > 0) line += sep;
        line += pair(keyvals[i], i + 1 < n ? keyvals[i + 1] : missingValue);
      }
      write(line + close);
    },
    [encoderOf]: enc,
  } as Logger;
}
