/**
 * missingValue is the value given to an odd trailing key (Go kit's `log.ErrMissingValue`):
 * `logger.log('k')` logs `k=(MISSING)`.
 */
export const missingValue = '(MISSING)';
