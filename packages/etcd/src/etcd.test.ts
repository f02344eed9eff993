import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Etcd3 } from 'etcd3';
import {
  instancerConformance,
  registrarConformance,
  startRegistrarProcess,
} from '@svckit/core/sd/conformance';
import type { Event } from '@svckit/core/sd';
import { requireService, serviceUrl, startTcpProxy } from '@svckit/testing';
import { createEtcdClient, etcdInstancer, etcdRegistrar } from './index.js';

// Against the real etcd the harness starts (`services.sh up etcd`). Each test works under a
// prefix of its own; the instancer's faults go through a TCP proxy cut and restored, so the
// shared etcd stays up (own-instance kills are in faults.test.ts).
const url = serviceUrl('etcd');
const child = fileURLToPath(new URL('./testdata/register-child.js', import.meta.url));

describe('etcd', () => {
  const admin: Etcd3 = createEtcdClient({ hosts: url ?? 'http://127.0.0.1:1' });
  after(() => admin.close());

  /** setPrefix makes the keys under prefix exactly `prefix + instance` for instances, in one txn. */
  const setPrefix = async (prefix: string, instances: readonly string[]): Promise<void> => {
    const now = new Set(await admin.getAll().prefix(prefix).keys());
    const wanted = new Set(instances.map((i) => `${prefix}${i}`));
    const success = [
      ...[...now]
        .filter((k) => !wanted.has(k))
        .map((k) => ({ request_delete_range: { key: Buffer.from(k) } })),
      ...instances
        .filter((i) => !now.has(`${prefix}${i}`))
        .map((i) => ({
          request_put: { key: Buffer.from(`${prefix}${i}`), value: Buffer.from(i) },
        })),
    ];
    if (success.length > 0) await admin.kv.txn({ success });
  };

  if (url === undefined) {
    it('needs etcd', (t) => void requireService(t, 'etcd'));
    return;
  }
  const { hostname, port } = new URL(url);

  instancerConformance('etcd', async (initial) => {
    const prefix = `/svckit/test/${randomUUID()}/`;
    await setPrefix(prefix, initial);
    const proxy = await startTcpProxy(hostname, Number(port));
    const client = createEtcdClient({ hosts: `http://127.0.0.1:${proxy.port}` });
    const instancer = etcdInstancer(client, prefix);
    await instancer.ready;
    return {
      instancer,
      setInstances: async (instances) => {
        proxy.restore();
        await setPrefix(prefix, instances);
      },
      injectError: async () => proxy.cut(),
      close: async () => {
        instancer.stop();
        client.close();
        await proxy.close();
        await admin.delete().prefix(prefix);
      },
    };
  });

  registrarConformance('etcd', () => {
    const prefix = `/svckit/test/${randomUUID()}/`;
    const client = createEtcdClient({ hosts: url });
    return {
      registrar: (instance) =>
        etcdRegistrar(client, { key: `${prefix}${instance}`, value: instance }),
      instancer: () => etcdInstancer(client, prefix),
      spawn: (instance) => startRegistrarProcess(child, [url, prefix, instance, '3000']),
      ttlMs: 3000,
      close: async () => {
        await admin.delete().prefix(prefix);
        client.close();
      },
    };
  });

  it('publishes the values of keys under the prefix only, one transaction as one event', async () => {
    const prefix = `/svckit/test/${randomUUID()}/`;
    await admin.put(`${prefix.slice(0, -1)}-sibling/x`).value('10.0.0.9:1');
    const instancer = etcdInstancer(admin, prefix);
    const events: Event[] = [];
    instancer.register((e) => events.push(e));
    await instancer.ready;
    await setPrefix(prefix, ['10.0.0.1:1', '10.0.0.2:2', '10.0.0.3:3']);
    await waitUntil(() => events.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    instancer.stop();
    await admin.delete().prefix(prefix.slice(0, -1));
    assert.deepEqual(
      events.map((e) => [...e.instances]),
      [[], ['10.0.0.1:1', '10.0.0.2:2', '10.0.0.3:3']],
    );
  });

  it('the registrar writes the key again when its lease is revoked behind its back', async () => {
    const prefix = `/svckit/test/${randomUUID()}/`;
    const logged: unknown[][] = [];
    const registrar = etcdRegistrar(admin, {
      key: `${prefix}a`,
      value: '10.0.0.1:80',
      ttlMs: 2000,
      heartbeatMs: 200,
      logger: { log: (...kv: unknown[]) => void logged.push(kv) },
    });
    await registrar.register();
    const kv = await admin.get(`${prefix}a`).exec();
    const leaseId = kv.kvs[0]?.lease;
    assert.ok(leaseId !== undefined && leaseId !== '0', 'the key has a lease');
    await admin.leaseClient.leaseRevoke({ ID: leaseId });
    assert.equal(await admin.get(`${prefix}a`).string(), null, 'revoking deleted the key');
    await waitUntil(async () => (await admin.get(`${prefix}a`).string()) === '10.0.0.1:80');
    assert.ok(logged.some((kv) => kv.includes('etcd lease lost, registering again')));
    await registrar.deregister();
    assert.equal(await admin.get(`${prefix}a`).string(), null);
  });

  it('rejects bad options', () => {
    assert.throws(() => etcdInstancer(admin, ''), RangeError);
    assert.throws(() => etcdRegistrar(admin, { key: 'k', value: 'v', ttlMs: 500 }), RangeError);
    assert.throws(
      () => etcdRegistrar(admin, { key: 'k', value: 'v', ttlMs: 3000, heartbeatMs: 3000 }),
      RangeError,
    );
    assert.throws(() => createEtcdClient({ hosts: 'http://x', reconnectMaxMs: 0 }), RangeError);
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
