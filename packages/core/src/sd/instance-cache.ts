import type { Logger } from '../log/index.js';
import type { Event, Instancer, Observer } from './event.js';

/**
 * InstanceCache is the state and broadcaster every instancer is built on (Go kit's
 * `sd/internal/instance.Cache`): it holds the last {@link Event}, sorts instances, drops updates
 * identical to the current state, and fans events out to registered observers.
 */
export interface InstanceCache extends Instancer {
  /** update publishes a new state unless it equals the current one; it reports whether it did. */
  update(update: { instances?: readonly string[]; error?: Error | undefined }): boolean;
  /** state returns the current event (initially no instances and no error). */
  state(): Event;
}

/** InstanceCacheOptions configures {@link createInstanceCache}. */
export interface InstanceCacheOptions {
  /** logger receives errors thrown by observers (`err`); they are otherwise ignored. */
  logger?: Logger;
}

/**
 * createInstanceCache returns an empty {@link InstanceCache}. An instancer calls `update` with
 * what its backend reports and exposes the cache's `register`/`deregister`; its own `stop`
 * should stop the backend watch and then call the cache's `stop`, which drops every observer.
 *
 * Error events carry no instances; two errors are identical when their name and message are.
 */
export function createInstanceCache(options: InstanceCacheOptions = {}): InstanceCache {
  const logger = options.logger;
  let current: Event = emptyEvent;
  let observers: Observer[] = [];
  let stopped = false;

  const deliver = (observer: Observer, event: Event): void => {
    try {
      observer(event);
    } catch (err) {
      logger?.log('msg', 'sd observer threw', 'err', err);
    }
  };

  return {
    update(update) {
      if (stopped) return false;
      const next: Event =
        update.error !== undefined
          ? Object.freeze({ instances: noInstances, error: update.error })
          : Object.freeze({
              instances: Object.freeze([...(update.instances ?? [])].sort()),
              error: undefined,
            });
      if (sameEvent(current, next)) return false;
      current = next;
      // Iterate over a snapshot: an observer may deregister itself (or others) while notified.
      for (const observer of observers.slice()) deliver(observer, next);
      return true;
    },
    state: () => current,
    register(observer) {
      if (stopped) return;
      if (!observers.includes(observer)) observers = [...observers, observer];
      deliver(observer, current);
    },
    deregister(observer) {
      observers = observers.filter((o) => o !== observer);
    },
    stop() {
      stopped = true;
      observers = [];
    },
  };
}

const noInstances: readonly string[] = Object.freeze([]);
const emptyEvent: Event = Object.freeze({ instances: noInstances, error: undefined });

/** sameEvent compares two events by value (sorted instances; error name and message). */
function sameEvent(a: Event, b: Event): boolean {
  if (a.error !== undefined || b.error !== undefined) {
    return (
      a.error !== undefined &&
      b.error !== undefined &&
      a.error.name === b.error.name &&
      a.error.message === b.error.message
    );
  }
  if (a.instances.length !== b.instances.length) return false;
  for (let i = 0; i < a.instances.length; i++) {
    if (a.instances[i] !== b.instances[i]) return false;
  }
  return true;
}
