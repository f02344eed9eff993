import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge as PromGauge } from 'prom-client';
import type { AnyRegistry } from './index.js';
import { gunzipSync } from 'node:zlib';
import { Registry, acceptsGzip, metricsHandler, newCounterFrom } from './index.js';

/** raw GETs url with exactly the given headers and returns status, headers and body bytes. */
function raw(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** failingRegistry holds one gauge whose collect throws message. */
function failingRegistry(message: string): Registry {
  const failing = new Registry();
  new PromGauge({
    name: 'broken',
    help: 'B.',
    registers: [failing],
    collect() {
      throw new Error(message);
    },
  });
  return failing;
}

describe('metricsHandler (node:http)', () => {
  const registry = new Registry();
  const counter = newCounterFrom({ name: 'served_total', help: 'S.', labelNames: ['m'], registry });
  let server: Server;
  let base: string;

  before(async () => {
    const scrape = metricsHandler(registry).node;
    server = createServer((req, res) => {
      if (req.url === '/metrics') return void scrape(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers with the exposition and the registry content type', async () => {
    counter.with('m', 'GET').add(7);
    const res = await raw(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], registry.contentType);
    assert.match(registry.contentType, /^text\/plain; version=0\.0\.4/);
    assert.equal(res.headers['content-encoding'], undefined);
    const body = res.body.toString('utf8');
    assert.match(body, /^# TYPE served_total counter$/m);
    assert.match(body, /^served_total\{m="GET"\} 7$/m);
    assert.equal(Number(res.headers['content-length']), res.body.length);
  });

  it('gzips when the scraper accepts it, as promhttp does', async () => {
    const res = await raw(`${base}/metrics`, { 'accept-encoding': 'gzip' });
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers['vary'], 'Accept-Encoding');
    assert.equal(Number(res.headers['content-length']), res.body.length);
    assert.match(gunzipSync(res.body).toString('utf8'), /^served_total\{m="GET"\} 7$/m);
    const refused = await raw(`${base}/metrics`, { 'accept-encoding': 'gzip;q=0, br' });
    assert.equal(refused.headers['content-encoding'], undefined);
  });

  it('does not gzip with gzip: false', async () => {
    const srv = createServer(metricsHandler(registry, { gzip: false }).node);
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    try {
      const port = (srv.address() as AddressInfo).port;
      const res = await raw(`http://127.0.0.1:${port}/metrics`, { 'accept-encoding': 'gzip' });
      assert.equal(res.headers['content-encoding'], undefined);
      assert.match(res.body.toString('utf8'), /^served_total/m);
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  it('sends headers but no body for HEAD', async () => {
    const res = await fetch(`${base}/metrics`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), registry.contentType);
    assert.equal(await res.text(), '');
  });

  it('answers 500 with the error when collecting fails', async () => {
    const failing = failingRegistry('collector exploded');
    const srv = createServer(metricsHandler(failing).node);
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

describe('metricsHandler (Fetch face)', () => {
  it('answers a Fetch Request with the exposition, gzipped when accepted', async () => {
    const registry = new Registry();
    newCounterFrom({ name: 'fetched_total', help: 'F.', registry }).add(2);
    const handle = metricsHandler(registry).fetch;
    const res = await handle(new Request('http://localhost/metrics'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), registry.contentType);
    assert.equal(res.headers.get('content-encoding'), null);
    assert.match(await res.text(), /^fetched_total 2$/m);
    const zipped = await handle(
      new Request('http://localhost/metrics', { headers: { 'accept-encoding': 'gzip, br' } }),
    );
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    assert.match(gunzipSync(bytes).toString('utf8'), /^fetched_total 2$/m);
  });

  it('follows an OpenMetrics registry content type', async () => {
    const registry: AnyRegistry = new Registry();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    newCounterFrom({ name: 'om_total', help: 'O.', registry }).add(1);
    const res = await metricsHandler(registry).fetch(new Request('http://localhost/metrics'));
    assert.equal(res.headers.get('content-type'), Registry.OPENMETRICS_CONTENT_TYPE);
    const body = await res.text();
    assert.match(body, /^om_total 1$/m);
    assert.match(body, /# EOF\n?$/);
  });

  it('answers 500 when collecting fails', async () => {
    const failing = failingRegistry('nope');
    const res = await metricsHandler(failing).fetch(new Request('http://localhost/metrics'));
    assert.equal(res.status, 500);
    assert.match(await res.text(), /error gathering metrics: nope/);
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding like a server should', () => {
    assert.equal(acceptsGzip('gzip'), true);
    assert.equal(acceptsGzip('deflate, GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('x-gzip'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('identity, br'), false);
    assert.equal(acceptsGzip(''), false);
    assert.equal(acceptsGzip(undefined), false);
  });
});

describe('metricsHandler and a body it never reads', () => {
  it('answers a large unread body with Connection: close instead of draining it (Node and Fetch)', async () => {
    const { connect } = await import('node:net');
    const server = createServer((req, res) => void metricsHandler(new Registry()).node(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let data = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (data += d));
        socket.on('close', () => resolve(data));
        // 100 MB declared, a few bytes sent: the server must answer and close, not wait or drain.
        socket.write('POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\nabc');
      });
      assert.match(reply, /^HTTP\/1\.1 200 /);
      assert.match(reply, /\r\nconnection: close\r\n/i);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const res = await metricsHandler(new Registry()).fetch(
      new Request('http://x/metrics', {
        method: 'POST',
        body: new ReadableStream({ pull: () => undefined }),
        duplex: 'half',
        headers: { 'content-length': '100000000' },
      } as RequestInit),
    );
    assert.equal(res.headers.get('connection'), 'close');
    const small = await metricsHandler(new Registry()).fetch(new Request('http://x/metrics'));
    assert.equal(small.headers.get('connection'), null);
  });
});
