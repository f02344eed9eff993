import { lookup, neverSignal, peek } from './context.js';
import type { Context, Node, Peekable } from './context.js';
import type { ContextKey } from './key.js';
import { CanceledError, DeadlineExceededError } from './errors.js';

/**
 * CancelFunc cancels its context (and every context derived from it) and releases the timer and
 * parent listener the context holds. Calling it more than once does nothing. Always call it when
 * the work is done, typically in a `finally` block, as with Go's `context.CancelFunc`.
 */
export type CancelFunc = (reason?: unknown) => void;

/** SignalSource is an AbortSignal, or a function giving one when it is first needed. */
export type SignalSource = AbortSignal | (() => AbortSignal);

/**
 * CancelNode is the one lazy derivation behind withCancel, withDeadline, withTimeout and
 * withSignal. Nothing is created until someone reads `signal`: then the AbortController, the
 * listeners on the parent and the extra signal, and the deadline timer (only for a deadline
 * of its own). Cancelled before that, it only records the reason; a later read returns a
 * signal already aborted with it. It is its own `abort` listener (`handleEvent`), so wiring
 * allocates no closures.
 */
class CancelNode implements Node, Peekable {
  // key, val and value live on the prototype: a node is a handful of fields until observed.
  declare readonly key: ContextKey<unknown> | undefined;
  declare readonly val: unknown;
  declare value: <T>(key: ContextKey<T>) => T | undefined;
  private controller: AbortController | undefined = undefined;
  private done = false;
  private reason: unknown = undefined;
  /** wiring is what an observed node holds: its listeners and timer. */
  private wiring: Wiring | undefined = undefined;

  constructor(
    readonly parent: Context,
    readonly deadline: number | undefined,
    private extra: SignalSource | undefined,
  ) {}

  get signal(): AbortSignal {
    return (this.controller ?? this.observe()).signal;
  }

  /** ownDeadline tells whether this node's deadline is earlier than its parent's. */
  private ownDeadline(): boolean {
    return this.deadline !== undefined && this.deadline !== this.parent.deadline;
  }

  private observe(): AbortController {
    const controller = (this.controller = new AbortController());
    if (this.done) {
      controller.abort(this.doneReason());
      return controller;
    }
    const parentSignal = this.parent.signal;
    if (parentSignal.aborted) {
      this.finish(parentSignal.reason);
      return controller;
    }
    const source = this.extra;
    const extra = typeof source === 'function' ? source() : source;
    if (extra?.aborted) {
      this.finish(extra.reason);
      return controller;
    }
    if (this.ownDeadline()) {
      const ms = (this.deadline as number) - Date.now();
      if (ms <= 0) {
        this.finish(new DeadlineExceededError());
        return controller;
      }
      // The timer keeps the process alive until the deadline, so code awaiting the signal is
      // never cut short; cancel releases it at once.
      this.arm(ms);
    }
    if (parentSignal !== neverSignal) {
      this.wire().parentSignal = parentSignal;
      parentSignal.addEventListener('abort', this, { once: true });
    }
    if (extra !== undefined) {
      this.wire().extraSignal = extra;
      extra.addEventListener('abort', this, { once: true });
    }
    return controller;
  }

  /**
   * arm sets the deadline timer. Node fires a delay over 2^31-1 ms (24.8 days) after 1 ms, so
   * a far deadline (a caller may send `connect-timeout-ms: 9999999999`) waits in steps.
   */
  private arm(ms: number): void {
    this.wire().timer = setTimeout(expire, Math.min(ms, maxTimerMs), this);
  }

  private wire(): Wiring {
    return (this.wiring ??= { parentSignal: undefined, extraSignal: undefined, timer: undefined });
  }

  /** expire is the deadline timer firing: the deadline passed, or the next step is due. */
  expire(): void {
    const left = (this.deadline as number) - Date.now();
    if (left > 0) this.arm(left);
    else this.cancel(new DeadlineExceededError());
  }

  /** handleEvent is the abort listener of the parent's and the extra signal. */
  handleEvent(event: Event): void {
    this.finish((event.target as AbortSignal).reason);
  }

  peek(): unknown {
    if (this.done) return this.doneReason();
    if (this.controller !== undefined) return undefined; // live: its listeners keep it right
    const why = this.pending();
    if (why !== undefined) {
      // Seen done is done: a later cancel keeps this reason.
      this.done = true;
      this.reason = why;
      this.extra = undefined;
    }
    return why;
  }

  /** pending is why an unobserved, uncancelled node is already over, or undefined. */
  private pending(): unknown {
    const inherited = peek(this.parent);
    if (inherited !== undefined) return inherited;
    const extra = this.extra;
    if (typeof extra === 'object' && extra.aborted) return extra.reason;
    if (this.ownDeadline() && (this.deadline as number) <= Date.now()) {
      return new DeadlineExceededError();
    }
    return undefined;
  }

  cancel(reason: unknown): void {
    if (this.done) return;
    if (this.controller === undefined) {
      // Nobody observed the signal: record why it ended. A parent already done came first, as
      // in Go (a deadline that passed unobserved is not looked for: reading the clock on
      // every cancel would cost more than the rest). A plain cancel's CanceledError is made
      // only if someone asks: an error costs microseconds.
      this.reason = peek(this.parent) ?? reason;
      this.done = true;
      this.extra = undefined;
      return;
    }
    this.finish(reason === undefined ? new CanceledError() : reason);
  }

  /** doneReason is why a done node ended, a CanceledError when it was cancelled plainly. */
  private doneReason(): unknown {
    return (this.reason ??= new CanceledError());
  }

  /** finish ends an observed node: listeners off, timer cleared, signal aborted. */
  private finish(reason: unknown): void {
    if (this.done && this.controller?.signal.aborted) return;
    this.done = true;
    this.reason = reason;
    this.extra = undefined;
    const wiring = this.wiring;
    if (wiring !== undefined) {
      this.wiring = undefined;
      wiring.parentSignal?.removeEventListener('abort', this);
      wiring.extraSignal?.removeEventListener('abort', this);
      if (wiring.timer !== undefined) clearTimeout(wiring.timer);
    }
    this.controller?.abort(reason);
  }
}
Object.assign(CancelNode.prototype, { key: undefined, val: undefined, value: lookup });

/** Wiring is an observed node's listeners and deadline timer. */
interface Wiring {
  parentSignal: AbortSignal | undefined;
  extraSignal: AbortSignal | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** maxTimerMs is the longest delay setTimeout honours. */
const maxTimerMs = 2 ** 31 - 1;

function expire(node: CancelNode): void {
  node.expire();
}

function derive(
  parent: Context,
  deadline: number | undefined,
  extra: SignalSource | undefined,
): [Context, CancelFunc] {
  const node = new CancelNode(parent, deadline, extra);
  return [node, (reason?: unknown) => node.cancel(reason)];
}

/**
 * withCancel returns a child of parent with its own cancel function. Cancelling the parent
 * cancels the child with the parent's reason; cancelling the child leaves the parent alone.
 */
export function withCancel(parent: Context): [Context, CancelFunc] {
  return derive(parent, parent.deadline, undefined);
}

/**
 * withDeadline returns a child of parent that is cancelled with a {@link DeadlineExceededError}
 * at `deadline` (ms since the epoch, or a Date). The child's deadline never exceeds the
 * parent's: asking for a later one keeps the parent's.
 */
export function withDeadline(parent: Context, deadline: number | Date): [Context, CancelFunc] {
  const at = typeof deadline === 'number' ? deadline : deadline.getTime();
  const inherited = parent.deadline;
  return derive(parent, inherited === undefined || at < inherited ? at : inherited, undefined);
}

/** withTimeout is `withDeadline(parent, Date.now() + ms)`. */
export function withTimeout(parent: Context, ms: number): [Context, CancelFunc] {
  return withDeadline(parent, Date.now() + ms);
}

/**
 * withSignal returns a child of parent that is also cancelled when `signal` aborts (with the
 * signal's reason). `signal` may be a function returning the signal, called only when the
 * child's signal is first read: a transport ties a request's context to its connection this
 * way without creating anything for requests whose endpoint never looks.
 */
export function withSignal(parent: Context, signal: SignalSource): [Context, CancelFunc] {
  return derive(parent, parent.deadline, signal);
}
