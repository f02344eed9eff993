import type { ContextKey } from './key.js';

/**
 * Context carries cancellation, a deadline and request-scoped values across API boundaries,
 * explicitly, as the first argument of every endpoint (Go's `context.Context`). Contexts are
 * immutable: every `with*` function returns a new child and leaves the parent untouched.
 *
 * - `signal` aborts when the context is cancelled or its deadline passes; its `reason` is a
 *   {@link CanceledError} or {@link DeadlineExceededError} (or the parent's reason). Pass it to
 *   `fetch`, timers, streams and database drivers so they stop work.
 * - `deadline` is the absolute time (ms since the epoch) by which work should be done, or
 *   `undefined`; transports propagate the remaining time to the next hop.
 * - `value(key)` returns the value stored under a typed key, looking up the chain of parents.
 */
export interface Context {
  /** signal aborts when this context is cancelled or its deadline passes. */
  readonly signal: AbortSignal;
  /** deadline is the absolute deadline in ms since the epoch, or undefined for none. */
  readonly deadline: number | undefined;
  /** value returns the value stored under key in this context or its parents. */
  value<T>(key: ContextKey<T>): T | undefined;
}

/**
 * Node is the shape lookups walk: every context made here is one (a value node, a cancel
 * node or the background). Internal to this folder.
 */
export interface Node extends Context {
  readonly parent: Context | undefined;
  readonly key: ContextKey<unknown> | undefined;
  readonly val: unknown;
}

/** lookup is the `value` method of every node: it walks the chain of parents. */
export function lookup<T>(this: Node, key: ContextKey<T>): T | undefined {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the parent chain
  let node: Context = this;
  for (;;) {
    // A context that is not one of these nodes (a caller's own implementation of Context)
    // answers for itself and its ancestors.
    if (node.value !== lookup) return node.value(key);
    const n = node as Node;
    if (n.key === key) return n.val as T;
    if (n.parent === undefined) return key.defaultValue;
    node = n.parent;
  }
}

/** A signal that never aborts, shared by the background context. */
export const neverSignal: AbortSignal = new AbortController().signal;

const root: Node = Object.freeze({
  parent: undefined,
  key: undefined,
  val: undefined,
  signal: neverSignal,
  deadline: undefined,
  value: lookup,
});

/**
 * background returns the root context: never cancelled, no deadline, no values. Servers derive
 * one context per request from it; tests and `main` functions start from it.
 */
export function background(): Context {
  return root;
}

/**
 * ValueNode is a context holding one value. Its signal is its nearest cancellable ancestor's
 * (`source`), read only when someone asks: adding a value never creates a signal.
 */
class ValueNode implements Node {
  declare value: <T>(key: ContextKey<T>) => T | undefined;
  constructor(
    readonly parent: Context,
    readonly key: ContextKey<unknown>,
    readonly val: unknown,
    readonly deadline: number | undefined,
    readonly source: Context,
  ) {}
  get signal(): AbortSignal {
    return this.source.signal;
  }
}
ValueNode.prototype.value = lookup;

/**
 * withValue returns a child of parent that carries value under key. Lookups walk the chain, so
 * keep the number of values per request small (a handful, as with Go contexts).
 */
export function withValue<T>(parent: Context, key: ContextKey<T>, value: T): Context {
  const source = parent instanceof ValueNode ? parent.source : parent;
  return new ValueNode(parent, key as ContextKey<unknown>, value, parent.deadline, source);
}

/**
 * Peekable is a context that can tell whether it is done without creating its signal (a
 * cancel node). Internal to this folder.
 */
export interface Peekable {
  /** peek returns why the context is done, or undefined, creating nothing. */
  peek(): unknown;
}

/** peek returns why any context is done, or undefined, creating no signal of ours. */
export function peek(ctx: Context): unknown {
  if (ctx === root) return undefined;
  if (ctx instanceof ValueNode) return peek(ctx.source);
  if (typeof (ctx as Partial<Peekable>).peek === 'function')
    return (ctx as unknown as Peekable).peek();
  const signal = ctx.signal;
  return signal.aborted ? (signal.reason as unknown) : undefined;
}

/**
 * isCancelable reports whether ctx can ever be cancelled, without creating its signal: false
 * for the background and contexts that only add values to it. Transports use it to skip
 * wiring a signal that can never abort.
 */
export function isCancelable(ctx: Context): boolean {
  if (ctx === root) return false;
  if (ctx instanceof ValueNode) return isCancelable(ctx.source);
  if (typeof (ctx as Partial<Peekable>).peek === 'function') return true;
  return ctx.signal !== neverSignal;
}

/**
 * remaining returns the milliseconds left until ctx's deadline (possibly negative), or
 * `Infinity` when it has none. Transports use it to propagate deadlines to the next hop.
 */
export function remaining(ctx: Context, now: number = Date.now()): number {
  return ctx.deadline === undefined ? Infinity : ctx.deadline - now;
}

/**
 * contextError returns why ctx is done (its signal's reason: cancelled, or the deadline
 * passed), or undefined while it is live. Equivalent to Go's `ctx.Err()`. It creates no
 * signal for a context nobody observed yet.
 */
export function contextError(ctx: Context): unknown {
  return peek(ctx);
}
