/** LevelName is the name of one of the four levels. */
export type LevelName = 'debug' | 'info' | 'warn' | 'error';

const brand = Symbol.for('svckit.log.level');

/**
 * LevelValue is the value logged under {@link levelKey} by the level helpers (Go kit's
 * `level.Value`). Encoders write it as its name; filters and injectors recognise it (a plain
 * string `'info'` is not a level to them, as in Go kit).
 */
export interface LevelValue {
  readonly name: LevelName;
  /** rank orders levels: debug 1, info 2, warn 4, error 8 (a bit each, for filters). */
  readonly rank: 1 | 2 | 4 | 8;
  toString(): string;
  toJSON(): string;
}

function value(name: LevelName, rank: LevelValue['rank']): LevelValue {
  return Object.freeze({
    name,
    rank,
    toString: () => name,
    toJSON: () => name,
    [brand]: true,
  });
}

/** levelKey is the key level values are logged under, `level` (Go kit's `level.Key()`). */
export const levelKey = 'level';

/** debugValue is the debug {@link LevelValue} (Go kit's `level.DebugValue()`). */
export const debugValue: LevelValue = value('debug', 1);
/** infoValue is the info {@link LevelValue} (Go kit's `level.InfoValue()`). */
export const infoValue: LevelValue = value('info', 2);
/** warnValue is the warn {@link LevelValue} (Go kit's `level.WarnValue()`). */
export const warnValue: LevelValue = value('warn', 4);
/** errorValue is the error {@link LevelValue} (Go kit's `level.ErrorValue()`). */
export const errorValue: LevelValue = value('error', 8);

/** isLevelValue tells whether v is one of the four {@link LevelValue}s. */
export function isLevelValue(v: unknown): v is LevelValue {
  return typeof v === 'object' && v !== null && (v as { [brand]?: boolean })[brand] === true;
}

/**
 * firstLevel returns the first level value among the values of keyvals (odd positions), as
 * filters and injectors read it; `undefined` when there is none.
 */
export function firstLevel(keyvals: readonly unknown[]): LevelValue | undefined {
  for (let i = 1; i < keyvals.length; i += 2) {
    const v = keyvals[i];
    if (isLevelValue(v)) return v;
  }
  return undefined;
}
