import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { Etcd3 } from 'etcd3';
import { requireService } from '../services.js';

test('smoke: etcd puts and gets a key over gRPC (etcd3)', async (t) => {
  const url = requireService(t, 'etcd');
  if (url === undefined) return;
  const client = new Etcd3({ hosts: url, dialTimeout: 5000 });
  try {
    const key = `/svckit/smoke/${randomUUID()}`;
    await client.put(key).value('grpc');
    assert.equal(await client.get(key).string(), 'grpc');
    await client.delete().key(key);
    assert.equal(await client.get(key).string(), null);
  } finally {
    client.close();
  }
});

test('smoke: etcd puts and gets a key over the v3 HTTP/JSON gateway', async (t) => {
  const url = requireService(t, 'etcd');
  if (url === undefined) return;
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  const key = `/svckit/smoke/${randomUUID()}`;
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(new URL(path, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };
  await post('/v3/kv/put', { key: b64(key), value: b64('json') });
  const got = (await post('/v3/kv/range', { key: b64(key) })) as {
    kvs?: { value: string }[];
  };
  assert.equal(Buffer.from(got.kvs?.[0]?.value ?? '', 'base64').toString('utf8'), 'json');
  await post('/v3/kv/deleterange', { key: b64(key) });
});
