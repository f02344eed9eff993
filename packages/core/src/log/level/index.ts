/**
 * @module @svckit/core/log/level
 *
 * Levelled logging (Go kit's `log/level`): `debug/info/warn/error(logger)` prepend a level,
 * {@link filter} lets through only allowed levels, {@link injector} gives level-less events a
 * default, {@link parse} reads a level name. Import as a namespace:
 * `import * as level from '@svckit/core/log/level'`.
 */
export { debug, error, info, warn } from './helpers.js';
export { filter } from './filter.js';
export type { Allow, FilterOptions } from './filter.js';
export { injector } from './injector.js';
export { parse, parseDefault } from './parse.js';
export { InvalidLevelError, NoLevelError, NotAllowedError } from './errors.js';
export { debugValue, errorValue, infoValue, isLevelValue, levelKey, warnValue } from './value.js';
export type { LevelName, LevelValue } from './value.js';
