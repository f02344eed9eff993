import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background } from '../context/index.js';
import type { Endpoint } from '../endpoint/index.js';
import type { Logger } from '../log/index.js';
import { instancerConformance } from './conformance/index.js';
import { createEndpointer, createInstanceCache, fixedEndpointer, fixedInstancer } from './index.js';
import type { Event, Instancer, Observer } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A hand-driven instancer that forwards raw events, so the Endpointer sees duplicates too. */
function rawInstancer(): Instancer & { send(e: Partial<Event>): void; observers: Set<Observer> } {
  const observers = new Set<Observer>();
  let state: Event = { instances: [], error: undefined };
  return {
    observers,
    register(o) {
      observers.add(o);
      o(state);
    },
    deregister(o) {
      observers.delete(o);
    },
    stop() {
      observers.clear();
    },
    send(e) {
      state = { instances: e.instances ?? [], error: e.error };
      for (const o of observers) o(state);
    },
  };
}

/** A factory whose endpoints answer their instance name, counting creations and closes. */
function countingFactory(fail: (instance: string) => boolean = () => false) {
  const created: string[] = [];
  const closed: string[] = [];
  const factory = (instance: string) => {
    if (fail(instance)) throw new Error(`cannot dial ${instance}`);
    created.push(instance);
    const endpoint: Endpoint<unknown, string> = async () => instance;
    return { endpoint, close: () => void closed.push(instance) };
  };
  return { factory, created, closed };
}

function memoryLogger(): Logger & { lines: unknown[][] } {
  const lines: unknown[][] = [];
  return { lines, log: (...kv) => void lines.push(kv) };
}

async function answers(endpoints: readonly Endpoint<unknown, string>[]): Promise<string[]> {
  return Promise.all(endpoints.map((ep) => ep(background(), undefined)));
}

describe('instance cache', () => {
  it('sorts instances and drops identical updates', () => {
    const cache = createInstanceCache();
    const events: Event[] = [];
    cache.register((e) => events.push(e));
    assert.equal(cache.update({ instances: ['b:2', 'a:1'] }), true);
    assert.equal(cache.update({ instances: ['a:1', 'b:2'] }), false);
    assert.equal(cache.update({ error: new Error('down') }), true);
    assert.equal(cache.update({ error: new Error('down') }), false);
    assert.equal(cache.update({ instances: ['a:1', 'b:2'] }), true);
    assert.deepEqual(
      events.map((e) => e.error?.message ?? e.instances.join(',')),
      ['', 'a:1,b:2', 'down', 'a:1,b:2'],
    );
  });

  it('keeps notifying the other observers when one throws, and logs it', () => {
    const logger = memoryLogger();
    const cache = createInstanceCache({ logger });
    const seen: string[] = [];
    cache.register(() => {
      throw new Error('bad observer');
    });
    cache.register((e) => seen.push(e.instances.join(',')));
    cache.update({ instances: ['x:1'] });
    assert.deepEqual(seen, ['', 'x:1']);
    assert.equal(logger.lines.length, 2);
  });

  it('does not copy the caller array into the event by reference', () => {
    const cache = createInstanceCache();
    const input = ['b:1', 'a:1'];
    cache.update({ instances: input });
    input.push('c:1');
    assert.deepEqual([...cache.state().instances], ['a:1', 'b:1']);
    assert.ok(Object.isFrozen(cache.state().instances));
  });
});

describe('endpointer', () => {
  it('builds one endpoint per instance, in instance order', async () => {
    const { factory, created } = countingFactory();
    const endpointer = createEndpointer(fixedInstancer(['c:3', 'a:1', 'b:2']), factory);
    assert.deepEqual(await answers(endpointer.endpoints()), ['a:1', 'b:2', 'c:3']);
    assert.deepEqual(created.sort(), ['a:1', 'b:2', 'c:3']);
  });

  it('duplicate updates create and close nothing, and keep the cached array', () => {
    const instancer = rawInstancer();
    const { factory, created, closed } = countingFactory();
    const endpointer = createEndpointer(instancer, factory);
    instancer.send({ instances: ['a:1', 'b:2'] });
    const first = endpointer.endpoints();
    instancer.send({ instances: ['a:1', 'b:2'] });
    instancer.send({ instances: ['b:2', 'a:1'] });
    assert.equal(created.length, 2);
    assert.equal(closed.length, 0);
    assert.deepEqual([...endpointer.endpoints()], [...first]);
    assert.equal(endpointer.endpoints(), endpointer.endpoints(), 'no per-call copy');
  });

  it('keeps survivors, builds new instances only, closes removed ones', async () => {
    const instancer = rawInstancer();
    const { factory, created, closed } = countingFactory();
    const endpointer = createEndpointer(instancer, factory);
    instancer.send({ instances: ['a:1', 'b:2'] });
    const [a] = endpointer.endpoints();
    instancer.send({ instances: ['a:1', 'c:3'] });
    assert.deepEqual(created, ['a:1', 'b:2', 'c:3']);
    assert.deepEqual(closed, ['b:2']);
    assert.equal(endpointer.endpoints()[0], a, 'the surviving endpoint is the same object');
    assert.deepEqual(await answers(endpointer.endpoints()), ['a:1', 'c:3']);
  });

  it('skips and logs instances whose factory throws', async () => {
    const logger = memoryLogger();
    const { factory } = countingFactory((i) => i === 'bad:1');
    const endpointer = createEndpointer(fixedInstancer(['bad:1', 'good:2']), factory, { logger });
    assert.deepEqual(await answers(endpointer.endpoints()), ['good:2']);
    const line = logger.lines.find((l) => l[1] === 'bad:1');
    assert.ok(line, 'factory error logged with its instance');
    assert.equal((line[3] as Error).message, 'cannot dial bad:1');
  });

  it('error events keep the last good endpoints (no invalidateOnError)', async () => {
    const instancer = rawInstancer();
    const logger = memoryLogger();
    const { factory, closed } = countingFactory();
    const endpointer = createEndpointer(instancer, factory, { logger });
    instancer.send({ instances: ['a:1', 'b:2'] });
    instancer.send({ error: new Error('registry down') });
    await sleep(20);
    assert.deepEqual(await answers(endpointer.endpoints()), ['a:1', 'b:2']);
    assert.equal(closed.length, 0);
    assert.ok(logger.lines.some((l) => (l[1] as Error).message === 'registry down'));
  });

  it('invalidates after the timeout from the first error, then recovers', async () => {
    const instancer = rawInstancer();
    const { factory, closed, created } = countingFactory();
    let clock = 1_000;
    // A fake clock, and a timeout the real timer cannot reach while the test runs.
    const endpointer = createEndpointer(instancer, factory, {
      invalidateOnErrorMs: 60_000,
      now: () => clock,
    });
    instancer.send({ instances: ['a:1', 'b:2'] });
    const first = new Error('first failure');
    instancer.send({ error: first });
    clock += 30_000;
    instancer.send({ error: new Error('second failure') }); // must not restart the clock
    assert.equal(endpointer.endpoints().length, 2, 'still served before the timeout');
    clock += 29_999;
    assert.equal(endpointer.endpoints().length, 2, 'still served 1 ms before the timeout');
    assert.deepEqual(closed, []);
    clock += 1;
    assert.throws(() => endpointer.endpoints(), first);
    assert.deepEqual(closed.sort(), ['a:1', 'b:2']);
    instancer.send({ instances: ['a:1'] });
    assert.deepEqual(await answers(endpointer.endpoints()), ['a:1']);
    assert.equal(created.length, 3, 'a:1 is rebuilt after invalidation');
  });

  it('the timer closes the endpoints at the timeout, without a read', async () => {
    const instancer = rawInstancer();
    const { factory, closed } = countingFactory();
    const endpointer = createEndpointer(instancer, factory, { invalidateOnErrorMs: 20 });
    instancer.send({ instances: ['a:1', 'b:2'] });
    const down = new Error('registry down');
    instancer.send({ error: down });
    // Wait for the timer (bounded); nothing reads endpoints() meanwhile.
    for (let waited = 0; closed.length < 2 && waited < 10_000; waited += 10) await sleep(10);
    assert.deepEqual(closed.sort(), ['a:1', 'b:2']);
    assert.throws(() => endpointer.endpoints(), down);
  });

  it('a good event before the timeout cancels the invalidation', async () => {
    const instancer = rawInstancer();
    const { factory, closed } = countingFactory();
    const endpointer = createEndpointer(instancer, factory, { invalidateOnErrorMs: 30 });
    instancer.send({ instances: ['a:1'] });
    instancer.send({ error: new Error('blip') });
    instancer.send({ instances: ['a:1'] });
    await sleep(50);
    assert.equal(endpointer.endpoints().length, 1);
    assert.equal(closed.length, 0);
  });

  it('close deregisters and closes every endpoint', () => {
    const instancer = rawInstancer();
    const { factory, closed } = countingFactory();
    const endpointer = createEndpointer(instancer, factory);
    instancer.send({ instances: ['a:1', 'b:2'] });
    endpointer.close();
    assert.equal(instancer.observers.size, 0);
    assert.deepEqual(closed.sort(), ['a:1', 'b:2']);
    assert.equal(endpointer.endpoints().length, 0);
  });

  it('logs a closer that throws or rejects, and goes on', async () => {
    const instancer = rawInstancer();
    const logger = memoryLogger();
    const endpointer = createEndpointer(
      instancer,
      (instance) => ({
        endpoint: async () => instance,
        close:
          instance === 'a:1'
            ? () => Promise.reject(new Error('x'))
            : () => {
                throw new Error('y');
              },
      }),
      { logger },
    );
    instancer.send({ instances: ['a:1', 'b:2'] });
    instancer.send({ instances: [] });
    await sleep(5);
    assert.equal(endpointer.endpoints().length, 0);
    assert.equal(logger.lines.length, 2);
  });

  it('rejects a negative invalidateOnErrorMs', () => {
    assert.throws(
      () =>
        createEndpointer(rawInstancer(), countingFactory().factory, { invalidateOnErrorMs: -1 }),
      RangeError,
    );
  });
});

describe('fixed endpointer', () => {
  it('returns the given endpoints, copied once', async () => {
    const a: Endpoint<unknown, string> = async () => 'a';
    const list = [a];
    const endpointer = fixedEndpointer(list);
    list.push(a);
    assert.equal(endpointer.endpoints().length, 1);
    assert.equal(endpointer.endpoints(), endpointer.endpoints());
  });
});

instancerConformance('fixed', (initial) => ({ instancer: fixedInstancer(initial), close() {} }), {
  mutable: false,
  failable: false,
  quietMs: 50,
});

// An in-memory backend whose changes arrive asynchronously, like a real watch.
instancerConformance(
  'mutable (in-memory)',
  (initial) => {
    const cache = createInstanceCache();
    cache.update({ instances: initial });
    const later = (fn: () => void) => new Promise<void>((r) => setTimeout(() => (fn(), r()), 5));
    return {
      instancer: cache,
      setInstances: (instances) => later(() => cache.update({ instances })),
      injectError: () => later(() => cache.update({ error: new Error('backend unreachable') })),
      close: () => cache.stop(),
    };
  },
  { quietMs: 50 },
);
