import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { createZooKeeperClient } from './index.js';

test('a server that accepts but never answers the handshake is left after handshakeTimeoutMs', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => void sockets.push(socket)); // reads, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const logged: unknown[][] = [];
  const client = createZooKeeperClient(`127.0.0.1:${port}`, {
    handshakeTimeoutMs: 200,
    logger: { log: (...kv: unknown[]) => void logged.push(kv) },
  });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(sockets.length >= 3, `reconnected ${sockets.length - 1} times, not at least 2`);
    assert.ok(logged.some((kv) => kv.includes('zookeeper handshake timed out, reconnecting')));
    await assert.rejects(client.connected(100), /no session with 127\.0\.0\.1:\d+ within 100 ms/);
    assert.equal(client.state(), 'disconnected');
  } finally {
    client.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
