/**
 * ContextKey identifies a typed value stored in a {@link Context}. Keys compare by identity, so
 * two packages can never collide even when they pick the same name; the type parameter makes
 * `ctx.value(key)` return the right type without a cast.
 */
export interface ContextKey<T> {
  /** name is used only for debugging and error messages. */
  readonly name: string;
  /** defaultValue is returned by `ctx.value(key)` when no context in the chain holds the key. */
  readonly defaultValue: T | undefined;
  /** Phantom field carrying T; never set at run time. */
  readonly __type?: T;
}

/**
 * createKey makes a new {@link ContextKey}. Create keys once, at module level, and export them
 * (or accessor functions) from the package that owns the value.
 *
 * @example
 * const requestIdKey = createKey<string>('requestId');
 * const ctx = withValue(background(), requestIdKey, 'abc');
 * ctx.value(requestIdKey); // 'abc', typed string | undefined
 */
export function createKey<T>(name: string, defaultValue?: T): ContextKey<T> {
  return Object.freeze({ name, defaultValue });
}
