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

/** Internal shape of every context node: a singly linked list towards the background. */
interface Node extends Context {
  readonly parent: Context | undefined;
  readonly key: ContextKey<unknown> | undefined;
  readonly val: unknown;
}

function lookup<T>(this: Node, key: ContextKey<T>): T | undefined {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the parent chain
  let node: Context = this;
  for (;;) {
    // A context that is not one of these nodes (a transport's request context, a caller's own
    // implementation of Context) answers for itself and its ancestors.
    if (node.value !== lookup) return node.value(key);
    const n = node as Node;
    if (n.key === key) return n.val as T;
    if (n.parent === undefined) return key.defaultValue;
    node = n.parent;
  }
}

/** A signal that never aborts, shared by the background context. */
const neverSignal: AbortSignal = new AbortController().signal;

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
 * withValue returns a child of parent that carries value under key. Lookups walk the chain, so
 * keep the number of values per request small (a handful, as with Go contexts).
 */
export function withValue<T>(parent: Context, key: ContextKey<T>, value: T): Context {
  return node(parent, key, value, parent.signal, parent.deadline);
}

/** node builds a context node; shared by withValue and the cancellation functions. */
export function node(
  parent: Context,
  key: ContextKey<unknown> | undefined,
  val: unknown,
  signal: AbortSignal,
  deadline: number | undefined,
): Context {
  const child: Node = { parent, key, val, signal, deadline, value: lookup };
  return child;
}

/** isNeverCancelled reports whether signal can never abort (the background's signal). */
export function isNeverCancelled(signal: AbortSignal): boolean {
  return signal === neverSignal;
}

/**
 * remaining returns the milliseconds left until ctx's deadline (possibly negative), or
 * `Infinity` when it has none. Transports use it to propagate deadlines to the next hop.
 */
export function remaining(ctx: Context, now: number = Date.now()): number {
  return ctx.deadline === undefined ? Infinity : ctx.deadline - now;
}

/**
 * contextError returns why ctx is done (its signal's reason), or undefined while it is live.
 * Equivalent to Go's `ctx.Err()`.
 */
export function contextError(ctx: Context): unknown {
  return ctx.signal.aborted ? ctx.signal.reason : undefined;
}
