import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import zookeeper from 'node-zookeeper-client';
import { requireService } from '../services.js';

test('smoke: ZooKeeper creates a node and reads its data back', async (t) => {
  const addr = requireService(t, 'zookeeper');
  if (addr === undefined) return;
  const client = zookeeper.createClient(addr, { sessionTimeout: 10_000, retries: 1 });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ZooKeeper session with ${addr}`)),
        10_000,
      );
      client.once('connected', () => {
        clearTimeout(timer);
        resolve();
      });
      client.connect();
    });
    const path = `/svckit-smoke-${randomUUID()}`;
    await new Promise<void>((resolve, reject) => {
      client.create(path, Buffer.from('hello zk'), zookeeper.CreateMode.EPHEMERAL, (err) =>
        err ? reject(err) : resolve(),
      );
    });
    const data = await new Promise<Buffer | undefined>((resolve, reject) => {
      client.getData(path, (err, buf) => (err ? reject(err) : resolve(buf)));
    });
    assert.equal(data?.toString('utf8'), 'hello zk');
  } finally {
    client.close();
  }
});
