import { isNop } from './capabilities.js';
import type { Logger } from './logger.js';

/**
 * nopLogger discards every event (Go kit's `log.NewNopLogger`). Contexts built on it are
 * nopLogger too, so a disabled logger costs one empty call.
 */
export const nopLogger: Logger = Object.freeze({
  log(): void {},
  [isNop]: true,
});
