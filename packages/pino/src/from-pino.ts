import type { Logger } from '@svckit/core/log';
import { isLevelValue, levelKey } from '@svckit/core/log/level';

/** PinoLogFn is a pino log method: a merging object, then an optional message. */
export type PinoLogFn = (obj: object, msg?: string) => void;

/** PinoLike is the part of a pino logger {@link fromPino} uses; any pino instance fits. */
export interface PinoLike {
  trace: PinoLogFn;
  debug: PinoLogFn;
  info: PinoLogFn;
  warn: PinoLogFn;
  error: PinoLogFn;
  fatal: PinoLogFn;
}

/** FromPinoOptions tunes {@link fromPino}. */
export interface FromPinoOptions {
  /** messageKey is the svckit key whose value becomes pino's message; default `msg`. */
  readonly messageKey?: string;
  /** defaultLevel is the pino method for events without a level; default `info`. */
  readonly defaultLevel?: keyof PinoLike;
}

const methods = new Set<string>(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * fromPino returns a svckit {@link Logger} that logs through a pino instance (as Go kit's
 * logrus and zap adapters do): the `level` value (a svckit level value, or a pino level name)
 * picks the pino method, the `msg` value becomes pino's message, other pairs form the merging
 * object, so pino's serializers (`err`), redaction, level and transports all apply. An odd
 * trailing key gets `(MISSING)`.
 */
export function fromPino(pino: PinoLike, options: FromPinoOptions = {}): Logger {
  const messageKey = options.messageKey ?? 'msg';
  const fallback = options.defaultLevel ?? 'info';
  return {
    log(...keyvals: unknown[]): void {
      let method: keyof PinoLike = fallback;
      let levelSeen = false;
      let msg: string | undefined;
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < keyvals.length; i += 2) {
        const k = keyvals[i];
        const key = typeof k === 'string' ? k : keyText(k);
        const v = i + 1 < keyvals.length ? keyvals[i + 1] : '(MISSING)';
        if (key === levelKey && !levelSeen) {
          const name = isLevelValue(v) ? v.name : typeof v === 'string' ? v.toLowerCase() : '';
          if (methods.has(name)) {
            method = name as keyof PinoLike;
            levelSeen = true;
            continue;
          }
        }
        if (key === messageKey && msg === undefined) {
          msg = typeof v === 'string' ? v : keyText(v);
          continue;
        }
        obj[key] = v;
      }
      try {
        if (msg === undefined) pino[method](obj);
        else pino[method](obj, msg);
      } catch {
        // A logger must not take its caller down.
      }
    },
  };
}

function keyText(k: unknown): string {
  try {
    return k instanceof Error ? k.message : String(k);
  } catch {
    return '[Unprintable]';
  }
}
