import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import {
  instancerConformance,
  recordEvents,
  registrarConformance,
  startRegistrarProcess,
} from '@svckit/core/sd/conformance';
import { requireService, serviceUrl, startTcpProxy } from '@svckit/testing';
import { createZooKeeperClient, zooKeeperInstancer, zooKeeperRegistrar } from './index.js';
import { getChildren, mkdirp } from './ops.js';
import type { ZooKeeperClient } from './index.js';

// Against the real ZooKeeper the harness starts (`services.sh up zookeeper`), each test under
// a path of its own; the instancer's faults go through a TCP proxy cut and restored.
const addr = serviceUrl('zookeeper');
const child = fileURLToPath(new URL('./testdata/register-child.js', import.meta.url));
const SESSION_MS = 4000; // the server's minimum (2 ticks of 2 s)

/** setChildren makes the children of path hold exactly `instances`, in one transaction. */
async function setChildren(
  admin: ZooKeeperClient,
  path: string,
  instances: readonly string[],
): Promise<void> {
  const zk = admin.current();
  await mkdirp(zk, path);
  const name = (i: string) => `i-${encodeURIComponent(i)}`;
  const now = new Set(await getChildren(zk, path));
  const wanted = new Set(instances.map(name));
  const tx = zk.transaction();
  let ops = 0;
  for (const c of now) {
    if (wanted.has(c)) continue;
    tx.remove(`${path}/${c}`);
    ops++;
  }
  for (const i of instances) {
    if (now.has(name(i))) continue;
    tx.create(`${path}/${name(i)}`, Buffer.from(i));
    ops++;
  }
  if (ops === 0) return;
  await new Promise<void>((resolve, reject) => tx.commit((err) => (err ? reject(err) : resolve())));
}

async function removeTree(admin: ZooKeeperClient, path: string): Promise<void> {
  // removeRecursive exists in node-zookeeper-client 1.1 but not in its types.
  const zk = admin.current() as unknown as {
    removeRecursive(path: string, version: number, cb: (err: unknown) => void): void;
  };
  await new Promise<void>((resolve) => zk.removeRecursive(path, -1, () => resolve()));
}

describe('zookeeper', () => {
  if (addr === undefined) {
    it('needs ZooKeeper', (t) => void requireService(t, 'zookeeper'));
    return;
  }
  const admin = createZooKeeperClient(addr);
  after(() => admin.close());
  const [host, port] = addr.split(':') as [string, string];

  instancerConformance('zookeeper', async (initial) => {
    await admin.connected();
    const path = `/svckit-test/${randomUUID()}`;
    await setChildren(admin, path, initial);
    const proxy = await startTcpProxy(host, Number(port));
    const client = createZooKeeperClient(`127.0.0.1:${proxy.port}`);
    const instancer = zooKeeperInstancer(client, path);
    await instancer.ready;
    return {
      instancer,
      setInstances: async (instances) => {
        proxy.restore();
        await setChildren(admin, path, instances);
      },
      injectError: async () => proxy.cut(),
      close: async () => {
        instancer.stop();
        client.close();
        await proxy.close();
        await removeTree(admin, path);
      },
    };
  });

  registrarConformance(
    'zookeeper',
    async () => {
      await admin.connected();
      const path = `/svckit-test/${randomUUID()}`;
      const client = createZooKeeperClient(addr);
      return {
        registrar: (instance) => zooKeeperRegistrar(client, { path, data: instance }),
        instancer: () => zooKeeperInstancer(client, path),
        spawn: (instance) =>
          startRegistrarProcess(child, [addr, path, instance, String(SESSION_MS)]),
        ttlMs: SESSION_MS,
        close: async () => {
          client.close();
          await removeTree(admin, path);
        },
      };
    },
    { slackMs: 3000 }, // the server expires sessions on its tick (2 s)
  );

  it('after a session expiry, registers again and watches again in a new session', async () => {
    await admin.connected();
    const path = `/svckit-test/${randomUUID()}`;
    // The registrar's and an instancer's client reach ZooKeeper through a proxy, cut for longer
    // than the session timeout: the server expires the session and deletes the node.
    const proxy = await startTcpProxy(host, Number(port));
    const client = createZooKeeperClient(`127.0.0.1:${proxy.port}`, {
      sessionTimeoutMs: SESSION_MS,
    });
    const registrar = zooKeeperRegistrar(client, { path, data: '10.0.0.1:80' });
    const watching = zooKeeperInstancer(client, path);
    const seen = recordEvents(watching);
    const states: string[] = [];
    client.onState((s) => states.push(s));
    try {
      await registrar.register();
      await seen.waitForLatest((e) => e?.instances.includes('10.0.0.1:80') === true, 5000);
      const oldSession = client.current().getSessionId();
      proxy.cut();
      await seen.waitForLatest((e) => e?.error !== undefined, 5000);
      // The server forgets the session (its node goes) one timeout, and a tick, after the cut.
      await waitUntil(() => false, SESSION_MS + 3000).catch(() => {});
      assert.deepEqual(await getChildren(admin.current(), path), [], 'the expired node is gone');
      proxy.restore();
      await waitUntil(() => states.includes('expired'), 10_000);
      await waitUntil(() => !client.current().getSessionId().equals(oldSession), 10_000);
      await seen.waitForLatest((e) => e?.instances.includes('10.0.0.1:80') === true, 10_000);
      assert.equal((await getChildren(admin.current(), path)).length, 1, 'exactly one node');
      // The new session's watch works: a second instance shows.
      const other = zooKeeperRegistrar(admin, { path, data: '10.0.0.2:80' });
      await other.register();
      await seen.waitForLatest((e) => e?.instances.length === 2, 5000);
      await other.deregister();
    } finally {
      await registrar.deregister();
      watching.stop();
      client.close();
      await proxy.close();
      await removeTree(admin, path);
    }
  });

  it('rejects bad paths', () => {
    assert.throws(() => zooKeeperInstancer(admin, 'x'), RangeError);
    assert.throws(() => zooKeeperRegistrar(admin, { path: '/x/', data: 'a' }), RangeError);
  });
});

async function waitUntil(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
