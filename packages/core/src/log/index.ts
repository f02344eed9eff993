/**
 * @module @svckit/core/log
 *
 * Structured, levelled, contextual logging (go-kit/log). This entry point holds the
 * {@link Logger} interface; encoders, levels and helpers live beside it.
 */
export type { Logger } from './logger.js';
