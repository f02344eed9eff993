import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from './server.js';

describe('hello example over real HTTP', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = await listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('greets by name', async () => {
    const res = await fetch(`${base}/hello`, { method: 'POST', body: '{"name":"ada"}' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { greeting: 'hello, ada' });
  });

  it('answers bad JSON with 400, wrong type with 400, unknown path with 404', async () => {
    assert.equal((await fetch(`${base}/hello`, { method: 'POST', body: '{nope' })).status, 400);
    assert.equal(
      (await fetch(`${base}/hello`, { method: 'POST', body: '{"name":1}' })).status,
      400,
    );
    assert.equal((await fetch(`${base}/other`)).status, 404);
  });

  it('answers an oversized body with 413', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(100 * 1024) });
    const res = await fetch(`${base}/hello`, { method: 'POST', body });
    assert.equal(res.status, 413);
  });
});
