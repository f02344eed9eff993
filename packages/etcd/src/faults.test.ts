import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEndpointer } from '@svckit/core/sd';
import { recordEvents } from '@svckit/core/sd/conformance';
import { background } from '@svckit/core/context';
import { freePort, requireBinary, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { createEtcdClient, etcdInstancer, etcdRegistrar } from './index.js';

// Faults on an etcd of the test's own (free ports, its own data dir), killed and restarted.

interface OwnEtcd {
  readonly url: string;
  kill(): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function ownEtcd(bin: string): Promise<OwnEtcd> {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-etcd-'));
  const clientPort = await freePort();
  const peerPort = await freePort({ avoid: new Set([clientPort]) });
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  let proc: StartedProcess | undefined;
  let first = true;
  const start = async (): Promise<void> => {
    proc = await startProcess(bin, [
      ...['--name', 'own', '--data-dir', join(dir, 'data')],
      ...['--listen-client-urls', url, '--advertise-client-urls', url],
      ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
      ...[
        '--initial-cluster',
        `own=${peer}`,
        '--initial-cluster-state',
        first ? 'new' : 'existing',
      ],
    ]);
    first = false;
    await waitForPort('127.0.0.1', clientPort, 15_000);
  };
  const kill = async (): Promise<void> => {
    proc?.signal('SIGKILL');
    await proc?.exited;
    proc = undefined;
  };
  await start();
  return {
    url,
    kill,
    signal: (signal) => proc?.signal(signal),
    start,
    async stop() {
      await proc?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) assert.fail(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

test('etcd killed: last endpoints kept, invalidated after invalidateOnErrorMs; back: recovered within 5 s', async (t) => {
  const bin = requireBinary(t, 'etcd');
  if (bin === undefined) return;
  const etcd = await ownEtcd(bin);
  const client = createEtcdClient({ hosts: etcd.url });
  t.after(async () => {
    client.close();
    await etcd.stop();
  });
  await client.put('/svc/a').value('127.0.0.1:1001');
  await client.put('/svc/b').value('127.0.0.1:1002');
  const instancer = etcdInstancer(client, '/svc/');
  const r = recordEvents(instancer);
  await instancer.ready;
  const endpointer = createEndpointer<unknown, string>(
    instancer,
    (instance) => ({ endpoint: async () => instance }),
    { invalidateOnErrorMs: 1000 },
  );
  t.after(() => {
    endpointer.close();
    instancer.stop();
  });
  assert.equal(endpointer.endpoints().length, 2);

  await etcd.kill();
  const failed = await r.waitFor((e) => e.error !== undefined, 5000, 'an error event');
  const errorAt = Date.now();
  assert.match(failed.error?.message ?? '', /^etcd: watching \/svc\//);
  assert.equal(endpointer.endpoints().length, 2, 'the last endpoints are kept after the error');
  const [first] = endpointer.endpoints();
  assert.equal(await first?.(background(), {}), '127.0.0.1:1001');
  await waitUntil(
    () => {
      try {
        endpointer.endpoints();
        return false;
      } catch (err) {
        return (err as Error).message === failed.error?.message;
      }
    },
    3000,
    'invalidated',
  );
  const invalidatedAfter = Date.now() - errorAt;
  assert.ok(invalidatedAfter >= 900, `invalidated after ${invalidatedAfter} ms, not before 1000`);
  assert.equal(
    r.events.filter((e) => e.error !== undefined).length,
    1,
    'one error event per outage',
  );

  await etcd.start();
  const backAt = Date.now();
  await waitUntil(() => endpointer.endpoints().length === 2, 5000, 'endpoints back');
  const recoveredMs = Date.now() - backAt;
  t.diagnostic(`recovered ${recoveredMs} ms after etcd listened again`);
  // Changes made after the recovery are seen too (the watch runs again).
  await client.delete().key('/svc/a');
  await waitUntil(() => endpointer.endpoints().length === 1, 5000, 'a removal after recovery');
});

test('etcd down past the TTL: the registrar is registered again once etcd is back', async (t) => {
  const bin = requireBinary(t, 'etcd');
  if (bin === undefined) return;
  const etcd = await ownEtcd(bin);
  const client = createEtcdClient({ hosts: etcd.url });
  const registrar = etcdRegistrar(client, {
    key: '/svc/me',
    value: '127.0.0.1:2001',
    ttlMs: 2000,
    heartbeatMs: 500,
  });
  t.after(async () => {
    await Promise.resolve(registrar.deregister()).catch(() => {});
    client.close();
    await etcd.stop();
  });
  await registrar.register();
  await etcd.kill();
  await sleep(3000); // longer than the TTL
  await etcd.start();
  const backAt = Date.now();
  await waitUntil(
    async () => (await client.get('/svc/me').string()) === '127.0.0.1:2001',
    5000,
    'registered again',
  );
  t.diagnostic(`registered ${Date.now() - backAt} ms after etcd listened again`);
  await sleep(4000); // two TTLs: the heartbeat keeps the (new or restored) lease alive
  assert.equal(await client.get('/svc/me').string(), '127.0.0.1:2001');
  await registrar.deregister();
  assert.equal(await client.get('/svc/me').string(), null);
});

test('etcd hung (SIGSTOP): the keep-alive notices, one error event, endpoints kept; SIGCONT: recovered within 5 s', async (t) => {
  const bin = requireBinary(t, 'etcd');
  if (bin === undefined) return;
  const etcd = await ownEtcd(bin);
  const client = createEtcdClient({ hosts: etcd.url, keepaliveMs: 5000 });
  t.after(async () => {
    etcd.signal('SIGCONT');
    client.close();
    await etcd.stop();
  });
  await client.put('/svc/a').value('127.0.0.1:1001');
  const instancer = etcdInstancer(client, '/svc/');
  const r = recordEvents(instancer);
  await instancer.ready;
  const endpointer = createEndpointer(instancer, (i) => ({ endpoint: async () => i }));
  t.after(() => {
    endpointer.close();
    instancer.stop();
  });
  etcd.signal('SIGSTOP');
  const stoppedAt = Date.now();
  // A hung server sends no reset: only the keep-alive (5 s, then 5 s for the answer) tells.
  await r.waitFor((e) => e.error !== undefined, 20_000, 'an error event');
  t.diagnostic(`a hung etcd noticed ${Date.now() - stoppedAt} ms after SIGSTOP`);
  assert.equal(endpointer.endpoints().length, 1, 'no invalidateOnErrorMs: the endpoints stay');
  etcd.signal('SIGCONT');
  const backAt = Date.now();
  await r.waitForLatest((e) => e?.error === undefined, 5000, 'recovered');
  t.diagnostic(`recovered ${Date.now() - backAt} ms after SIGCONT`);
  await client.put('/svc/b').value('127.0.0.1:1002');
  await waitUntil(() => endpointer.endpoints().length === 2, 5000, 'watching again');
});
