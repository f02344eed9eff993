import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testCounter, testGauge, testHistogram } from '../teststat/index.js';
import { createExpvar, expvarHandler } from './index.js';

describe('expvar', () => {
  it('passes teststat, reading back through the JSON document', async () => {
    const ev = createExpvar();
    await testCounter(ev.newCounter('requests'), () => ev.vars().requests as number);
    await testGauge(ev.newGauge('depth'), () => ev.vars().depth as number);
    await testHistogram(
      ev.newHistogram('latency'),
      () => {
        const v = ev.vars() as Record<string, number>;
        return {
          p50: v['latency.p50']!,
          p90: v['latency.p90']!,
          p95: v['latency.p95']!,
          p99: v['latency.p99']!,
        };
      },
      1,
    );
  });

  it('serves /debug/vars over node:http with cmdline, memstats and labelled series', async (t) => {
    const ev = createExpvar();
    const c = ev.newCounter('hits');
    c.with('method', 'GET').add(3);
    c.add(1);
    ev.publish('version', () => '1.2.3');
    const server = createServer(expvarHandler(ev).node);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/vars`;
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.hits, 1);
    assert.equal(body['hits{method="GET"}'], 3);
    assert.equal(body.version, '1.2.3');
    assert.deepEqual(body.cmdline, process.argv);
    const mem = body.memstats as Record<string, number>;
    assert.ok(mem.heapUsed! > 0 && mem.HeapAlloc === mem.heapUsed);
    const post = await fetch(url, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    await post.body?.cancel();
  });

  it('serves the Fetch API and rejects a reused name', async () => {
    const ev = createExpvar({ builtins: false });
    ev.newGauge('g').set(2.5);
    const res = await expvarHandler(ev).fetch(new Request('http://x/debug/vars'));
    assert.deepEqual(await res.json(), { g: 2.5 });
    assert.throws(() => ev.newCounter('g'), /reuse of exported var name: g/);
    assert.throws(() => createExpvar().publish('memstats', () => 1), /reuse/);
    const empty = createExpvar({ builtins: false });
    empty.newHistogram('h');
    assert.deepEqual(await (await expvarHandler(empty).fetch(new Request('http://x/'))).json(), {
      'h.p50': null,
      'h.p90': null,
      'h.p95': null,
      'h.p99': null,
    });
  });
});
