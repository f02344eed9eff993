// The real SDK's exporters fed by svckit's hooks and middleware: Zipkin v2 JSON through
// @opentelemetry/exporter-zipkin, OTLP/HTTP through @opentelemetry/exporter-trace-otlp-http,
// each into a local double of its collector that validates the wire format.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { background } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import {
  createClient,
  createServer,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  listen,
  shutdown,
} from '@svckit/core/transport/http';
import type { DecodeRequestFunc } from '@svckit/core/transport/http';
import { httpClientTrace, httpServerTrace, traceEndpoint } from './index.js';
import {
  flatten,
  startOtlpCollector,
  validate as validateOtlp,
} from './otlp-collector.test.helper.js';
import {
  startZipkinCollector,
  validate as validateZipkin,
} from './zipkin-collector.test.helper.js';

const propagator = new W3CTraceContextPropagator();

interface Req {
  a: number;
}

/** traffic runs a traced client → server pair on `exporter`: one success, one 500, one Failer. */
async function traffic(exporter: SpanExporter): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'addsvc' }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracerProvider = provider;
  const decode: DecodeRequestFunc<Req> = async (_ctx, req) => JSON.parse(await req.text()) as Req;
  const endpoint = traceEndpoint('Sum', { tracerProvider })<Req, object>(async (_ctx, { a }) => {
    if (a < 0) throw new ServiceError('internal', 'negative overflow');
    if (a === 0) return { failed: () => new ServiceError('invalid_argument', 'zero') };
    return { v: a };
  });
  const server: NodeServer = await listen(
    createServer(endpoint, decode, encodeJSONResponse, {
      ...httpServerTrace({ tracerProvider, propagator }),
    }).node,
    { port: 0, host: '127.0.0.1' },
  );
  try {
    const port = (server.address() as AddressInfo).port;
    const call = traceEndpoint('client.Sum', { tracerProvider })<Req, unknown>(
      createClient('POST', `http://127.0.0.1:${port}/sum`, encodeJSONRequest, decodeJSONResponse, {
        ...httpClientTrace({ tracerProvider, propagator }),
      }),
    );
    await call(background(), { a: 1 });
    await assert.rejects(call(background(), { a: -1 }));
    await call(background(), { a: 0 });
  } finally {
    await shutdown(server);
    await provider.forceFlush();
    await provider.shutdown();
  }
}

describe('Zipkin export', () => {
  let collector: Awaited<ReturnType<typeof startZipkinCollector>>;
  before(async () => (collector = await startZipkinCollector()));
  after(() => collector.close());

  it('the double refuses what a collector refuses', () => {
    const ok = { traceId: 'a'.repeat(32), id: 'b'.repeat(16) };
    assert.equal(validateZipkin(ok), undefined);
    assert.match(validateZipkin({ ...ok, traceId: 'A'.repeat(32) }) ?? '', /traceId/);
    assert.match(validateZipkin({ ...ok, id: '0'.repeat(16) }) ?? '', /id/);
    assert.match(validateZipkin({ ...ok, kind: 'INTERNAL' }) ?? '', /kind/);
    assert.match(validateZipkin({ ...ok, timestamp: 1.5 }) ?? '', /timestamp/);
    assert.match(validateZipkin({ ...ok, tags: { n: 1 } }) ?? '', /tag n/);
    assert.match(validateZipkin({ ...ok, spanId: 'x' }) ?? '', /unknown field/);
  });

  it('svckit spans reach a Zipkin collector as valid v2 JSON, joined and tagged', async () => {
    await traffic(new ZipkinExporter({ url: collector.url, serviceName: 'addsvc' }));
    assert.deepEqual(collector.rejected, []);
    const spans = collector.spans;
    assert.equal(spans.length, 12); // 3 calls × (client endpoint, CLIENT, SERVER, endpoint)
    const traces = new Set(spans.map((s) => s.traceId));
    assert.equal(traces.size, 3);
    for (const traceId of traces) {
      const t = spans.filter((s) => s.traceId === traceId);
      const root = t.find((s) => s.name === 'client.Sum');
      const client = t.find((s) => s.kind === 'CLIENT');
      const server = t.find((s) => s.kind === 'SERVER');
      const inner = t.find((s) => s.name === 'Sum');
      assert.ok(
        root && client && server && inner,
        `trace ${traceId}: ${t.map((s) => s.name).join()}`,
      );
      assert.equal(root.parentId, undefined);
      assert.equal(client.parentId, root.id);
      assert.equal(server.parentId, client.id);
      assert.equal(inner.parentId, server.id);
      assert.equal(server.localEndpoint?.serviceName, 'addsvc');
      assert.equal(server.tags?.['http.request.method'], 'POST');
      assert.equal(server.tags?.['url.path'], '/sum');
    }
    const failed = spans.filter((s) => s.tags?.['error'] !== undefined);
    // The failing call: its client endpoint, CLIENT (HTTP 500), SERVER (internal), endpoint.
    assert.deepEqual(failed.map((s) => s.kind ?? s.name).sort(), [
      'CLIENT',
      'SERVER',
      'Sum',
      'client.Sum',
    ]);
    const server500 = failed.find((s) => s.kind === 'SERVER');
    assert.equal(server500?.tags?.['http.response.status_code'], '500');
    assert.equal(server500?.tags?.['error.type'], 'internal');
    const business = spans.find(
      (s) => s.name === 'Sum' && s.annotations?.some((a) => a.value === 'business_error'),
    );
    assert.ok(business, 'the Failer business error is an annotation');
    assert.equal(business.tags?.['error'], undefined);
  });
});

describe('OTLP/HTTP export', () => {
  let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
  before(async () => (collector = await startOtlpCollector()));
  after(() => collector.close());

  it('the double refuses what an OTLP endpoint refuses', () => {
    const span = {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      name: 'x',
      kind: 1,
      startTimeUnixNano: '1',
      endTimeUnixNano: '2',
    };
    const req = (s: object) => ({
      resourceSpans: [{ scopeSpans: [{ scope: { name: 'x' }, spans: [s] }] }],
    });
    assert.equal(validateOtlp(req(span), []), undefined);
    assert.match(validateOtlp(req({ ...span, traceId: 'qq' }), []) ?? '', /traceId/);
    assert.match(validateOtlp(req({ ...span, kind: 9 }), []) ?? '', /kind/);
    assert.match(validateOtlp(req({ ...span, endTimeUnixNano: '0' }), []) ?? '', /ends before/);
    assert.match(
      validateOtlp(req({ ...span, attributes: [{ key: 'k', value: { v: 1 } }] }), []) ?? '',
      /attribute k/,
    );
    assert.match(validateOtlp({}, []) ?? '', /resourceSpans/);
  });

  it('svckit spans reach an OTLP endpoint as a valid ExportTraceServiceRequest', async () => {
    await traffic(new OTLPTraceExporter({ url: collector.url }));
    assert.deepEqual(collector.rejected, []);
    const spans = collector.spans;
    assert.equal(spans.length, 12);
    assert.equal(new Set(spans.map((s) => s.traceId)).size, 3);
    for (const s of spans) {
      assert.equal(s.resource['service.name'], 'addsvc');
      assert.equal(s.scope, '@svckit/opentelemetry');
    }
    const servers = spans.filter((s) => s.kind === 2); // SPAN_KIND_SERVER
    const clients = spans.filter((s) => s.kind === 3); // SPAN_KIND_CLIENT
    assert.equal(servers.length, 3);
    assert.equal(clients.length, 3);
    for (const server of servers) {
      const client = clients.find((c) => c.spanId === server.parentSpanId);
      assert.ok(client, 'each SERVER span is the child of a CLIENT span');
      assert.equal(client.traceId, server.traceId);
      const attrs = flatten(server.attributes);
      assert.equal(attrs['http.request.method'], 'POST');
      assert.equal(attrs['url.scheme'], 'http');
    }
    const failed = servers.filter((s) => s.status?.code === 2); // STATUS_CODE_ERROR
    assert.equal(failed.length, 1);
    const attrs = flatten(failed[0]?.attributes);
    assert.equal(String(attrs['http.response.status_code']), '500');
    assert.equal(attrs['error.type'], 'internal');
    const sum = spans.filter((s) => s.name === 'Sum');
    assert.equal(sum.filter((s) => s.events?.some((e) => e.name === 'business_error')).length, 1);
    assert.equal(sum.filter((s) => s.events?.some((e) => e.name === 'exception')).length, 1);
  });
});
