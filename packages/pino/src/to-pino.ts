import type { Logger, WriterTarget } from '@svckit/core/log';
import { jsonPair, jsonValue, writer } from '@svckit/core/log';
import { isLevelValue, levelKey } from '@svckit/core/log/level';

/** pinoLevels maps level names to pino's numbers (`pino.levels.values`). */
export const pinoLevels: Readonly<Record<string, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
});

/** ToPinoOptions tunes {@link toPino}. */
export interface ToPinoOptions {
  /** defaultLevel is the pino level of events without a level; default `info`. */
  readonly defaultLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** messageKey is the svckit key written as pino's `msg`; default `msg`. */
  readonly messageKey?: string;
  /** time adds pino's `time` (epoch ms) to each line; default true. */
  readonly time?: boolean;
}

/**
 * toPino returns a svckit {@link Logger} writing each event as one line in pino's JSON format
 * (`{"level":30,"time":<epoch ms>,...pairs,"msg":...}`) to destination: a
 * `pino.destination(...)`, a `pino.transport(...)` (so pino-pretty, pino-loki, file rotation
 * and every other pino transport receive svckit events), or any stream or fd `writer` takes.
 * The level value becomes pino's numeric level; values are encoded as svckit's JSON logger does.
 */
export function toPino(destination: WriterTarget, options: ToPinoOptions = {}): Logger {
  const write = writer(destination);
  const fallback = pinoLevels[options.defaultLevel ?? 'info'] ?? 30;
  const messageKey = options.messageKey ?? 'msg';
  const time = options.time ?? true;
  return {
    log(...keyvals: unknown[]): void {
      let level = fallback;
      let levelSeen = false;
      let body = '';
      const n = keyvals.length;
      for (let i = 0; i < n; i += 2) {
        const k = keyvals[i];
        const v = i + 1 < n ? keyvals[i + 1] : '(MISSING)';
        if (k === levelKey && !levelSeen) {
          const num = pinoLevels[isLevelValue(v) ? v.name : String(v)];
          if (num !== undefined) {
            level = num;
            levelSeen = true;
            continue;
          }
        }
        body += ',' + (k === messageKey ? '"msg":' + jsonValue(v) : jsonPair(k, v));
      }
      write('{"level":' + level + (time ? ',"time":' + Date.now() : '') + body + '}\n');
    },
  };
}
