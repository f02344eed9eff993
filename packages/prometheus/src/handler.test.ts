import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge as PromGauge } from 'prom-client';
import type { AnyRegistry } from './index.js';
import { Registry, metricsFetchHandler, metricsHandler, newCounterFrom } from './index.js';

describe('metricsHandler (node:http)', () => {
  const registry = new Registry();
  const counter = newCounterFrom({ name: 'served_total', help: 'S.', labelNames: ['m'], registry });
  let server: Server;
  let base: string;

  before(async () => {
    const scrape = metricsHandler(registry);
    server = createServer((req, res) => {
      if (req.url === '/metrics') return scrape(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers with the exposition and the registry content type', async () => {
    counter.with('m', 'GET').add(7);
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), registry.contentType);
    assert.match(registry.contentType, /^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    assert.match(body, /^# TYPE served_total counter$/m);
    assert.match(body, /^served_total\{m="GET"\} 7$/m);
    assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(body));
  });

  it('sends headers but no body for HEAD', async () => {
    const res = await fetch(`${base}/metrics`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), registry.contentType);
    assert.equal(await res.text(), '');
  });

  it('answers 500 with the error when collecting fails', async () => {
    const failing = new Registry();
    new PromGauge({
      name: 'broken',
      help: 'B.',
      registers: [failing],
      collect() {
        throw new Error('collector exploded');
      },
    });
    const scrape = metricsHandler(failing);
    const srv = createServer((req, res) => scrape(req, res));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/metrics`);
      assert.equal(res.status, 500);
      assert.match(await res.text(), /collector exploded/);
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });
});

describe('metricsFetchHandler', () => {
  it('answers a Fetch Request with the exposition', async () => {
    const registry = new Registry();
    newCounterFrom({ name: 'fetched_total', help: 'F.', registry }).add(2);
    const handle = metricsFetchHandler(registry);
    const res = await handle(new Request('http://localhost/metrics'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), registry.contentType);
    assert.match(await res.text(), /^fetched_total 2$/m);
  });

  it('follows an OpenMetrics registry content type', async () => {
    const registry: AnyRegistry = new Registry();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    newCounterFrom({ name: 'om_total', help: 'O.', registry }).add(1);
    const res = await metricsFetchHandler(registry)(new Request('http://localhost/metrics'));
    assert.equal(res.headers.get('content-type'), Registry.OPENMETRICS_CONTENT_TYPE);
    const body = await res.text();
    assert.match(body, /^om_total 1$/m);
    assert.match(body, /# EOF\n?$/);
  });

  it('answers 500 when collecting fails', async () => {
    const failing = new Registry();
    new PromGauge({
      name: 'broken',
      help: 'B.',
      registers: [failing],
      collect() {
        throw new Error('nope');
      },
    });
    const res = await metricsFetchHandler(failing)(new Request('http://localhost/metrics'));
    assert.equal(res.status, 500);
    assert.match(await res.text(), /error gathering metrics: nope/);
  });
});
