import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { requireService } from '../services.js';

test('smoke: Redis answers PING and stores a key', async (t) => {
  const url = requireService(t, 'redis');
  if (url === undefined) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    assert.equal(await redis.ping(), 'PONG');
    const key = `svckit:smoke:${randomUUID()}`;
    await redis.set(key, 'v', 'EX', 60);
    assert.equal(await redis.get(key), 'v');
    await redis.del(key);
  } finally {
    redis.disconnect();
  }
});
