import { gateOf } from '../capabilities.js';
import type { GateDecision } from '../capabilities.js';
import type { Logger } from '../logger.js';
import { isLevelValue, levelKey } from './value.js';
import type { LevelValue } from './value.js';

/**
 * injector returns a logger that prepends `level=<defaultLevel>` to events that carry no level
 * value and forwards the others unchanged (Go kit's `level.NewInjector`).
 */
export function injector(next: Logger, defaultLevel: LevelValue): Logger {
  const decide = (prefix: readonly unknown[]): GateDecision => {
    for (let i = 1; i < prefix.length; i += 2) {
      const v = prefix[i];
      if (typeof v === 'function') return 'dynamic';
      if (isLevelValue(v)) return 'pass';
    }
    return 'dynamic';
  };
  return {
    log(...keyvals: unknown[]): void {
      for (let i = 1; i < keyvals.length; i += 2) {
        if (isLevelValue(keyvals[i])) {
          next.log(...keyvals);
          return;
        }
      }
      next.log(levelKey, defaultLevel, ...keyvals);
    },
    [gateOf]: { next, decide },
  } as Logger;
}
