import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '@grpc/grpc-js';
import type { Client, Metadata } from '@grpc/grpc-js';
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
import {
  bindService,
  createClient,
  createServer,
  dial,
  listen,
  metadataRecord,
  shutdown,
} from '@svckit/grpc';
import { Add } from '../gen/pb/addsvc_pb.js';
import { baggageOf, spanOf, traceEndpoint, withBaggage } from '../index.js';
import { memory, parentOf } from '../memory.test.helper.js';
import { grpcClientTrace, grpcServerTrace } from './index.js';
import type { GrpcClientTraceOptions } from './index.js';

propagation.setGlobalPropagator(
  new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }),
);

const m = memory();
const tracerProvider = m.provider;
let seen: { md: Record<string, string[]>; user: string | undefined; spanId: string | undefined };

const sumEndpoint = traceEndpoint('server.Sum', {
  tracerProvider,
})<{ a: bigint; b: bigint }, { v: bigint }>((ctx: Context, { a, b }) => {
  seen.user = baggageOf(ctx)?.getEntry('user')?.value;
  seen.spanId = spanOf(ctx)?.spanContext().spanId;
  if (a < 0n) return Promise.reject(new ServiceError('unavailable', 'overloaded'));
  if (b < 0n) return Promise.reject(new ServiceError('invalid_argument', 'b < 0'));
  return Promise.resolve({ v: a + b });
});

function sumServer(options: Parameters<typeof grpcServerTrace>[0] = {}) {
  const t = grpcServerTrace({ tracerProvider, ...options });
  return createServer(
    sumEndpoint,
    (_ctx, m: { a: bigint; b: bigint }) => ({ a: m.a, b: m.b }),
    (_ctx, r: { v: bigint }) => ({ v: r.v, err: '' }),
    {
      ...t,
      before: [
        ...t.before,
        (ctx, md) => {
          seen.md = metadataRecord(md);
          return ctx;
        },
      ],
    },
  );
}

const concat = createServer(
  (_ctx, r: { a: string; b: string }) => Promise.resolve(r.a + r.b),
  (_ctx, m: { a: string; b: string }) => ({ a: m.a, b: m.b }),
  (_ctx, v: string) => ({ v, err: '' }),
);

let server: Server;
let b3server: Server;
let address: string;
let b3address: string;
let conn: Client;
let b3conn: Client;

before(async () => {
  server = new Server();
  bindService(server, Add, { sum: sumServer(), concat });
  address = `127.0.0.1:${await listen(server, '127.0.0.1:0')}`;
  b3server = new Server();
  bindService(b3server, Add, { sum: sumServer({ propagator: new B3Propagator() }), concat });
  b3address = `127.0.0.1:${await listen(b3server, '127.0.0.1:0')}`;
  conn = dial(address);
  b3conn = dial(b3address);
});
after(async () => {
  conn.close();
  b3conn.close();
  await shutdown(server);
  await shutdown(b3server);
});

function client(c: Client, target: string, options: GrpcClientTraceOptions = {}) {
  return traceEndpoint('client.Sum', { tracerProvider })<{ a: bigint; b: bigint }, bigint>(
    createClient(
      c,
      Add.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => r,
      (_ctx, r) => r.v,
      {
        ...grpcClientTrace(Add.method.sum, { tracerProvider, target, ...options }),
      },
    ),
  );
}

function reset(): void {
  m.exporter.reset();
  seen = { md: {}, user: undefined, spanId: undefined };
}

describe('gRPC hooks', () => {
  it('one trace: client endpoint → CLIENT span → SERVER span → server endpoint', async () => {
    reset();
    assert.equal(await client(conn, address)(background(), { a: 2n, b: 3n }), 5n);
    const cEp = m.byName('client.Sum');
    const cSpan = m.spans().find((s) => s.name === 'pb.Add/Sum' && s.kind === SpanKind.CLIENT);
    const sSpan = m.spans().find((s) => s.name === 'pb.Add/Sum' && s.kind === SpanKind.SERVER);
    assert.ok(cSpan && sSpan);
    const sEp = m.byName('server.Sum');
    const traceId = cEp.spanContext().traceId;
    for (const s of [cSpan, sSpan, sEp]) assert.equal(s.spanContext().traceId, traceId);
    assert.equal(parentOf(cSpan), cEp.spanContext().spanId);
    assert.equal(parentOf(sSpan), cSpan.spanContext().spanId);
    assert.equal(parentOf(sEp), sSpan.spanContext().spanId);
    assert.equal(seen.spanId, sEp.spanContext().spanId);
    assert.match(seen.md['traceparent']?.[0] ?? '', new RegExp(`^00-${traceId}-`));
    const port = Number(address.split(':')[1]);
    assert.deepEqual(cSpan.attributes, {
      'rpc.system.name': 'grpc',
      'rpc.method': 'pb.Add/Sum',
      'server.address': '127.0.0.1',
      'server.port': port,
      'rpc.status_code': 'OK',
    });
    assert.equal(sSpan.attributes['rpc.system.name'], 'grpc');
    assert.equal(sSpan.attributes['rpc.method'], 'pb.Add/Sum');
    assert.equal(sSpan.attributes['rpc.status_code'], 'OK');
    assert.equal(sSpan.attributes['client.address'], '127.0.0.1');
    assert.equal(sSpan.status.code, SpanStatusCode.UNSET);
  });

  it('carries baggage in the metadata', async () => {
    reset();
    const bag = propagation.createBaggage({ user: { value: 'carol' } });
    await client(conn, address)(withBaggage(background(), bag), { a: 1n, b: 1n });
    assert.deepEqual(seen.md['baggage'], ['user=carol']);
    assert.equal(seen.user, 'carol');
  });

  it("the server's own failure fails both spans", async () => {
    reset();
    await assert.rejects(client(conn, address)(background(), { a: -1n, b: 1n }), /overloaded/);
    const sSpan = m.spans().find((s) => s.kind === SpanKind.SERVER);
    const cSpan = m.spans().find((s) => s.kind === SpanKind.CLIENT);
    assert.equal(sSpan?.status.code, SpanStatusCode.ERROR);
    assert.equal(sSpan?.attributes['rpc.status_code'], 'UNAVAILABLE');
    assert.equal(sSpan?.attributes['error.type'], 'UNAVAILABLE');
    assert.equal(cSpan?.status.code, SpanStatusCode.ERROR);
    assert.equal(cSpan?.attributes['rpc.status_code'], 'UNAVAILABLE');
  });

  it("the caller's mistake fails the client span only", async () => {
    reset();
    await assert.rejects(client(conn, address)(background(), { a: 1n, b: -1n }), /b < 0/);
    const sSpan = m.spans().find((s) => s.kind === SpanKind.SERVER);
    const cSpan = m.spans().find((s) => s.kind === SpanKind.CLIENT);
    assert.equal(sSpan?.status.code, SpanStatusCode.UNSET);
    assert.equal(sSpan?.attributes['rpc.status_code'], 'INVALID_ARGUMENT');
    assert.equal(sSpan?.attributes['error.type'], undefined);
    assert.equal(cSpan?.status.code, SpanStatusCode.ERROR);
    assert.equal(cSpan?.attributes['error.type'], 'INVALID_ARGUMENT');
  });

  it('B3 multi header in the metadata, when configured on both sides', async () => {
    reset();
    const multi = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
    await client(b3conn, b3address, { propagator: multi })(background(), { a: 1n, b: 2n });
    const traceId = m.byName('client.Sum').spanContext().traceId;
    assert.deepEqual(seen.md['x-b3-traceid'], [traceId]);
    assert.equal(seen.md['traceparent'], undefined);
    const sSpan = m.spans().find((s) => s.kind === SpanKind.SERVER);
    assert.equal(sSpan?.spanContext().traceId, traceId);
  });

  it('hostile trace metadata starts a fresh trace', async () => {
    reset();
    const raw = createClient(
      conn,
      Add.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => r,
      (_ctx, r) => r.v,
      {
        before: [
          (ctx, md: Metadata) => {
            md.set('traceparent', '00-zzzz-yyyy-01');
            md.set('baggage', '=;=;%%');
            return ctx;
          },
        ],
      },
    );
    assert.equal(await raw(background(), { a: 1n, b: 1n }), 2n);
    const sSpan = m.spans().find((s) => s.kind === SpanKind.SERVER);
    assert.equal(parentOf(sSpan!), undefined);
  });
});
