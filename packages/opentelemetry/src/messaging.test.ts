// NATS and AMQP hooks on the real brokers (nats-server, RabbitMQ) the project's scripts start.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import * as amqp from '@svckit/amqp';
import { background } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import * as nats from '@svckit/nats';
import { requireService } from '@svckit/testing';
import { amqpClientTrace, amqpServerTrace } from './amqp/index.js';
import { baggageOf, spanOf, traceEndpoint, withBaggage } from './index.js';
import { memory, parentOf } from './memory.test.helper.js';
import type { Memory } from './memory.test.helper.js';
import { natsClientTrace, natsServerTrace } from './nats/index.js';

propagation.setGlobalPropagator(
  new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }),
);

let n = 0;
const subject = () => `svckit.otel.${process.pid}.${n++}`;

interface Seen {
  user?: string | undefined;
  spanId?: string | undefined;
}

function endpointFor(m: Memory, seen: Seen) {
  return traceEndpoint('server.Uppercase', { tracerProvider: m.provider })(
    (ctx: Context, req: { s: string }) => {
      seen.user = baggageOf(ctx)?.getEntry('user')?.value;
      seen.spanId = spanOf(ctx)?.spanContext().spanId;
      if (req.s === '') return Promise.reject(new ServiceError('invalid_argument', 'empty'));
      return Promise.resolve({ v: req.s.toUpperCase() });
    },
  );
}

/** checkTrace asserts client endpoint → PRODUCER → CONSUMER → server endpoint in one trace. */
function checkTrace(m: Memory, destination: string, system: string, seen: Seen) {
  const cEp = m.byName('client.Uppercase');
  const send = m.byName(`send ${destination}`);
  const proc = m.byName(`process ${destination}`);
  const sEp = m.byName('server.Uppercase');
  const traceId = cEp.spanContext().traceId;
  for (const s of [send, proc, sEp]) assert.equal(s.spanContext().traceId, traceId);
  assert.equal(parentOf(send), cEp.spanContext().spanId);
  assert.equal(parentOf(proc), send.spanContext().spanId);
  assert.equal(parentOf(sEp), proc.spanContext().spanId);
  assert.equal(seen.spanId, sEp.spanContext().spanId);
  assert.equal(send.kind, SpanKind.PRODUCER);
  assert.equal(proc.kind, SpanKind.CONSUMER);
  for (const s of [send, proc]) {
    assert.equal(s.attributes['messaging.system'], system);
    assert.equal(s.attributes['messaging.destination.name'], destination);
  }
  assert.equal(send.attributes['messaging.operation.type'], 'send');
  assert.equal(proc.attributes['messaging.operation.type'], 'process');
  assert.equal(typeof proc.attributes['messaging.message.body.size'], 'number');
  return { send, proc };
}

describe('NATS hooks on a real nats-server', () => {
  let nc: NatsConnection | undefined;
  before(async (t) => {
    const url = requireService(t as never, 'nats');
    if (url !== undefined) nc = await connect({ servers: url });
  });
  after(async () => {
    await nc?.drain();
  });

  async function pair(m: Memory, seen: Seen, propagator?: B3Propagator) {
    const subj = subject();
    const opts = { tracerProvider: m.provider, ...(propagator ? { propagator } : {}) };
    const server = nats.createServer(
      endpointFor(m, seen),
      nats.decodeJSONRequest<{ s: string }>,
      nats.encodeJSONResponse,
      { ...natsServerTrace({ ...opts, queue: 'workers' }) },
    );
    const sub = server.subscribe(nc as NatsConnection, subj, { queue: 'workers' });
    const client = traceEndpoint('client.Uppercase', { tracerProvider: m.provider })(
      nats.createClient(
        nc as NatsConnection,
        subj,
        nats.encodeJSONRequest,
        nats.decodeJSONResponse<{ v: string }>,
        { ...natsClientTrace(subj, opts) },
      ),
    );
    await nc?.flush();
    return { subj, client, close: () => (sub.unsubscribe(), server.close()) };
  }

  it('one trace through NATS headers, with baggage', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const m = memory();
    const seen: Seen = {};
    const p = await pair(m, seen);
    const bag = propagation.createBaggage({ user: { value: 'dave' } });
    assert.deepEqual(await p.client(withBaggage(background(), bag), { s: 'hi' }), { v: 'HI' });
    await p.close();
    const { proc, send } = checkTrace(m, p.subj, 'nats', seen);
    assert.equal(proc.attributes['messaging.consumer.group.name'], 'workers');
    assert.equal(send.attributes['messaging.operation.name'], 'request');
    assert.equal(send.attributes['messaging.message.body.size'], '{"s":"hi"}'.length);
    assert.equal(seen.user, 'dave');
  });

  it('an error reply fails both messaging spans', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const m = memory();
    const p = await pair(m, {});
    await assert.rejects(p.client(background(), { s: '' }), /empty/);
    await p.close();
    const send = m.byName(`send ${p.subj}`);
    const proc = m.byName(`process ${p.subj}`);
    for (const s of [send, proc]) {
      assert.equal(s.status.code, SpanStatusCode.ERROR);
      assert.equal(s.attributes['error.type'], 'invalid_argument');
    }
  });

  it('no responders fails the send span as unavailable', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const m = memory();
    const subj = subject();
    const client = nats.createClient(
      nc,
      subj,
      nats.encodeJSONRequest,
      nats.decodeJSONResponse<unknown>,
      { ...natsClientTrace(subj, { tracerProvider: m.provider }) },
    );
    await assert.rejects(client(background(), { s: 'x' }));
    assert.equal(m.byName(`send ${subj}`).attributes['error.type'], 'unavailable');
  });

  it('B3 multi headers, when configured', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const m = memory();
    const seen: Seen = {};
    const p = await pair(
      m,
      seen,
      new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
    );
    await p.client(background(), { s: 'b3' });
    await p.close();
    checkTrace(m, p.subj, 'nats', seen);
  });

  it('hostile trace headers start a fresh trace', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const m = memory();
    const seen: Seen = {};
    const p = await pair(m, seen);
    const raw = nats.createClient(
      nc,
      p.subj,
      nats.encodeJSONRequest,
      nats.decodeJSONResponse<unknown>,
      {
        before: [
          (ctx, req) => {
            nats.setHeader(
              req,
              'traceparent',
              '00-' + 'z'.repeat(32) + '-' + '1'.repeat(16) + '-01',
            );
            nats.setHeader(req, 'baggage', '=%=%;;');
            return ctx;
          },
        ],
      },
    );
    assert.deepEqual(await raw(background(), { s: 'x' }), { v: 'X' });
    await p.close();
    assert.equal(parentOf(m.byName(`process ${p.subj}`)), undefined);
  });
});

describe('AMQP hooks on a real RabbitMQ', () => {
  let conn: amqp.Connection | undefined;
  before(async (t) => {
    const url = requireService(t as never, 'amqp');
    if (url !== undefined) conn = await amqp.createConnection(url);
  });
  after(async () => {
    await conn?.close();
  });

  async function pair(m: Memory, seen: Seen) {
    const q = subject();
    const opts = { tracerProvider: m.provider };
    const server = amqp.createServer(
      endpointFor(m, seen),
      amqp.decodeJSONRequest<{ s: string }>,
      amqp.encodeJSONResponse,
      { ...amqpServerTrace(opts) },
    );
    await server.consume(conn as amqp.Connection, q, { declare: { autoDelete: true } });
    const client = traceEndpoint('client.Uppercase', { tracerProvider: m.provider })(
      amqp.createClient(
        conn as amqp.Connection,
        q,
        amqp.encodeJSONRequest,
        amqp.decodeJSONResponse<{ v: string }>,
        { ...amqpClientTrace(q, opts) },
      ),
    );
    return { q, client, server };
  }

  it('one trace through AMQP headers, with baggage and the correlation id', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const m = memory();
    const seen: Seen = {};
    const p = await pair(m, seen);
    const bag = propagation.createBaggage({ user: { value: 'erin' } });
    assert.deepEqual(await p.client(withBaggage(background(), bag), { s: 'hi' }), { v: 'HI' });
    await p.server.close();
    const { proc, send } = checkTrace(m, p.q, 'rabbitmq', seen);
    assert.equal(proc.attributes['messaging.rabbitmq.destination.routing_key'], p.q);
    assert.equal(send.attributes['messaging.operation.name'], 'publish');
    assert.equal(typeof proc.attributes['messaging.message.conversation_id'], 'string');
    assert.equal(seen.user, 'erin');
  });

  it('an error reply fails both messaging spans', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const m = memory();
    const p = await pair(m, {});
    await assert.rejects(p.client(background(), { s: '' }), /empty/);
    await p.server.close();
    for (const name of [`send ${p.q}`, `process ${p.q}`]) {
      assert.equal(m.byName(name).status.code, SpanStatusCode.ERROR, name);
      assert.equal(m.byName(name).attributes['error.type'], 'invalid_argument', name);
    }
  });

  it('hostile header values (objects, numbers, buffers) start a fresh trace', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const m = memory();
    const p = await pair(m, {});
    const raw = amqp.createClient(
      conn,
      p.q,
      amqp.encodeJSONRequest,
      amqp.decodeJSONResponse<{ v: string }>,
      {
        before: [
          (ctx, req) => {
            req.properties.headers = {
              traceparent: { nested: ['00-x'] },
              tracestate: 12345,
              baggage: Buffer.from([0xff, 0xfe, 0x00]),
            };
            return ctx;
          },
        ],
      },
    );
    assert.deepEqual(await raw(background(), { s: 'x' }), { v: 'X' });
    await p.server.close();
    assert.equal(parentOf(m.byName(`process ${p.q}`)), undefined);
  });
});
