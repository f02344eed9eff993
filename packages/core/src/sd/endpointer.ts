import type { Endpoint } from '../endpoint/index.js';
import type { Logger } from '../log/index.js';
import type { Event, Instancer, Observer } from './event.js';

/**
 * Factory turns one instance (`host:port`) into an endpoint that calls it, plus an optional
 * `close` that releases what the endpoint holds (connections, pools). It may throw when the
 * instance is unusable; the Endpointer then logs and skips that instance (Go kit's
 * `sd.Factory`).
 */
export type Factory<Req = unknown, Res = unknown> = (instance: string) => {
  endpoint: Endpoint<Req, Res>;
  close?: () => void | Promise<void>;
};

/**
 * Endpointer gives the current endpoints of a service (Go kit's `sd.Endpointer`). `endpoints`
 * is called on every request by a balancer, so it returns a cached array (do not mutate it)
 * and throws only when discovery failed long enough to invalidate the endpoints.
 */
export interface Endpointer<Req = unknown, Res = unknown> {
  /** endpoints returns the current endpoints (sorted by instance); it may throw a discovery error. */
  endpoints(): readonly Endpoint<Req, Res>[];
}

/** EndpointerOptions configures {@link createEndpointer}; all fields are optional. */
export interface EndpointerOptions {
  /** logger receives factory errors (`instance`, `err`), discovery errors and close errors. */
  logger?: Logger;
  /**
   * invalidateOnErrorMs, when set, bounds how long the last good endpoints outlive a discovery
   * error (Go kit's `InvalidateOnError(timeout)`): that many ms after the first error event, all
   * endpoints are closed and `endpoints()` throws that error until a good event arrives.
   * Unset (the default), error events are logged and the last good endpoints are kept.
   */
  invalidateOnErrorMs?: number;
  /**
   * now is the clock `invalidateOnErrorMs` is measured on, in ms. Default `Date.now`. Reading
   * `endpoints()` past the timeout on this clock invalidates even before the timer fires.
   */
  now?: () => number;
}

/** ClosableEndpointer is an {@link Endpointer} that owns its endpoints and can be closed. */
export interface ClosableEndpointer<Req = unknown, Res = unknown> extends Endpointer<Req, Res> {
  /** close deregisters from the instancer and closes every endpoint it built. */
  close(): void;
}

interface Entry<Req, Res> {
  readonly endpoint: Endpoint<Req, Res>;
  readonly close: (() => void | Promise<void>) | undefined;
}

/**
 * createEndpointer subscribes to an {@link Instancer} and keeps one endpoint per instance
 * (Go kit's `sd.NewEndpointer`): on each good event it builds endpoints only for new instances,
 * keeps the survivors and closes the removed ones; the array `endpoints()` returns is rebuilt
 * only then, so the per-request path is a field read.
 *
 * @example
 * const endpointer = createEndpointer(instancer, (instance) => ({
 *   endpoint: httpClient(`http://${instance}/uppercase`),
 * }), { logger, invalidateOnErrorMs: 30_000 });
 * const balancer = roundRobin(endpointer);
 */
export function createEndpointer<Req = unknown, Res = unknown>(
  instancer: Instancer,
  factory: Factory<Req, Res>,
  options: EndpointerOptions = {},
): ClosableEndpointer<Req, Res> {
  const logger = options.logger;
  const now = options.now ?? Date.now;
  const invalidateMs = options.invalidateOnErrorMs;
  if (invalidateMs !== undefined && !(invalidateMs >= 0)) {
    throw new RangeError(`invalidateOnErrorMs must be a number >= 0, got ${invalidateMs}`);
  }
  let cache = new Map<string, Entry<Req, Res>>();
  let current: readonly Endpoint<Req, Res>[] = Object.freeze([]);
  let error: Error | undefined;
  let invalidateAt = 0;
  let invalidated = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const closeEntry = (instance: string, entry: Entry<Req, Res>): void => {
    if (entry.close === undefined) return;
    try {
      const done = entry.close();
      if (done !== undefined) {
        done.catch((err: unknown) => logger?.log('instance', instance, 'err', err));
      }
    } catch (err) {
      logger?.log('instance', instance, 'err', err);
    }
  };

  const rebuild = (instances: readonly string[]): void => {
    const next = new Map<string, Entry<Req, Res>>();
    let changed = false;
    for (const instance of [...instances].sort()) {
      if (next.has(instance)) continue; // a duplicate in the list
      const existing = cache.get(instance);
      if (existing !== undefined) {
        next.set(instance, existing);
        cache.delete(instance);
        continue;
      }
      try {
        const made = factory(instance);
        next.set(instance, { endpoint: made.endpoint, close: made.close });
        changed = true;
      } catch (err) {
        logger?.log('instance', instance, 'err', err);
      }
    }
    for (const [instance, entry] of cache) {
      changed = true;
      closeEntry(instance, entry);
    }
    cache = next;
    // Same set (sorted, so same order): keep the array, so balancers' caches stay valid.
    if (changed) current = Object.freeze(Array.from(next.values(), (e) => e.endpoint));
  };

  const clearTimer = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const invalidate = (): void => {
    clearTimer();
    if (invalidated || error === undefined) return;
    invalidated = true;
    rebuild([]);
  };

  const observer: Observer = (event: Event) => {
    if (closed) return;
    if (event.error === undefined) {
      clearTimer();
      error = undefined;
      invalidated = false;
      rebuild(event.instances);
      return;
    }
    logger?.log('err', event.error);
    if (invalidateMs === undefined || error !== undefined) return; // keep the first error
    error = event.error;
    invalidateAt = now() + invalidateMs;
    timer = setTimeout(invalidate, invalidateMs);
    timer.unref?.();
  };

  instancer.register(observer);

  return {
    endpoints() {
      if (error === undefined) return current;
      if (!invalidated && now() < invalidateAt) return current;
      invalidate();
      throw error;
    },
    close() {
      if (closed) return;
      instancer.deregister(observer);
      closed = true;
      clearTimer();
      rebuild([]);
    },
  };
}
