import { gateOf } from '../capabilities.js';
import type { GateDecision } from '../capabilities.js';
import type { Logger } from '../logger.js';
import { NoLevelError, NotAllowedError } from './errors.js';
import { isLevelValue } from './value.js';
import type { LevelValue } from './value.js';

/**
 * Allow names what a filter lets through: `'debug'` (all four levels), `'info'` (info and up),
 * `'warn'`, `'error'`, `'none'` or `'all'` (Go kit's `AllowDebug` ... `AllowAll`), or a
 * {@link LevelValue} meaning that level and up (Go kit's `level.Allow`).
 */
export type Allow = 'all' | 'debug' | 'info' | 'warn' | 'error' | 'none' | LevelValue;

/** FilterOptions configures {@link filter}. */
export interface FilterOptions {
  /** allow is what passes; required, as Go kit's filter lets nothing through by default. */
  readonly allow: Allow;
  /** squelchNoLevel drops events that carry no level value (Go kit's `SquelchNoLevel`). */
  readonly squelchNoLevel?: boolean;
  /**
   * onReject is called with a {@link NotAllowedError} or {@link NoLevelError} and the event for
   * each dropped event (Go kit's `ErrNotAllowed`/`ErrNoLevel`, whose errors `Log` returns).
   */
  readonly onReject?: (err: NotAllowedError | NoLevelError, keyvals: readonly unknown[]) => void;
}

const masks: Record<Exclude<Allow, LevelValue>, number> = {
  all: 15,
  debug: 15,
  info: 14,
  warn: 12,
  error: 8,
  none: 0,
};

/** allowMask returns the bit set of levels allow lets through. */
function allowMask(allow: Allow): number {
  if (typeof allow === 'string') {
    const m = masks[allow];
    if (m === undefined)
      throw new TypeError(`level filter: unknown allow ${JSON.stringify(allow)}`);
    return m;
  }
  return 15 & ~(allow.rank - 1);
}

/**
 * filter returns a logger that forwards to next only the events whose first level value is
 * allowed (Go kit's `level.NewFilter`). Events without a level pass unless `squelchNoLevel`.
 * Rejected events are never encoded; contexts whose prefix fixes a rejected level (such as
 * `level.debug(filtered)`) cost one empty call.
 */
export function filter(next: Logger, options: FilterOptions): Logger {
  const mask = allowMask(options.allow);
  const squelch = options.squelchNoLevel === true;
  const onReject = options.onReject;
  const decide = (prefix: readonly unknown[]): GateDecision => {
    for (let i = 1; i < prefix.length; i += 2) {
      const v = prefix[i];
      if (typeof v === 'function') return 'dynamic';
      if (isLevelValue(v)) {
        if ((v.rank & mask) !== 0) return 'pass';
        return onReject === undefined ? 'reject' : 'dynamic';
      }
    }
    return 'dynamic';
  };
  return {
    log(...keyvals: unknown[]): void {
      let found: LevelValue | undefined;
      for (let i = 1; i < keyvals.length; i += 2) {
        const v = keyvals[i];
        if (isLevelValue(v)) {
          found = v;
          break;
        }
      }
      if (found === undefined) {
        if (squelch) {
          onReject?.(new NoLevelError(), keyvals);
          return;
        }
      } else if ((found.rank & mask) === 0) {
        onReject?.(new NotAllowedError(found.name), keyvals);
        return;
      }
      next.log(...keyvals);
    },
    [gateOf]: { next, decide },
  } as Logger;
}
