import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event, Instancer } from '../event.js';
import { recordEvents, showEvents } from './event-recorder.js';

/**
 * InstancerHarness is one running instancer under test plus the controls that drive its
 * backend. A backend that cannot offer a control says so in the suite's options
 * (`mutable: false`, `failable: false`), and each check needing it is reported as a skipped
 * test whose reason names the capability.
 */
export interface InstancerHarness {
  /** instancer is the instancer under test, already watching its backend. */
  readonly instancer: Instancer;
  /**
   * setInstances makes the backend report exactly these instances (never empty, hostnames and
   * ports as given). It resolves once the backend holds them; the instancer may notice later.
   */
  setInstances?(instances: readonly string[]): Promise<void>;
  /** injectError makes the backend's lookups fail until the next setInstances. */
  injectError?(): Promise<void>;
  /** close stops the instancer (if the test did not) and tears the backend down. */
  close(): void | Promise<void>;
}

/** InstancerConformanceOptions tunes the waits of {@link instancerConformance}. */
export interface InstancerConformanceOptions {
  /** timeoutMs bounds the wait for an expected event (default 5000). */
  timeoutMs?: number;
  /** quietMs is how long to watch for events that must not come (default 300). */
  quietMs?: number;
  /** mutable is false for instancers whose instances never change (default true). */
  mutable?: boolean;
  /** failable is false for instancers that cannot fail (default true). */
  failable?: boolean;
}

/**
 * instancerConformance registers (with `node:test`) the behaviour every {@link Instancer} must
 * show, as pinned down by Go kit's `sd` tests: the current state on registration, sorted
 * instances, changes published, identical updates not re-sent, errors as error events (sent
 * once) and recovery, deregistration, and silence after `stop`. `start(initial)` must return a
 * fresh harness whose backend already holds `initial`, with the instancer having seen it.
 *
 * @example
 * instancerConformance('mine', async (initial) => {
 *   const backend = await startBackend(initial);
 *   return { instancer: myInstancer(backend.url), setInstances: backend.set, close: backend.stop };
 * });
 */
export function instancerConformance(
  name: string,
  start: (initial: readonly string[]) => InstancerHarness | Promise<InstancerHarness>,
  options: InstancerConformanceOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 5000;
  const quietMs = options.quietMs ?? 300;
  const initial = ['b.svckit.test:8002', 'a.svckit.test:8001'];
  const sortedInitial = [...initial].sort();
  const changed = ['c.svckit.test:8003', 'a.svckit.test:8001', 'd.svckit.test:80'];

  const lacks = { mutable: options.mutable === false, failable: options.failable === false };
  const about = {
    mutable: 'its instances can change',
    failable: 'its backend can fail',
  } as const;
  /** needs is the test option that skips a check, naming the capabilities it lacks. */
  const needs = (...caps: Array<keyof typeof lacks>): { skip?: string } => {
    const lacking = caps.filter((cap) => lacks[cap]);
    if (lacking.length === 0) return {};
    return {
      skip: `${name} opts out of ${lacking.map((cap) => `${cap} (${about[cap]})`).join(', ')}`,
    };
  };
  const control = <K extends 'setInstances' | 'injectError'>(h: InstancerHarness, key: K) => {
    const fn = h[key];
    assert.ok(fn !== undefined, `${name}: the harness must provide ${key} (or opt out)`);
    return fn.bind(h) as NonNullable<InstancerHarness[K]>;
  };

  describe(`${name} instancer conformance`, () => {
    const withHarness = async (fn: (h: InstancerHarness) => Promise<void>): Promise<void> => {
      const harness = await start(initial);
      try {
        await fn(harness);
      } finally {
        await harness.close();
      }
    };

    it('sends the current state, sorted, to an observer as it registers', () =>
      withHarness(async ({ instancer }) => {
        const { events } = recordEvents(instancer);
        assert.equal(events.length, 1, 'the current state must be delivered during register()');
        const [event] = events as [Event];
        assert.equal(event.error, undefined);
        assert.deepEqual([...event.instances], sortedInitial);
      }));

    it('gives every observer the state, and nothing more after deregister', () =>
      withHarness(async (h) => {
        const a = recordEvents(h.instancer);
        const b = recordEvents(h.instancer);
        assert.deepEqual([...(a.events[0]?.instances ?? [])], sortedInitial);
        assert.deepEqual([...(b.events[0]?.instances ?? [])], sortedInitial);
        h.instancer.deregister(b.observer);
        await sleep(quietMs);
        assert.equal(b.events.length, 1, 'a deregistered observer must receive nothing more');
      }));

    it('a deregistered observer misses the changes the others get', needs('mutable'), () =>
      withHarness(async (h) => {
        const a = recordEvents(h.instancer);
        const b = recordEvents(h.instancer);
        h.instancer.deregister(b.observer);
        await control(h, 'setInstances')(changed);
        await a.waitFor((e) => sameList(e.instances, [...changed].sort()), timeoutMs);
        await sleep(quietMs);
        assert.equal(b.events.length, 1, 'a deregistered observer must receive nothing more');
      }),
    );

    it('does not send events while nothing changes', () =>
      withHarness(async ({ instancer }) => {
        const r = recordEvents(instancer);
        await sleep(quietMs);
        assert.equal(r.events.length, 1, `unexpected events: ${showEvents(r.events)}`);
      }));

    it('is silent after stop', () =>
      withHarness(async (h) => {
        const r = recordEvents(h.instancer);
        h.instancer.stop();
        await sleep(quietMs);
        assert.equal(r.events.length, 1, 'no event may follow stop()');
      }));

    it('is silent after stop, even when the backend changes', needs('mutable'), () =>
      withHarness(async (h) => {
        const r = recordEvents(h.instancer);
        h.instancer.stop();
        await control(h, 'setInstances')(changed);
        await sleep(quietMs);
        assert.equal(r.events.length, 1, 'no event may follow stop()');
      }),
    );

    it('publishes changes, with instances sorted', needs('mutable'), () =>
      withHarness(async (h) => {
        const r = recordEvents(h.instancer);
        await control(h, 'setInstances')(changed);
        const event = await r.waitFor((e) => e.error === undefined && e !== r.events[0], timeoutMs);
        assert.deepEqual([...event.instances], [...changed].sort());
      }),
    );

    it('does not re-send identical updates', needs('mutable'), () =>
      withHarness(async (h) => {
        const r = recordEvents(h.instancer);
        await control(h, 'setInstances')([...initial].reverse()); // same set, other order
        await sleep(quietMs);
        assert.equal(r.events.length, 1, `duplicate sent: ${showEvents(r.events)}`);
        await control(h, 'setInstances')(changed);
        // A backend may fail briefly while it changes (error events are allowed in between).
        const event = await r.waitFor((e) => e.error === undefined && e !== r.events[0], timeoutMs);
        assert.deepEqual([...event.instances], [...changed].sort());
        assertNoConsecutiveDuplicates(r.events);
      }),
    );

    it(
      'turns a backend failure into one error event, then recovers',
      needs('failable', 'mutable'),
      () =>
        withHarness(async (h) => {
          const r = recordEvents(h.instancer);
          await control(h, 'injectError')();
          const failed = await r.waitFor((e) => e.error !== undefined, timeoutMs);
          assert.ok(failed.error instanceof Error, 'error events carry an Error');
          assert.equal(failed.instances.length, 0, 'error events carry no instances');
          await sleep(quietMs);
          assert.equal(
            r.events.filter((e) => e.error !== undefined).length,
            1,
            'a repeated identical error must be sent once',
          );
          await control(h, 'setInstances')(initial);
          const recovered = await r.waitFor(
            (e) => e.error === undefined && e !== r.events[0],
            timeoutMs,
          );
          assert.deepEqual([...recovered.instances], sortedInitial);
          assertNoConsecutiveDuplicates(r.events);
        }),
    );
  });
}

function assertNoConsecutiveDuplicates(events: readonly Event[]): void {
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1] as Event;
    const b = events[i] as Event;
    const same =
      a.error === undefined && b.error === undefined
        ? sameList(a.instances, b.instances)
        : a.error?.message === b.error?.message;
    assert.ok(!same, `events ${i - 1} and ${i} are identical: ${showEvents(events)}`);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
