import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server as NodeServer } from 'node:http';
import { propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { background } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import { retry } from '@svckit/core/sd/lb';
import {
  createClient,
  createFetchClient,
  createRouter,
  createServer,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  listen,
  shutdown,
} from '@svckit/core/transport/http';
import type { DecodeRequestFunc, HttpRequest } from '@svckit/core/transport/http';
import {
  baggageOf,
  httpClientTrace,
  httpServerTrace,
  spanOf,
  traceAttempts,
  traceEndpoint,
  withBaggage,
} from './index.js';
import type { HttpClientTraceOptions } from './index.js';
import { memory, parentOf } from './memory.test.helper.js';

// The SDK's default propagator (what NodeTracerProvider.register() installs): W3C trace
// context and W3C baggage, used by the hooks when none is given.
propagation.setGlobalPropagator(
  new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }),
);

interface SumRequest {
  a: number;
  b: number;
}

const decodeSum: DecodeRequestFunc<SumRequest> = async (_ctx, req: HttpRequest) =>
  JSON.parse(await req.text()) as SumRequest;

const m = memory();
const tracerProvider = m.provider;
/** What the server endpoint saw of its context. */
let seen: { headers: Record<string, string>; user: string | undefined; spanId: string | undefined };

const sumEndpoint = traceEndpoint('server.Sum', { tracerProvider })<SumRequest, { v: number }>((
  ctx: Context,
  { a, b },
) => {
  seen.user = baggageOf(ctx)?.getEntry('user')?.value;
  seen.spanId = spanOf(ctx)?.spanContext().spanId;
  if (a < 0) return Promise.reject(new ServiceError('internal', 'overflowed'));
  if (b < 0) return Promise.reject(new ServiceError('not_found', 'no b'));
  return Promise.resolve({ v: a + b });
});

function serverFor(options: Parameters<typeof httpServerTrace>[0] = {}) {
  const trace = httpServerTrace({ tracerProvider, ...options });
  const record = (ctx: Context, req: HttpRequest): Context => {
    seen.headers = {};
    for (const k of ['traceparent', 'tracestate', 'baggage', 'b3', 'x-b3-traceid', 'x-b3-spanid']) {
      const v = req.header(k);
      if (v !== undefined) seen.headers[k] = v;
    }
    return ctx;
  };
  return createServer(sumEndpoint, decodeSum, encodeJSONResponse, {
    ...trace,
    before: [...trace.before, record],
  });
}

const router = createRouter()
  .post('/sum/:kind', serverFor())
  .post('/b3', serverFor({ propagator: new B3Propagator() }))
  .post('/b3multi', serverFor({ propagator: new B3Propagator() }))
  .post('/edge', serverFor({ trustRemoteParent: false }))
  .post(
    '/flaky',
    createServer(
      () =>
        ++flaky % 2 === 1
          ? Promise.reject(new ServiceError('unavailable', 'warming up'))
          : Promise.resolve({ v: 1 }),
      decodeSum,
      encodeJSONResponse,
      { ...httpServerTrace({ tracerProvider }) },
    ),
  );
let flaky = 0;
let server: NodeServer;
let base: string;

before(async () => {
  server = await listen(router.node, { port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await shutdown(server);
});

function client(path: string, options: HttpClientTraceOptions = {}) {
  return traceEndpoint('client.Sum', { tracerProvider })<SumRequest, { v: number }>(
    createClient('POST', `${base}${path}`, encodeJSONRequest, decodeJSONResponse<{ v: number }>, {
      ...httpClientTrace({ tracerProvider, ...options }),
    }),
  );
}

function reset(): void {
  m.exporter.reset();
  seen = { headers: {}, user: undefined, spanId: undefined };
}

describe('HTTP hooks', () => {
  it('one trace: client endpoint → CLIENT span → SERVER span → server endpoint', async () => {
    reset();
    assert.deepEqual(await client('/sum/plain?x=1')(background(), { a: 2, b: 3 }), { v: 5 });
    const cEp = m.byName('client.Sum');
    const cSpan = m.byName('POST');
    const sSpan = m.byName('POST /sum/:kind');
    const sEp = m.byName('server.Sum');
    const traceId = cEp.spanContext().traceId;
    for (const s of [cSpan, sSpan, sEp]) assert.equal(s.spanContext().traceId, traceId);
    assert.equal(parentOf(cSpan), cEp.spanContext().spanId);
    assert.equal(parentOf(sSpan), cSpan.spanContext().spanId);
    assert.equal(parentOf(sEp), sSpan.spanContext().spanId);
    assert.equal(seen.spanId, sEp.spanContext().spanId);
    assert.deepEqual(
      [cSpan.kind, sSpan.kind, sEp.kind],
      [SpanKind.CLIENT, SpanKind.SERVER, SpanKind.INTERNAL],
    );
    // W3C trace context by default.
    assert.match(seen.headers['traceparent'] ?? '', new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const port = Number(new URL(base).port);
    assert.deepEqual(cSpan.attributes, {
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.full': `${base}/sum/plain?x=1`,
      'http.response.status_code': 200,
    });
    const s = sSpan.attributes;
    assert.equal(s['http.request.method'], 'POST');
    assert.equal(s['url.path'], '/sum/plain');
    assert.equal(s['url.query'], 'x=1');
    assert.equal(s['url.scheme'], 'http');
    assert.equal(s['http.route'], '/sum/:kind');
    assert.equal(s['server.address'], '127.0.0.1');
    assert.equal(s['server.port'], port);
    assert.equal(s['client.address'], '127.0.0.1');
    assert.equal(typeof s['client.port'], 'number');
    assert.equal(s['network.protocol.version'], '1.1');
    assert.equal(s['http.response.status_code'], 200);
    assert.equal(sSpan.status.code, SpanStatusCode.UNSET);
    assert.equal(cSpan.status.code, SpanStatusCode.UNSET);
  });

  it('carries baggage to the server context', async () => {
    reset();
    const bag = propagation.createBaggage({ user: { value: 'alice' } });
    await client('/sum/plain')(withBaggage(background(), bag), { a: 1, b: 1 });
    assert.equal(seen.headers['baggage'], 'user=alice');
    assert.equal(seen.user, 'alice');
  });

  it('a 5xx fails both spans: the server with the svckit code, the client with the status', async () => {
    reset();
    await assert.rejects(client('/sum/x')(background(), { a: -1, b: 0 }), /overflowed/);
    const sSpan = m.byName('POST /sum/:kind');
    assert.equal(sSpan.status.code, SpanStatusCode.ERROR);
    assert.equal(sSpan.attributes['error.type'], 'internal');
    assert.equal(sSpan.attributes['http.response.status_code'], 500);
    const cSpan = m.byName('POST');
    assert.equal(cSpan.status.code, SpanStatusCode.ERROR);
    assert.equal(cSpan.attributes['error.type'], '500');
    assert.equal(m.byName('server.Sum').attributes['error.type'], 'internal');
  });

  it("a 4xx is the caller's failure: the server span stays unset, the client span fails", async () => {
    reset();
    await assert.rejects(client('/sum/x')(background(), { a: 1, b: -1 }), /no b/);
    const sSpan = m.byName('POST /sum/:kind');
    assert.equal(sSpan.status.code, SpanStatusCode.UNSET);
    assert.equal(sSpan.attributes['http.response.status_code'], 404);
    assert.equal(sSpan.attributes['error.type'], undefined);
    assert.equal(m.byName('POST').status.code, SpanStatusCode.ERROR);
    assert.equal(m.byName('POST').attributes['error.type'], '404');
  });

  it('a request that never reaches a server fails the client span with the error code', async () => {
    reset();
    const dead = traceEndpoint('client.Dead', { tracerProvider })<SumRequest, unknown>(
      createClient('POST', 'http://127.0.0.1:1/sum', encodeJSONRequest, decodeJSONResponse, {
        ...httpClientTrace({ tracerProvider }),
      }),
    );
    await assert.rejects(dead(background(), { a: 1, b: 1 }));
    const cSpan = m.byName('POST');
    assert.equal(cSpan.status.code, SpanStatusCode.ERROR);
    assert.equal(cSpan.attributes['error.type'], 'unavailable');
    assert.equal(cSpan.attributes['http.response.status_code'], undefined);
    assert.equal(cSpan.events[0]?.name, 'exception');
  });

  it('B3 single header, when configured on both sides', async () => {
    reset();
    await client('/b3', { propagator: new B3Propagator() })(background(), { a: 1, b: 2 });
    const traceId = m.byName('client.Sum').spanContext().traceId;
    assert.match(seen.headers['b3'] ?? '', new RegExp(`^${traceId}-[0-9a-f]{16}-1$`));
    assert.equal(seen.headers['traceparent'], undefined);
    assert.equal(m.byName('POST /b3').spanContext().traceId, traceId);
    assert.equal(parentOf(m.byName('POST /b3')), m.byName('POST').spanContext().spanId);
  });

  it('B3 multi header, when configured on both sides', async () => {
    reset();
    const multi = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
    await client('/b3multi', { propagator: multi })(background(), { a: 1, b: 2 });
    const traceId = m.byName('client.Sum').spanContext().traceId;
    assert.equal(seen.headers['x-b3-traceid'], traceId);
    assert.equal(seen.headers['x-b3-spanid'], m.byName('POST').spanContext().spanId);
    assert.equal(m.byName('POST /b3multi').spanContext().traceId, traceId);
  });

  it('trustRemoteParent: false starts a new trace and links the caller', async () => {
    reset();
    const bag = propagation.createBaggage({ user: { value: 'bob' } });
    await client('/edge')(withBaggage(background(), bag), { a: 1, b: 2 });
    const cSpan = m.byName('POST');
    const edge = m.byName('POST /edge');
    assert.notEqual(edge.spanContext().traceId, cSpan.spanContext().traceId);
    assert.equal(parentOf(edge), undefined);
    assert.equal(edge.links[0]?.context.spanId, cSpan.spanContext().spanId);
    assert.equal(seen.user, 'bob');
  });

  it('hostile trace headers start a fresh trace and never fail the request', async () => {
    for (const traceparent of [
      'garbage',
      '00-00000000000000000000000000000000-0000000000000000-01',
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01-extra`,
      'ff-' + 'a'.repeat(32) + '-' + 'b'.repeat(16) + '-01',
      'x'.repeat(8000),
    ]) {
      reset();
      const res = await fetch(`${base}/sum/raw`, {
        method: 'POST',
        headers: { traceparent, tracestate: '=,=,'.repeat(100), baggage: '%%%;;;=' },
        body: '{"a":1,"b":1}',
      });
      assert.equal(res.status, 200, traceparent.slice(0, 20));
      const sSpan = m.byName('POST /sum/:kind');
      assert.equal(parentOf(sSpan), undefined);
      assert.notEqual(sSpan.spanContext().traceId, 'a'.repeat(32));
    }
  });

  it('an unknown method is reported as _OTHER with the original', async () => {
    reset();
    const any = createRouter().all('/any', serverFor());
    const res = await any.fetch(
      new Request('http://svc.example:8080/any', { method: 'PURGE', body: '{"a":1,"b":1}' }),
    );
    assert.equal(res.status, 200);
    const span = m.byName('HTTP /any');
    assert.equal(span.attributes['http.request.method'], '_OTHER');
    assert.equal(span.attributes['http.request.method_original'], 'PURGE');
  });

  it('the fetch face: parent from traceparent, scheme and host from the URL', async () => {
    reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await router.fetch(
      new Request('https://svc.example:8443/sum/f', {
        method: 'POST',
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, host: 'svc.example:8443' },
        body: '{"a":4,"b":5}',
      }),
      { remoteAddr: { hostname: '192.0.2.7', port: 5555 } }, // Deno's peer info
    );
    assert.equal(res.status, 200);
    const sSpan = m.byName('POST /sum/:kind');
    assert.equal(sSpan.spanContext().traceId, traceId);
    assert.equal(parentOf(sSpan), '00f067aa0ba902b7');
    assert.equal(sSpan.attributes['url.scheme'], 'https');
    assert.equal(sSpan.attributes['server.address'], 'svc.example');
    assert.equal(sSpan.attributes['server.port'], 8443);
    assert.equal(sSpan.attributes['client.address'], '192.0.2.7');
    assert.equal(sSpan.attributes['client.port'], 5555);
    assert.equal(sSpan.attributes['network.protocol.version'], '1.1');
  });

  it('a client URL with credentials is reported without them', async () => {
    reset();
    const c = createClient(
      'POST',
      `http://u:secret@127.0.0.1:${new URL(base).port}/sum/c`,
      encodeJSONRequest,
      decodeJSONResponse,
      {
        ...httpClientTrace({ tracerProvider }),
      },
    );
    await c(background(), { a: 1, b: 1 });
    assert.equal(
      m.byName('POST').attributes['url.full'],
      `http://REDACTED:REDACTED@127.0.0.1:${new URL(base).port}/sum/c`,
    );
  });

  it('a retried call: attempts as events, http.request.resend_count on the second request', async () => {
    reset();
    flaky = 0;
    const attempt = createClient(
      'POST',
      `${base}/flaky`,
      encodeJSONRequest,
      decodeJSONResponse<{ v: number }>,
      {
        ...httpClientTrace({ tracerProvider }),
      },
    );
    const call = traceEndpoint('client.Flaky', { tracerProvider })(
      retry(3, 2000, traceAttempts({ endpoint: () => attempt })),
    );
    assert.deepEqual(await call(background(), { a: 1, b: 1 }), { v: 1 });
    const requests = m.spans().filter((s) => s.kind === SpanKind.CLIENT);
    assert.deepEqual(
      requests.map((s) => [
        s.attributes['http.response.status_code'],
        s.attributes['http.request.resend_count'],
      ]),
      [
        [503, undefined],
        [200, 1],
      ],
    );
    const root = m.byName('client.Flaky');
    assert.deepEqual(
      root.events.map((e) => e.attributes?.['retry.attempt']),
      [1, 2],
    );
    for (const r of requests) assert.equal(parentOf(r), root.spanContext().spanId);
  });

  it('the Fetch client takes the same hooks: one trace, W3C headers', async () => {
    reset();
    const call = traceEndpoint('client.Sum', { tracerProvider })(
      createFetchClient(
        'POST',
        `${base}/sum/fetch`,
        encodeJSONRequest,
        decodeJSONResponse<{ v: number }>,
        {
          ...httpClientTrace({ tracerProvider }),
        },
      ),
    );
    assert.deepEqual(await call(background(), { a: 4, b: 4 }), { v: 8 });
    const cSpan = m.byName('POST');
    const sSpan = m.byName('POST /sum/:kind');
    assert.equal(parentOf(cSpan), m.byName('client.Sum').spanContext().spanId);
    assert.equal(parentOf(sSpan), cSpan.spanContext().spanId);
    assert.equal(cSpan.attributes['http.response.status_code'], 200);
    assert.match(
      seen.headers['traceparent'] ?? '',
      new RegExp(`^00-${cSpan.spanContext().traceId}-`),
    );
  });
});
