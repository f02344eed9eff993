import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import {
  instancerConformance,
  recordEvents,
  registrarConformance,
  startRegistrarProcess,
} from '@svckit/core/sd/conformance';
import { createEndpointer } from '@svckit/core/sd';
import { createEurekaClient, eurekaInstancer, eurekaRegistrar, instancesOf } from './index.js';
import { startEurekaDouble } from './testdata/eureka-double.js';

// Against a protocol-faithful double of Eureka's REST API (testdata/eureka-double.ts).
const child = fileURLToPath(new URL('./testdata/register-child.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

instancerConformance('eureka (double)', async (initial) => {
  const double = await startEurekaDouble();
  double.setInstances('svc', initial);
  const instancer = eurekaInstancer(createEurekaClient({ url: double.url }), 'SVC', {
    intervalMs: 50,
  });
  await instancer.ready;
  return {
    instancer,
    setInstances: async (instances) => {
      double.failing(false);
      double.setInstances('svc', instances);
    },
    injectError: async () => double.failing(true),
    close: async () => {
      instancer.stop();
      await double.close();
    },
  };
});

registrarConformance(
  'eureka (double)',
  async () => {
    const double = await startEurekaDouble();
    const client = createEurekaClient({ url: double.url });
    return {
      registrar: (instance) => {
        const at = instance.lastIndexOf(':');
        return eurekaRegistrar(client, {
          app: 'svc',
          ipAddr: instance.slice(0, at),
          port: Number(instance.slice(at + 1)),
        });
      },
      instancer: () => eurekaInstancer(client, 'SVC', { intervalMs: 50 }),
      spawn: (instance) => startRegistrarProcess(child, [double.url, 'svc', instance, '2000']),
      ttlMs: 2000,
      close: () => double.close(),
    };
  },
  { slackMs: 1000 },
);

describe('eureka', () => {
  it('reads Eureka JSON as it comes: a lone instance as an object, ports as strings, bad entries skipped', () => {
    const inst = (ipAddr: unknown, port: unknown, status = 'UP') => ({ ipAddr, port, status });
    assert.deepEqual(
      instancesOf({ application: { instance: inst('10.0.0.1', { $: '80' }) } }, true),
      ['10.0.0.1:80'],
    );
    assert.deepEqual(
      instancesOf(
        {
          application: {
            instance: [
              inst('10.0.0.1', { $: 80 }),
              inst('10.0.0.2', { $: 81 }, 'DOWN'),
              inst('::1', 82),
              inst('', 83),
              inst('10.0.0.4', { $: 70000 }),
              inst(7, 84),
              null,
              'x',
            ],
          },
        },
        true,
      ),
      ['10.0.0.1:80', '[::1]:82'],
    );
    assert.deepEqual(
      instancesOf({ application: { instance: [inst('10.0.0.2', 81, 'DOWN')] } }, false),
      ['10.0.0.2:81'],
    );
    assert.deepEqual(instancesOf(undefined, true), []);
    assert.deepEqual(instancesOf({ application: {} }, true), []);
  });

  it('the legacy single-object JSON and an app that left (404) are read as Eureka means them', async (t) => {
    const double = await startEurekaDouble();
    t.after(() => double.close());
    double.legacyJson(true);
    double.setInstances('svc', ['10.0.0.1:80']);
    const instancer = eurekaInstancer(createEurekaClient({ url: double.url }), 'svc', {
      intervalMs: 50,
    });
    t.after(() => instancer.stop());
    const r = recordEvents(instancer);
    await r.waitForLatest((e) => e?.instances[0] === '10.0.0.1:80');
    double.setInstances('svc', []); // the app is gone: 404
    await r.waitForLatest(
      (e) => e !== undefined && e.error === undefined && e.instances.length === 0,
    );
    assert.ok(!r.events.some((e) => e.error !== undefined), '404 is no instances, not an error');
  });

  it('the registrar heartbeats, registers again when Eureka forgot it, and deregisters on stop', async (t) => {
    const double = await startEurekaDouble();
    t.after(() => double.close());
    const client = createEurekaClient({ url: double.url });
    const logged: unknown[][] = [];
    const registrar = eurekaRegistrar(client, {
      app: 'users',
      ipAddr: '10.0.0.1',
      port: 8080,
      renewalIntervalMs: 200,
      leaseDurationMs: 1000,
      logger: { log: (...kv: unknown[]) => void logged.push(kv) },
    });
    await registrar.register();
    assert.deepEqual(double.ids('users'), ['10.0.0.1:users:8080']);
    await sleep(1500); // past the lease: the heartbeats keep it
    assert.deepEqual(double.ids('users'), ['10.0.0.1:users:8080']);
    assert.ok(
      double.requests.filter((r) => r === 'PUT /eureka/apps/USERS/10.0.0.1%3Ausers%3A8080')
        .length >= 5,
    );
    double.forget('users', '10.0.0.1:users:8080');
    await sleep(500);
    assert.deepEqual(double.ids('users'), ['10.0.0.1:users:8080'], 'registered again');
    assert.ok(logged.some((kv) => kv.includes('eureka forgot the instance, registering again')));
    await registrar.deregister();
    assert.deepEqual(double.ids('users'), []);
    await registrar.deregister(); // idempotent
  });

  it('Eureka down: last endpoints kept, invalidated after invalidateOnErrorMs; back: recovered within 5 s', async (t) => {
    const double = await startEurekaDouble();
    double.setInstances('svc', ['10.0.0.1:80', '10.0.0.2:80']);
    const instancer = eurekaInstancer(
      createEurekaClient({ url: double.url, timeoutMs: 1000 }),
      'svc',
      {
        intervalMs: 200,
      },
    );
    const endpointer = createEndpointer(instancer, (i) => ({ endpoint: async () => i }), {
      invalidateOnErrorMs: 1000,
    });
    t.after(async () => {
      endpointer.close();
      instancer.stop();
      await double.close();
    });
    await instancer.ready;
    const r = recordEvents(instancer);
    await double.down();
    await r.waitForLatest((e) => e?.error !== undefined, 5000, 'an error event');
    assert.equal(endpointer.endpoints().length, 2, 'kept after the error');
    await sleep(1100);
    assert.throws(() => endpointer.endpoints(), /eureka: polling svc/);
    await double.up();
    const backAt = Date.now();
    await r.waitForLatest((e) => e?.instances.length === 2, 5000, 'back');
    t.diagnostic(`recovered ${Date.now() - backAt} ms after Eureka listened again`);
    assert.equal(endpointer.endpoints().length, 2);
    assert.equal(r.events.filter((e) => e.error !== undefined).length, 1, 'one error per outage');
  });

  it('a misbehaving server: an endless answer, garbage, a stall: typed errors, no hang', async (t) => {
    let mode = 'huge';
    const bad = createServer((_, res) => {
      if (mode === 'huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      } else if (mode === 'garbage') res.writeHead(200).end('{"application":');
      // stall: never answers
    });
    await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      bad.closeAllConnections();
      return new Promise<void>((resolve) => bad.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(bad.address() as { port: number }).port}/eureka`;
    const client = createEurekaClient({ url, maxResponseBytes: 1 << 20, timeoutMs: 500 });
    await assert.rejects(client.request('GET', '/apps/X'), /larger than 1048576 bytes/);
    mode = 'garbage';
    await assert.rejects(client.request('GET', '/apps/X'), /not JSON/);
    mode = 'stall';
    const started = Date.now();
    await assert.rejects(client.request('GET', '/apps/X'), { code: 'unavailable' });
    assert.ok(Date.now() - started < 2000, 'the timeout holds');
  });

  it('rejects bad options', () => {
    const client = createEurekaClient({ url: 'http://127.0.0.1:1/eureka' });
    assert.throws(() => eurekaInstancer(client, ''), RangeError);
    assert.throws(() => eurekaInstancer(client, 'x', { intervalMs: 0 }), RangeError);
    assert.throws(() => eurekaRegistrar(client, { app: 'x', ipAddr: 'h', port: 0 }), RangeError);
    assert.throws(
      () =>
        eurekaRegistrar(client, {
          app: 'x',
          ipAddr: 'h',
          port: 1,
          renewalIntervalMs: 5000,
          leaseDurationMs: 5000,
        }),
      RangeError,
    );
  });
});
