import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { background } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { listen, shutdown } from '@svckit/core/transport/http';
import {
  createBatchClient,
  createClient,
  createServer,
  method,
} from '@svckit/core/transport/http/jsonrpc';
import { httpClientTrace, httpServerTrace, jsonRpcClientTrace, traceMethods } from './index.js';
import { memory, parentOf } from './memory.test.helper.js';

const m = memory();
const tracerProvider = m.provider;
const propagator = new W3CTraceContextPropagator();
let http: NodeServer;
let url: string;

before(async () => {
  const server = createServer(
    traceMethods(
      {
        sum: method({
          endpoint: async (_ctx, r: { a: number; b: number }) => {
            if (r.a < 0) throw new ServiceError('internal', 'overflow');
            return r.a + r.b;
          },
          decode: (_ctx, p) => {
            const { a, b } = (p ?? {}) as Record<string, unknown>;
            if (typeof a !== 'number' || typeof b !== 'number') {
              throw new ServiceError('invalid_argument', 'a and b must be numbers');
            }
            return { a, b };
          },
        }),
      },
      { tracerProvider },
    ),
    { ...httpServerTrace({ tracerProvider, propagator }) },
  );
  http = await listen(server.node, { port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
});
after(() => shutdown(http));

const client = () =>
  jsonRpcClientTrace('sum', { tracerProvider })(
    createClient<{ a: number; b: number }, number>(url, 'sum', {
      ...httpClientTrace({ tracerProvider, propagator }),
    }),
  );

describe('JSON-RPC', () => {
  it('one trace: rpc CLIENT → HTTP CLIENT → HTTP SERVER → rpc SERVER', async () => {
    m.exporter.reset();
    assert.equal(await client()(background(), { a: 2, b: 3 }), 5);
    const spans = m.spans();
    const rpcClient = spans.find((s) => s.name === 'sum' && s.kind === SpanKind.CLIENT);
    const rpcServer = spans.find((s) => s.name === 'sum' && s.kind === SpanKind.SERVER);
    const httpClient = spans.find((s) => s.name === 'POST' && s.kind === SpanKind.CLIENT);
    const httpServer = spans.find((s) => s.kind === SpanKind.SERVER && s.name !== 'sum');
    assert.ok(rpcClient && rpcServer && httpServer && httpClient);
    assert.equal(parentOf(httpClient), rpcClient.spanContext().spanId);
    assert.equal(parentOf(httpServer), httpClient.spanContext().spanId);
    assert.equal(parentOf(rpcServer), httpServer.spanContext().spanId);
    for (const s of [rpcClient, rpcServer]) {
      assert.equal(s.attributes['rpc.system.name'], 'jsonrpc');
      assert.equal(s.attributes['rpc.method'], 'sum');
      assert.equal(s.status.code, SpanStatusCode.UNSET);
    }
  });

  it("invalid params: the code on both spans, only the client's failed", async () => {
    m.exporter.reset();
    await assert.rejects(client()(background(), { a: 'x' } as never));
    const rpcClient = m.spans().find((s) => s.name === 'sum' && s.kind === SpanKind.CLIENT);
    const rpcServer = m.spans().find((s) => s.name === 'sum' && s.kind === SpanKind.SERVER);
    assert.equal(rpcClient?.attributes['rpc.status_code'], '-32602');
    assert.equal(rpcClient?.status.code, SpanStatusCode.ERROR);
    // The decoder refused the params before the endpoint: no server call span.
    assert.equal(rpcServer, undefined);
  });

  it("the server's own failure fails the server call span", async () => {
    m.exporter.reset();
    await assert.rejects(client()(background(), { a: -1, b: 0 }), /overflow/);
    const rpcServer = m.spans().find((s) => s.name === 'sum' && s.kind === SpanKind.SERVER);
    assert.equal(rpcServer?.status.code, SpanStatusCode.ERROR);
    assert.equal(rpcServer?.attributes['rpc.status_code'], '-32603');
    assert.equal(rpcServer?.attributes['error.type'], '-32603');
  });

  it('a batch: one span per call under one HTTP request span', async () => {
    m.exporter.reset();
    const batch = createBatchClient(url, { ...httpClientTrace({ tracerProvider, propagator }) });
    const results = await batch(background(), [
      { method: 'sum', params: { a: 1, b: 2 } },
      { method: 'sum', params: { a: 3, b: 4 } },
    ]);
    assert.deepEqual(results, [
      { ok: true, result: 3 },
      { ok: true, result: 7 },
    ]);
    const calls = m.spans().filter((s) => s.name === 'sum' && s.kind === SpanKind.SERVER);
    const httpServer = m.spans().find((s) => s.kind === SpanKind.SERVER && s.name !== 'sum');
    assert.equal(calls.length, 2);
    for (const c of calls) assert.equal(parentOf(c), httpServer?.spanContext().spanId);
  });
});
