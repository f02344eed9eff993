import { contextError, isCancelable } from '../context/index.js';
import type { Context } from '../context/index.js';
import { ServiceError } from '../errors/index.js';
import { stackless } from '../internal/stackless.js';

/** BulkheadOptions configure {@link createBulkhead}. */
export interface BulkheadOptions {
  /** maxConcurrent is how many calls may run at once. Default 10 (Hystrix's default). */
  readonly maxConcurrent?: number;
  /** maxQueue is how many calls may wait for a slot; beyond it calls are rejected. Default 0. */
  readonly maxQueue?: number;
  /** queueTimeoutMs bounds the wait in the queue; unset, a call waits as long as its context. */
  readonly queueTimeoutMs?: number;
}

const rejectedOptions = Object.freeze({ reason: 'BULKHEAD_REJECTED' });

/** BulkheadRejection says why a bulkhead rejected a call. */
export type BulkheadRejection = 'full' | 'queue-timeout';

/**
 * BulkheadRejectedError is the rejection of a call that found every slot busy and the queue
 * full ("bulkhead full"), or waited in the queue past `queueTimeoutMs` ("bulkhead queue
 * timeout"; `kind` tells which). Code `unavailable` (HTTP 503), reason `BULKHEAD_REJECTED`.
 */
export class BulkheadRejectedError extends ServiceError {
  override readonly name = 'BulkheadRejectedError';
  /** kind is why the call was rejected. */
  readonly kind: BulkheadRejection;
  constructor(kind: BulkheadRejection = 'full', options?: ErrorOptions) {
    super(
      'unavailable',
      kind === 'full' ? 'bulkhead full' : 'bulkhead queue timeout',
      options?.cause === undefined ? rejectedOptions : { ...rejectedOptions, cause: options.cause },
    );
    this.kind = kind;
  }
}

/**
 * Bulkhead bounds concurrency: `maxConcurrent` slots and a FIFO queue of at most `maxQueue`
 * waiting calls. Use it through {@link bulkhead}, or take and give back slots yourself.
 */
export interface Bulkhead {
  /** maxConcurrent is the number of slots. */
  readonly maxConcurrent: number;
  /** maxQueue is the queue bound. */
  readonly maxQueue: number;
  /** active is the number of slots taken now (for a gauge). */
  readonly active: number;
  /** queued is the number of calls waiting now (for a gauge). */
  readonly queued: number;
  /** tryAcquire takes a free slot at once and reports whether it did; it never queues. */
  tryAcquire(): boolean;
  /**
   * acquire takes a slot, waiting in the queue if none is free. It rejects with
   * {@link BulkheadRejectedError} when the queue is full or the queue timeout passes, and with
   * the context's error (leaving the queue) when ctx ends first.
   */
  acquire(ctx: Context): Promise<void>;
  /** release gives a slot back; the oldest queued call gets it. Call once per acquired slot. */
  release(): void;
}

function full(): BulkheadRejectedError {
  return new BulkheadRejectedError('full');
}

interface Waiting {
  prev: Waiting | undefined;
  next: Waiting | undefined;
  resolve: () => void;
  leave: () => void;
}

/** createBulkhead returns a {@link Bulkhead} (no timers unless a queued call has a timeout). */
export function createBulkhead(options: BulkheadOptions = {}): Bulkhead {
  const maxConcurrent = options.maxConcurrent ?? 10;
  const maxQueue = options.maxQueue ?? 0;
  const queueTimeoutMs = options.queueTimeoutMs;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`bulkhead: maxConcurrent must be an integer >= 1, got ${maxConcurrent}`);
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new RangeError(`bulkhead: maxQueue must be an integer >= 0, got ${maxQueue}`);
  }
  if (queueTimeoutMs !== undefined && !(queueTimeoutMs >= 0)) {
    throw new RangeError(`bulkhead: queueTimeoutMs must be >= 0, got ${queueTimeoutMs}`);
  }
  let active = 0;
  let queued = 0;
  let head: Waiting | undefined;
  let tail: Waiting | undefined;

  const unlink = (w: Waiting): void => {
    if (w.prev === undefined) head = w.next;
    else w.prev.next = w.next;
    if (w.next === undefined) tail = w.prev;
    else w.next.prev = w.prev;
    w.prev = w.next = undefined;
    queued--;
  };

  return {
    maxConcurrent,
    maxQueue,
    get active() {
      return active;
    },
    get queued() {
      return queued;
    },
    tryAcquire() {
      if (active >= maxConcurrent || queued > 0) return false;
      active++;
      return true;
    },
    acquire(ctx) {
      const done = contextError(ctx);
      if (done !== undefined) return Promise.reject(done);
      if (active < maxConcurrent && queued === 0) {
        active++;
        return Promise.resolve();
      }
      if (queued >= maxQueue) return Promise.reject(stackless(full));
      return new Promise<void>((resolve, reject) => {
        // Only a context that can be cancelled is watched (reading its signal creates it).
        const signal = isCancelable(ctx) ? ctx.signal : undefined;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = (): void => {
          w.leave();
          reject(signal?.reason);
        };
        const w: Waiting = {
          prev: tail,
          next: undefined,
          resolve,
          leave() {
            unlink(w);
            if (timer !== undefined) clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          },
        };
        if (tail === undefined) head = w;
        else tail.next = w;
        tail = w;
        queued++;
        signal?.addEventListener('abort', onAbort, { once: true });
        if (queueTimeoutMs !== undefined) {
          timer = setTimeout(() => {
            w.leave();
            reject(new BulkheadRejectedError('queue-timeout'));
          }, queueTimeoutMs);
        }
      });
    },
    release() {
      const first = head;
      if (first !== undefined) {
        // Hand the slot straight to the oldest waiter: `active` stays the same.
        first.leave();
        first.resolve();
      } else if (active > 0) {
        active--;
      }
    },
  };
}
