/**
 * @module @svckit/pino
 *
 * pino in both directions: {@link fromPino} makes a svckit `Logger` that logs through a pino
 * instance, and {@link toPino} writes svckit events as pino JSON lines to a pino destination
 * or transport.
 */
export { fromPino } from './from-pino.js';
export type { FromPinoOptions, PinoLike, PinoLogFn } from './from-pino.js';
export { pinoLevels, toPino } from './to-pino.js';
export type { ToPinoOptions } from './to-pino.js';
