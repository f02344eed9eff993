// addsvc's -zipkin-url and -otlp-url: the spans of an HTTP and a gRPC call reach both
// collectors (local receivers that keep what the official exporters post; the wire formats
// themselves are validated in @svckit/opentelemetry's export tests).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { background } from '@svckit/core/context';
import { dial } from '@svckit/grpc';
import { newGRPCClient } from './addtransport/grpc.js';
import { newNATSClient } from './addtransport/nats.js';
import { connect } from '@nats-io/transport-node';
import { requireService } from '@svckit/testing';
import { natsClientTrace } from '@svckit/opentelemetry/nats';
import { startAddsvc } from './addsvc.test.helper.js';
import type { Running } from './addsvc.test.helper.js';
import { addsvcFlags } from './addsvc.js';

interface Receiver {
  readonly url: string;
  readonly bodies: unknown[];
  close(): Promise<void>;
}

async function receiver(path: string): Promise<Receiver> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === path) bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(req.url === path ? 202 : 404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    bodies,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('addsvc tracing flags', () => {
  let zipkin: Receiver;
  let otlp: Receiver;
  before(async () => {
    zipkin = await receiver('/api/v2/spans');
    otlp = await receiver('/v1/traces');
  });
  after(async () => {
    await zipkin.close();
    await otlp.close();
    trace.disable();
  });

  it('are off by default', () => {
    assert.equal(addsvcFlags['zipkin-url'].default, '');
    assert.equal(addsvcFlags['otlp-url'].default, '');
  });

  it('export the spans of HTTP and gRPC calls to Zipkin and OTLP', async () => {
    let running: Running | undefined;
    try {
      running = await startAddsvc([
        `-zipkin-url=${zipkin.url}`,
        `-otlp-url=${otlp.url}`,
        '-ratelimit=false',
      ]);
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await fetch(`http://${running.http}/sum`, {
        method: 'POST',
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
        body: '{"a":1,"b":2}',
      });
      assert.equal(res.status, 200);
      const conn = dial(running.grpc);
      try {
        assert.equal((await newGRPCClient(conn).concat(background(), { a: 'a', b: 'b' })).v, 'ab');
      } finally {
        conn.close();
      }
    } finally {
      await running?.stop(); // flushes the batch processors
    }
    const zSpans = zipkin.bodies.flat() as { name: string; traceId: string; kind?: string }[];
    const names = zSpans.map((s) => `${s.kind ?? 'INTERNAL'} ${s.name}`).sort();
    assert.deepEqual(names, [
      'INTERNAL Concat',
      'INTERNAL Sum',
      'SERVER POST /sum',
      'SERVER pb.Add/Concat',
    ]);
    assert.equal(zSpans.find((s) => s.name === 'Sum')?.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    const oSpans = (
      otlp.bodies as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] }[]
    )
      .flatMap((b) => b.resourceSpans)
      .flatMap((r) => r.scopeSpans)
      .flatMap((s) => s.spans)
      .map((s) => s.name)
      .sort();
    assert.deepEqual(oSpans, ['Concat', 'POST /sum', 'Sum', 'pb.Add/Concat']);
  });

  it('the NATS server spans too (process <prefix>.sum, a child of the caller)', async (t) => {
    const natsURL = requireService(t as never, 'nats');
    if (natsURL === undefined) return;
    zipkin.bodies.length = 0;
    trace.disable(); // the previous run registered a provider in this process
    const prefix = `addsvc-otel-${process.pid}`;
    let running: Running | undefined;
    const nc = await connect({ servers: natsURL });
    try {
      running = await startAddsvc([
        `-zipkin-url=${zipkin.url}`,
        `-nats-url=${natsURL}`,
        `-msg-prefix=${prefix}`,
        '-grpc-addr=',
        '-ratelimit=false',
      ]);
      const client = newNATSClient(nc, prefix, { hooks: (subject) => natsClientTrace(subject) });
      assert.equal((await client.sum(background(), { a: 2n, b: 3n })).v, 5n);
    } finally {
      await nc.drain();
      await running?.stop();
    }
    const zSpans = zipkin.bodies.flat() as {
      name: string;
      kind?: string;
      id: string;
      parentId?: string;
    }[];
    assert.deepEqual(zSpans.map((s) => `${s.kind ?? 'INTERNAL'} ${s.name}`).sort(), [
      `CONSUMER process ${prefix}.sum`,
      'INTERNAL Sum',
      `PRODUCER send ${prefix}.sum`,
    ]);
    const send = zSpans.find((s) => s.kind === 'PRODUCER');
    assert.equal(zSpans.find((s) => s.kind === 'CONSUMER')?.parentId, send?.id);
  });
});
