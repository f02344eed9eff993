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
import { consulInstancer, consulRegistrar, createConsulClient } from './index.js';
import { startConsulDouble } from './testdata/consul-double.js';
import type { ConsulDouble, Misbehaviour } from './testdata/consul-double.js';

// Against a protocol-faithful double of the agent's HTTP API (testdata/consul-double.ts): no
// Consul server is packaged for Debian.
const child = fileURLToPath(new URL('./testdata/register-child.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** rate counts the health queries in the `ms` after now, per second. */
async function rate(double: ConsulDouble, ms: number): Promise<number> {
  const from = Date.now();
  await sleep(ms);
  return (double.healthRequests.filter((r) => r.at >= from).length * 1000) / ms;
}

instancerConformance('consul (double)', async (initial) => {
  const double = await startConsulDouble();
  double.setInstances('svc', initial);
  const instancer = consulInstancer(createConsulClient({ address: double.url }), 'svc', {
    minIntervalMs: 50,
    retryMaxMs: 200,
  });
  await instancer.ready;
  return {
    instancer,
    setInstances: async (instances) => {
      double.misbehave('none');
      double.setInstances('svc', instances);
    },
    injectError: async () => double.misbehave('error'),
    close: async () => {
      instancer.stop();
      await double.close();
    },
  };
});

registrarConformance(
  'consul (double)',
  async () => {
    const double = await startConsulDouble();
    const client = createConsulClient({ address: double.url });
    return {
      registrar: (instance) => {
        const at = instance.lastIndexOf(':');
        return consulRegistrar(client, {
          id: `svc-${instance}`,
          name: 'svc',
          address: instance.slice(0, at),
          port: Number(instance.slice(at + 1)),
        });
      },
      instancer: () => consulInstancer(client, 'svc', { minIntervalMs: 50 }),
      spawn: (instance) => startRegistrarProcess(child, [double.url, 'svc', instance, '2000']),
      ttlMs: 2000,
      close: () => double.close(),
    };
  },
  { slackMs: 1000 },
);

describe('consul instancer', () => {
  it('after a deregistration: a few queries per second at most (go-kit#1214)', async (t) => {
    const double = await startConsulDouble();
    const client = createConsulClient({ address: double.url });
    const registrar = consulRegistrar(client, {
      id: 'a',
      name: 'svc',
      address: '10.0.0.1',
      port: 80,
    });
    await registrar.register();
    const instancer = consulInstancer(client, 'svc'); // the defaults
    t.after(async () => {
      instancer.stop();
      await double.close();
    });
    const r = recordEvents(instancer);
    await r.waitForLatest((e) => e?.instances.length === 1);
    await registrar.deregister();
    await r.waitForLatest((e) => e?.instances.length === 0);
    const perSecond = await rate(double, 3000);
    t.diagnostic(`${perSecond.toFixed(2)} health queries/s in the 3 s after the deregistration`);
    assert.ok(perSecond <= 1, `${perSecond} queries/s while nothing changes`);
  });

  for (const mode of ['backwards', 'zero', 'immediate', 'error'] as Misbehaviour[]) {
    it(`an agent answering ${mode}: still a few queries per second at most`, async (t) => {
      const double = await startConsulDouble();
      double.setInstances('svc', ['10.0.0.1:80']);
      // Short waits, so that the misbehaving answers come often.
      const instancer = consulInstancer(createConsulClient({ address: double.url }), 'svc', {
        waitMs: 200,
      });
      t.after(async () => {
        instancer.stop();
        await double.close();
      });
      await instancer.ready;
      double.misbehave(mode);
      await sleep(300);
      const perSecond = await rate(double, 3000);
      t.diagnostic(`${mode}: ${perSecond.toFixed(2)} queries/s`);
      assert.ok(perSecond <= 2.5, `${perSecond} queries/s`);
      assert.ok(perSecond > 0, 'it keeps asking');
    });
  }

  it('the double does expose the bug: a naive loop that trusts the index spins', async (t) => {
    const double = await startConsulDouble();
    double.setInstances('svc', ['10.0.0.1:80']);
    t.after(() => double.close());
    double.misbehave('zero');
    let index = '0';
    let queries = 0;
    const until = Date.now() + 500;
    while (Date.now() < until && queries < 1000) {
      const res = await fetch(`${double.url}/v1/health/service/svc?index=${index}&wait=60s`);
      await res.text();
      index = res.headers.get('x-consul-index') ?? '0';
      queries++;
    }
    t.diagnostic(`a naive loop: ${queries * 2} queries/s`);
    assert.ok(queries > 50, `only ${queries} queries in 500 ms`);
  });

  it('an index that goes backwards resets: one query without index, then blocking on the new one', async (t) => {
    const double = await startConsulDouble();
    double.setInstances('svc', ['10.0.0.1:80']);
    const instancer = consulInstancer(createConsulClient({ address: double.url }), 'svc', {
      minIntervalMs: 10,
    });
    t.after(async () => {
      instancer.stop();
      await double.close();
    });
    await instancer.ready;
    double.misbehave('backwards');
    await sleep(200);
    double.misbehave('none');
    const from = double.healthRequests.length;
    await sleep(500);
    const queries = double.healthRequests.slice(from).map((r) => r.query.get('index'));
    // At most one reset query (no index) follows, then every query blocks on a real index.
    assert.ok(queries.filter((q) => q === null).length <= 1, `queries: ${queries.join(',')}`);
    assert.ok(queries.length <= 3, `queries: ${queries.join(',')}`);
    double.setInstances('svc', ['10.0.0.2:80']);
    const r = recordEvents(instancer);
    await r.waitForLatest((e) => e?.instances[0] === '10.0.0.2:80');
  });

  it('blocks on the index, with the wait asked', async (t) => {
    const double = await startConsulDouble();
    double.setInstances('svc', ['10.0.0.1:80']);
    const instancer = consulInstancer(createConsulClient({ address: double.url }), 'svc', {
      waitMs: 300,
      minIntervalMs: 10,
    });
    t.after(async () => {
      instancer.stop();
      await double.close();
    });
    await instancer.ready;
    await sleep(1000);
    const queries = double.healthRequests.map((r) => r.query);
    assert.equal(queries[0]?.get('index'), null, 'the first query does not block');
    assert.equal(queries[1]?.get('index'), String(double.index()));
    assert.equal(queries[1]?.get('wait'), '300ms');
    assert.equal(queries[1]?.get('passing'), '1');
    // 1000 ms of 300 ms waits (plus jitter up to 1/16): 3 to 5 queries, not hundreds.
    assert.ok(queries.length >= 3 && queries.length <= 5, `${queries.length} queries`);
  });

  it('filters by every tag, keeps passing instances only, falls back to the node address', async (t) => {
    const double = await startConsulDouble();
    double.add({ id: '1', name: 'svc', address: '10.0.0.1', port: 1, tags: ['a', 'b'] });
    double.add({ id: '2', name: 'svc', address: '10.0.0.2', port: 2, tags: ['a'] });
    double.add({ id: '3', name: 'svc', address: '', port: 3, tags: ['a', 'b'] });
    double.add({
      id: '4',
      name: 'svc',
      address: '10.0.0.4',
      port: 4,
      tags: ['a', 'b'],
      status: 'critical',
    });
    double.add({ id: '5', name: 'svc', address: '::1', port: 5, tags: ['a', 'b'] });
    const client = createConsulClient({ address: double.url });
    const tagged = consulInstancer(client, 'svc', { tags: ['a', 'b'] });
    const all = consulInstancer(client, 'svc', { passingOnly: false });
    t.after(async () => {
      tagged.stop();
      all.stop();
      await double.close();
    });
    await Promise.all([tagged.ready, all.ready]);
    assert.deepEqual(
      [...recordEvents(tagged).events[0]!.instances],
      ['10.0.0.1:1', '127.0.0.1:3', '[::1]:5'],
    );
    assert.deepEqual(
      [...recordEvents(all).events[0]!.instances],
      ['10.0.0.1:1', '10.0.0.2:2', '10.0.0.4:4', '127.0.0.1:3', '[::1]:5'],
    );
    assert.equal(
      double.healthRequests[0]?.query.get('tag'),
      'a',
      'the first tag is asked of Consul',
    );
  });

  it('agent down: last endpoints kept, invalidated after invalidateOnErrorMs; back: recovered within 5 s', async (t) => {
    const double = await startConsulDouble();
    double.setInstances('svc', ['10.0.0.1:80', '10.0.0.2:80']);
    const instancer = consulInstancer(createConsulClient({ address: double.url }), 'svc');
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
    assert.equal(endpointer.endpoints().length, 2);
    await double.down();
    await r.waitForLatest((e) => e?.error !== undefined, 5000, 'an error event');
    assert.match(r.last()?.error?.message ?? '', /^consul: watching svc: /);
    assert.equal(endpointer.endpoints().length, 2, 'kept after the error');
    await sleep(1100);
    assert.throws(() => endpointer.endpoints(), /consul: watching svc/);
    assert.equal(r.events.filter((e) => e.error !== undefined).length, 1, 'one error per outage');
    await double.up();
    const backAt = Date.now();
    await r.waitForLatest(
      () => {
        try {
          return endpointer.endpoints().length === 2;
        } catch {
          return false;
        }
      },
      5000,
      'endpoints back',
    );
    t.diagnostic(`recovered ${Date.now() - backAt} ms after the agent listened again`);
  });
});

describe('consul registrar', () => {
  it('sends the service definition, heartbeats a TTL check, registers again when the agent forgot it', async (t) => {
    const double = await startConsulDouble();
    const client = createConsulClient({ address: double.url });
    const logged: unknown[][] = [];
    const registrar = consulRegistrar(client, {
      id: 'users-1',
      name: 'users',
      address: '10.0.0.1',
      port: 8080,
      tags: ['v2'],
      check: { ttlMs: 1000 },
      logger: { log: (...kv: unknown[]) => void logged.push(kv) },
    });
    const instancer = consulInstancer(client, 'users', { minIntervalMs: 20 });
    t.after(async () => {
      instancer.stop();
      await registrar.deregister();
      await double.close();
    });
    await registrar.register();
    const r = recordEvents(instancer);
    await r.waitForLatest((e) => e?.instances[0] === '10.0.0.1:8080');
    await sleep(2500); // past two TTLs: the heartbeat keeps it passing
    assert.equal(r.last()?.instances[0], '10.0.0.1:8080');
    // The agent forgets it (restart without state): the next heartbeat gets 404.
    await fetch(`${double.url}/v1/agent/service/deregister/users-1`, { method: 'PUT' });
    await r.waitForLatest((e) => e?.instances.length === 0);
    await r.waitForLatest((e) => e?.instances[0] === '10.0.0.1:8080', 3000, 'registered again');
    assert.ok(logged.some((kv) => kv.includes('consul forgot the check, registering again')));
  });

  it('an HTTP check the agent runs: failing drops the instance, passing brings it back', async (t) => {
    let healthy = true;
    const target = createServer((_, res) => res.writeHead(healthy ? 200 : 503).end());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as { port: number };
    const double = await startConsulDouble();
    const client = createConsulClient({ address: double.url });
    const registrar = consulRegistrar(client, {
      id: 'h',
      name: 'web',
      address: '127.0.0.1',
      port,
      check: { http: `http://127.0.0.1:${port}/health`, intervalMs: 1000 },
    });
    const instancer = consulInstancer(client, 'web', { minIntervalMs: 20 });
    t.after(async () => {
      instancer.stop();
      await registrar.deregister();
      await double.close();
      await new Promise<void>((resolve) => target.close(() => resolve()));
    });
    await registrar.register();
    const r = recordEvents(instancer);
    await r.waitForLatest((e) => e?.instances.length === 1, 3000, 'passing');
    healthy = false;
    await r.waitForLatest((e) => e?.instances.length === 0, 3000, 'failing');
    healthy = true;
    await r.waitForLatest((e) => e?.instances.length === 1, 3000, 'passing again');
  });

  it('the double refuses bad definitions; the registrar rejects bad options', async (t) => {
    const double = await startConsulDouble();
    t.after(() => double.close());
    const client = createConsulClient({ address: double.url });
    await assert.rejects(
      client.request('PUT', '/v1/agent/service/register', { body: { Port: 1 } }),
      /400 Missing service name/,
    );
    assert.throws(() => consulRegistrar(client, { id: 'x', name: 'x', port: 0 }), RangeError);
    assert.throws(
      () => consulRegistrar(client, { id: 'x', name: 'x', port: 1, check: { ttlMs: 10 } }),
      RangeError,
    );
    assert.throws(() => consulInstancer(client, ''), RangeError);
  });
});

describe('consul client against a misbehaving agent', () => {
  it('an endless answer, garbage JSON, a stall: typed errors, no hang', async (t) => {
    let mode = 'huge';
    const bad = createServer((_, res) => {
      if (mode === 'huge') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-consul-index': '5' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      } else if (mode === 'garbage') {
        res
          .writeHead(200, { 'content-type': 'application/json', 'x-consul-index': 'x' })
          .end('[{"Service":');
      }
      // stall: never answers
    });
    await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      bad.closeAllConnections();
      return new Promise<void>((resolve) => bad.close(() => resolve()));
    });
    const address = `http://127.0.0.1:${(bad.address() as { port: number }).port}`;
    const client = createConsulClient({ address, maxResponseBytes: 1 << 20, timeoutMs: 500 });
    await assert.rejects(
      client.request('GET', '/v1/health/service/x'),
      /larger than 1048576 bytes/,
    );
    mode = 'garbage';
    await assert.rejects(client.request('GET', '/v1/health/service/x'), /bad JSON/);
    mode = 'stall';
    const started = Date.now();
    await assert.rejects(client.request('PUT', '/v1/agent/service/register', { body: {} }), {
      code: 'unavailable',
    });
    assert.ok(Date.now() - started < 2000, 'the timeout holds');
    // The instancer turns each into one error event and keeps asking, gently.
    mode = 'garbage';
    const instancer = consulInstancer(client, 'x');
    t.after(() => instancer.stop());
    await instancer.ready;
    assert.match(
      recordEvents(instancer).last()?.error?.message ?? '',
      /consul: watching x: .*bad JSON/,
    );
  });
});
