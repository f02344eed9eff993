/**
 * NotAllowedError is handed to a filter's `onReject` for an event whose level the filter does
 * not allow (Go kit's `level.ErrNotAllowed` option).
 */
export class NotAllowedError extends Error {
  override readonly name = 'NotAllowedError';
  /** level is the rejected level's name. */
  readonly level: string;
  constructor(level: string) {
    super(`log level ${level} not allowed`);
    this.level = level;
  }
}

/**
 * NoLevelError is handed to a filter's `onReject` for an event without a level when the filter
 * squelches those (Go kit's `level.ErrNoLevel` option).
 */
export class NoLevelError extends Error {
  override readonly name = 'NoLevelError';
  constructor() {
    super('log event has no level');
  }
}

/**
 * InvalidLevelError is thrown by `parse` for a name that is not a level (Go kit's
 * `level.ErrInvalidLevelString`).
 */
export class InvalidLevelError extends Error {
  override readonly name = 'InvalidLevelError';
  /** input is the text that failed to parse. */
  readonly input: string;
  constructor(input: string) {
    super(`invalid level ${JSON.stringify(input)}: want debug, info, warn or error`);
    this.input = input;
  }
}
