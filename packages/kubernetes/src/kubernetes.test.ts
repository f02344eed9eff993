import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { instancerConformance, recordEvents } from '@svckit/core/sd/conformance';
import { createEndpointer } from '@svckit/core/sd';
import { makeTestCerts } from '@svckit/testing';
import {
  createKubernetesClient,
  inClusterConfig,
  instancesOfSlices,
  kubernetesInstancer,
} from './index.js';
import type { EndpointSlice } from './index.js';
import { startApiServerDouble } from './testdata/apiserver-double.js';

// Against a double of the API server's list/watch protocol (testdata/apiserver-double.ts).
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** sliceOf makes one slice holding one instance `host:port` (port named http). */
function sliceOf(instance: string): EndpointSlice & { metadata: { name: string } } {
  const at = instance.lastIndexOf(':');
  return {
    metadata: { name: `svc-${instance.replace(/[^a-z0-9]/g, '-')}` },
    addressType: 'FQDN',
    ports: [{ name: 'http', port: Number(instance.slice(at + 1)), protocol: 'TCP' }],
    endpoints: [{ addresses: [instance.slice(0, at)], conditions: { ready: true } }],
  };
}

instancerConformance('kubernetes (double)', async (initial) => {
  const api = await startApiServerDouble({ token: 't0k3n' });
  api.setSlices('prod', 'svc', initial.map(sliceOf));
  const client = createKubernetesClient({ server: api.url, token: 't0k3n', namespace: 'prod' });
  const instancer = kubernetesInstancer(client, 'svc', { port: 'http', retryMaxMs: 200 });
  await instancer.ready;
  return {
    instancer,
    setInstances: async (instances) => {
      api.failing(undefined);
      api.setSlices('prod', 'svc', instances.map(sliceOf));
    },
    injectError: async () => api.failing(500),
    close: async () => {
      instancer.stop();
      await api.close();
    },
  };
});

describe('kubernetes instancer', () => {
  it('ready endpoints only (absent ready counts as ready), by port name or number, IPv6 in brackets', () => {
    const slices: EndpointSlice[] = [
      {
        ports: [
          { name: 'http', port: 8080 },
          { name: 'grpc', port: 9090 },
        ],
        endpoints: [
          { addresses: ['10.0.0.1'], conditions: { ready: true } },
          { addresses: ['10.0.0.2'], conditions: { ready: false } },
          { addresses: ['10.0.0.3'], conditions: {} },
          { addresses: ['10.0.0.4'] },
          { addresses: ['fd00::5'], conditions: { ready: null } },
          { addresses: [''] },
        ],
      },
      { ports: [{ name: 'http', port: 8080 }], endpoints: [{ addresses: ['10.0.0.1'] }] }, // a duplicate
    ];
    assert.deepEqual(instancesOfSlices(slices, 'grpc'), [
      '10.0.0.1:9090',
      '10.0.0.3:9090',
      '10.0.0.4:9090',
      '[fd00::5]:9090',
    ]);
    assert.deepEqual(instancesOfSlices(slices, 8080), [
      '10.0.0.1:8080',
      '10.0.0.3:8080',
      '10.0.0.4:8080',
      '[fd00::5]:8080',
    ]);
    assert.throws(
      () => instancesOfSlices(slices, undefined),
      /ports http, grpc: choose one with the port option/,
    );
    assert.deepEqual(
      instancesOfSlices([{ ports: null, endpoints: [{ addresses: ['x'] }] }], undefined),
      [],
    );
  });

  it('a dropped watch resumes from the last resourceVersion, without a new list', async (t) => {
    const api = await startApiServerDouble();
    api.setEndpoints('default', 'users', 'users-a', ['10.0.0.1']);
    const instancer = kubernetesInstancer(createKubernetesClient({ server: api.url }), 'users');
    t.after(async () => {
      instancer.stop();
      await api.close();
    });
    await instancer.ready;
    const r = recordEvents(instancer);
    await sleep(100);
    api.bookmark();
    await sleep(100);
    api.dropWatches();
    api.setEndpoints('default', 'users', 'users-a', ['10.0.0.1', '10.0.0.2'], ['10.0.0.3']);
    await r.waitForLatest((e) => e?.instances.length === 2);
    assert.deepEqual([...(r.last()?.instances ?? [])], ['10.0.0.1:8080', '10.0.0.2:8080']);
    assert.equal(
      api.requests.filter((q) => q === 'list').length,
      1,
      `requests: ${api.requests.join(', ')}`,
    );
    assert.equal(api.requests.filter((q) => q.startsWith('watch')).length, 2);
    assert.ok(!r.events.some((e) => e.error !== undefined), 'a dropped watch is not an outage');
  });

  it('410 Gone (history compacted) lists again', async (t) => {
    const api = await startApiServerDouble();
    api.setEndpoints('default', 'users', 'users-a', ['10.0.0.1']);
    const instancer = kubernetesInstancer(createKubernetesClient({ server: api.url }), 'users');
    t.after(async () => {
      instancer.stop();
      await api.close();
    });
    await instancer.ready;
    const r = recordEvents(instancer);
    await sleep(100);
    api.dropWatches();
    api.setEndpoints('default', 'users', 'users-b', ['10.0.0.9']);
    api.compact();
    await r.waitForLatest((e) => e?.instances.length === 2);
    assert.equal(
      api.requests.filter((q) => q === 'list').length,
      2,
      `requests: ${api.requests.join(', ')}`,
    );
    api.remove('default', 'users-a');
    await r.waitForLatest((e) => e?.instances.length === 1 && e.instances[0] === '10.0.0.9:8080');
  });

  it('watches that end at once are resumed with back-off, never in a tight loop', async (t) => {
    const api = await startApiServerDouble();
    api.setEndpoints('default', 'users', 'users-a', ['10.0.0.1']);
    const instancer = kubernetesInstancer(createKubernetesClient({ server: api.url }), 'users', {
      watchTimeoutS: 0, // the server ends every watch at once
      retryMaxMs: 1000,
    });
    t.after(async () => {
      instancer.stop();
      await api.close();
    });
    await instancer.ready;
    await sleep(3000);
    const watches = api.requests.filter((q) => q.startsWith('watch')).length;
    t.diagnostic(`${watches} watch requests in 3 s against a server ending each at once`);
    assert.ok(watches <= 10, `${watches} watches in 3 s`);
  });

  it('401 is a permission_denied error event; several ports without the option is an error naming them', async (t) => {
    const api = await startApiServerDouble({ token: 'right' });
    api.apply('default', 'multi', {
      metadata: { name: 'multi-a' },
      ports: [
        { name: 'http', port: 80 },
        { name: 'metrics', port: 9100 },
      ],
      endpoints: [{ addresses: ['10.0.0.1'] }],
    });
    const wrong = kubernetesInstancer(
      createKubernetesClient({ server: api.url, token: 'wrong' }),
      'multi',
    );
    const ambiguous = kubernetesInstancer(
      createKubernetesClient({ server: api.url, token: 'right' }),
      'multi',
    );
    t.after(async () => {
      wrong.stop();
      ambiguous.stop();
      await api.close();
    });
    await Promise.all([wrong.ready, ambiguous.ready]);
    const w = recordEvents(wrong).last();
    assert.equal((w?.error as { code?: string } | undefined)?.code, 'permission_denied');
    assert.match(recordEvents(ambiguous).last()?.error?.message ?? '', /ports http, metrics/);
  });

  it('API server failing: last endpoints kept, invalidated after invalidateOnErrorMs; back: recovered within 5 s', async (t) => {
    const api = await startApiServerDouble();
    api.setEndpoints('default', 'users', 'users-a', ['10.0.0.1', '10.0.0.2']);
    const instancer = kubernetesInstancer(createKubernetesClient({ server: api.url }), 'users');
    const endpointer = createEndpointer(instancer, (i) => ({ endpoint: async () => i }), {
      invalidateOnErrorMs: 1000,
    });
    t.after(async () => {
      endpointer.close();
      instancer.stop();
      await api.close();
    });
    await instancer.ready;
    const r = recordEvents(instancer);
    api.failing(503);
    await r.waitForLatest((e) => e?.error !== undefined, 5000, 'an error event');
    assert.equal(endpointer.endpoints().length, 2);
    await sleep(1100);
    assert.throws(() => endpointer.endpoints(), /kubernetes: watching default\/users/);
    api.failing(undefined);
    const backAt = Date.now();
    await r.waitForLatest((e) => e?.instances.length === 2, 5000, 'back');
    t.diagnostic(`recovered ${Date.now() - backAt} ms after the API server answered again`);
    assert.equal(r.events.filter((e) => e.error !== undefined).length, 1, 'one error per outage');
  });

  it('in-cluster configuration: HTTPS with the service account CA, token and namespace', async (t) => {
    if (!existsSync('/usr/bin/openssl')) {
      if (process.env['CI'] === 'true') assert.fail('openssl is needed to make a test certificate');
      t.skip('!!! openssl missing: no test certificate');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'svckit-sa-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    // The CA lands in <dir>/ca.crt, where inClusterConfig looks for the service account's.
    const certs = makeTestCerts(dir);
    writeFileSync(join(dir, 'token'), 'sa-token\n');
    writeFileSync(join(dir, 'namespace'), 'shop\n');
    const tls = { key: certs.serverKey, cert: certs.serverCert };
    const api = await startApiServerDouble({ token: 'sa-token', tls });
    t.after(() => api.close());
    api.setEndpoints('shop', 'cart', 'cart-a', ['10.1.0.1']);
    const port = new URL(api.url).port;
    const config = inClusterConfig({
      dir,
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
    });
    assert.equal(config.server, `https://127.0.0.1:${port}`);
    assert.equal(config.namespace, 'shop');
    const instancer = kubernetesInstancer(createKubernetesClient(config), 'cart');
    t.after(() => instancer.stop());
    await instancer.ready;
    assert.deepEqual([...(recordEvents(instancer).last()?.instances ?? [])], ['10.1.0.1:8080']);
    // Without the CA the server's certificate is refused.
    const untrusted = kubernetesInstancer(
      createKubernetesClient({ ...config, ca: undefined as unknown as string }),
      'cart',
    );
    t.after(() => untrusted.stop());
    await untrusted.ready;
    assert.match(recordEvents(untrusted).last()?.error?.message ?? '', /certificate/);
    assert.throws(() => inClusterConfig({ dir, env: {} }), /not in a cluster/);
    assert.throws(
      () => inClusterConfig({ dir: join(dir, 'none'), env: { KUBERNETES_SERVICE_HOST: 'h' } }),
      /no service account/,
    );
    assert.throws(
      () => kubernetesInstancer(createKubernetesClient(config), 'Bad_Name'),
      RangeError,
    );
  });
});
