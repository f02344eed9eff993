import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEndpointer } from '@svckit/core/sd';
import { recordEvents } from '@svckit/core/sd/conformance';
import { freePort, requireBinary, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { createZooKeeperClient, zooKeeperInstancer, zooKeeperRegistrar } from './index.js';

// Faults on a ZooKeeper of the test's own (free port, its own data dir), killed with SIGKILL
// and started again on the same port and data.

async function ownZooKeeper(java: string, jar: string) {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-zk-'));
  const port = await freePort();
  const cfg = join(dir, 'zoo.cfg');
  writeFileSync(
    cfg,
    [
      ...['tickTime=500', 'initLimit=10', 'syncLimit=5', `dataDir=${join(dir, 'data')}`],
      ...[`clientPort=${port}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false'],
      '4lw.commands.whitelist=ruok',
      '',
    ].join('\n'),
  );
  let proc: StartedProcess | undefined;
  const start = async (): Promise<void> => {
    proc = await startProcess(java, [
      ...['-Xmx128m', `-Dzookeeper.log.dir=${dir}`, '-Dzookeeper.jmx.log4j.disable=true'],
      ...['-cp', jar, 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg],
    ]);
    await waitForPort('127.0.0.1', port, 30_000);
    await serving(port, 30_000);
  };
  await start();
  return {
    addr: `127.0.0.1:${port}`,
    start,
    signal: (signal: NodeJS.Signals) => proc?.signal(signal),
    async kill() {
      proc?.signal('SIGKILL');
      await proc?.exited;
      proc = undefined;
    },
    async stop() {
      await proc?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** serving resolves once ZooKeeper answers `ruok` with `imok` (it serves sessions then). */
async function serving(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write('ruok'));
      socket.setTimeout(1000, () => socket.destroy());
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => {});
    });
    if (answer === 'imok') return;
    if (Date.now() > until) assert.fail(`ZooKeeper not serving on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('ZooKeeper killed: last endpoints kept, invalidated after invalidateOnErrorMs; back: recovered within 5 s', async (t) => {
  const java = requireBinary(t, 'java');
  const jar = requireBinary(t, 'zookeeper-jar');
  if (java === undefined || jar === undefined) return;
  const zk = await ownZooKeeper(java, jar);
  const client = createZooKeeperClient(zk.addr, { sessionTimeoutMs: 10_000 });
  const registrar = zooKeeperRegistrar(client, { path: '/svc', data: '127.0.0.1:1001' });
  t.after(async () => {
    client.close();
    await zk.stop();
  });
  await registrar.register();
  const instancer = zooKeeperInstancer(client, '/svc');
  const r = recordEvents(instancer);
  await instancer.ready;
  const endpointer = createEndpointer(instancer, (i) => ({ endpoint: async () => i }), {
    invalidateOnErrorMs: 1000,
  });
  t.after(() => {
    endpointer.close();
    instancer.stop();
  });
  assert.equal(endpointer.endpoints().length, 1);

  await zk.kill();
  await r.waitFor((e) => e.error !== undefined, 10_000, 'an error event');
  const errorAt = Date.now();
  assert.equal(endpointer.endpoints().length, 1, 'the last endpoints are kept after the error');
  await waitUntil(
    () => {
      try {
        endpointer.endpoints();
        return false;
      } catch {
        return true;
      }
    },
    3000,
    'invalidated',
  );
  assert.ok(Date.now() - errorAt >= 900, 'not invalidated before invalidateOnErrorMs');
  assert.equal(r.events.filter((e) => e.error !== undefined).length, 1, 'one error per outage');

  await zk.start();
  const backAt = Date.now();
  await waitUntil(() => endpointer.endpoints().length === 1, 5000, 'endpoints back');
  t.diagnostic(`recovered ${Date.now() - backAt} ms after ZooKeeper listened again`);
  // The watch is armed again: a second instance shows.
  const other = zooKeeperRegistrar(client, { path: '/svc', data: '127.0.0.1:1002' });
  await other.register();
  await waitUntil(() => endpointer.endpoints().length === 2, 5000, 'a change after recovery');
  await other.deregister();
  await registrar.deregister();
});

test('ZooKeeper hung (SIGSTOP): noticed within the session timeout, endpoints kept; SIGCONT: recovered within 5 s', async (t) => {
  const java = requireBinary(t, 'java');
  const jar = requireBinary(t, 'zookeeper-jar');
  if (java === undefined || jar === undefined) return;
  const zk = await ownZooKeeper(java, jar);
  const client = createZooKeeperClient(zk.addr, { sessionTimeoutMs: 6000 });
  t.after(async () => {
    zk.signal('SIGCONT');
    client.close();
    await zk.stop();
  });
  const registrar = zooKeeperRegistrar(client, { path: '/svc', data: '127.0.0.1:1001' });
  await registrar.register();
  const instancer = zooKeeperInstancer(client, '/svc');
  const r = recordEvents(instancer);
  await instancer.ready;
  const endpointer = createEndpointer(instancer, (i) => ({ endpoint: async () => i }));
  t.after(() => {
    endpointer.close();
    instancer.stop();
  });
  zk.signal('SIGSTOP');
  const stoppedAt = Date.now();
  await r.waitFor((e) => e.error !== undefined, 10_000, 'an error event');
  t.diagnostic(`a hung ZooKeeper noticed ${Date.now() - stoppedAt} ms after SIGSTOP`);
  assert.equal(endpointer.endpoints().length, 1, 'the endpoints stay');
  zk.signal('SIGCONT');
  const backAt = Date.now();
  await r.waitForLatest((e) => e?.error === undefined, 5000, 'recovered');
  t.diagnostic(`recovered ${Date.now() - backAt} ms after SIGCONT`);
  assert.deepEqual([...(r.last()?.instances ?? [])], ['127.0.0.1:1001']);
  await registrar.deregister();
});
