import assert from 'node:assert/strict';
import type { Event, Instancer, Observer } from '../event.js';

/**
 * EventRecorder is an observer registered with an {@link Instancer} that keeps every event it
 * was sent, in order, and lets a test wait for one. Made by {@link recordEvents}.
 */
export interface EventRecorder {
  /** observer is the registered observer (pass it to `instancer.deregister`). */
  readonly observer: Observer;
  /** events are the events received so far, the first being the state sent on registration. */
  readonly events: readonly Event[];
  /** last is the latest event, or undefined before any. */
  last(): Event | undefined;
  /**
   * waitFor resolves with the first event received (since registration, so possibly one
   * already in {@link events}) that matches `predicate`; it fails the test (assert) when none
   * has come within `timeoutMs` (default 5000), naming `what` and listing the events.
   */
  waitFor(predicate: (event: Event) => boolean, timeoutMs?: number, what?: string): Promise<Event>;
  /**
   * waitForLatest resolves once the latest event (undefined before any) satisfies `check`,
   * with that event: the state the instancer holds now, whatever came before. It fails the
   * test when that has not happened within `timeoutMs` (default 5000), naming `what`.
   */
  waitForLatest(
    check: (latest: Event | undefined) => boolean,
    timeoutMs?: number,
    what?: string,
  ): Promise<Event | undefined>;
}

/**
 * recordEvents registers an {@link EventRecorder} with `instancer`: it holds the current state
 * at once (instancers send it during `register`) and every event after. Waits wake on each
 * event, not on a timer. It uses `node:assert`, so call it from tests only.
 *
 * @example
 * const r = recordEvents(instancer);
 * backend.fail();
 * await r.waitForLatest((e) => e?.error !== undefined, 5000, 'an error event');
 * assert.equal(r.events.filter((e) => e.error !== undefined).length, 1);
 */
export function recordEvents(instancer: Instancer): EventRecorder {
  const events: Event[] = [];
  const waiters = new Set<() => void>();
  const observer: Observer = (event) => {
    events.push(event);
    for (const wake of waiters) wake();
  };
  instancer.register(observer);

  /** settle polls `find` now and after each event until it answers or `timeoutMs` passes. */
  const settle = async <T>(
    find: () => { readonly found: T } | undefined,
    timeoutMs: number,
    what: string,
  ): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = find();
      if (hit !== undefined) return hit.found;
      const left = until - Date.now();
      if (left <= 0) assert.fail(`${what}: not within ${timeoutMs} ms; got ${showEvents(events)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        waiters.add(wake);
      });
    }
  };

  return {
    observer,
    events,
    last: () => events.at(-1),
    waitFor(predicate, timeoutMs = 5000, what = 'a matching event') {
      let seen = 0;
      return settle(
        () => {
          for (; seen < events.length; seen++) {
            const event = events[seen] as Event;
            if (predicate(event)) return { found: event };
          }
          return undefined;
        },
        timeoutMs,
        what,
      );
    },
    waitForLatest(check, timeoutMs = 5000, what = 'event') {
      return settle(
        () => (check(events.at(-1)) ? { found: events.at(-1) } : undefined),
        timeoutMs,
        what,
      );
    },
  };
}

/**
 * showEvents is a short text of `events` for assertion messages: `[a:1,b:2] error(boom)`.
 */
export function showEvents(events: readonly Event[]): string {
  return events
    .map((e) =>
      e.error !== undefined ? `error(${e.error.message})` : `[${e.instances.join(',')}]`,
    )
    .join(' ');
}
