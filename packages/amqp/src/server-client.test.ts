import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { background, isDeadlineExceeded, withCancel, withTimeout } from '@svckit/core/context';
import { ServiceError, codeOf } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createConnection,
  createSender,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  deliveryOf,
  encodeJSONRequest,
  encodeJSONResponse,
  headerOf,
  nackRequeueErrorEncoder,
  nopErrorEncoder,
  setHeader,
} from './index.js';
import type { ClientOptions, Connection, ServerOptions } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const queueName = () => `svckit.test.${process.pid}.${n++}`;

/** rawCall publishes one request with a raw amqplib channel and waits for its reply. */
async function rawCall(
  ch: Channel,
  queue: string,
  body: string | Buffer,
  headers: Record<string, unknown> = {},
): Promise<ConsumeMessage> {
  const q = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  const got = new Promise<ConsumeMessage>((resolve) => {
    void ch.consume(q.queue, (d) => d !== null && resolve(d), { noAck: true });
  });
  ch.sendToQueue(queue, typeof body === 'string' ? Buffer.from(body) : body, {
    replyTo: q.queue,
    correlationId: 'ABCDE',
    headers,
  });
  return got;
}

describe('amqp server and client on a real RabbitMQ', () => {
  let conn: Connection | undefined;
  let raw: ChannelModel | undefined;
  let rawCh: Channel | undefined;
  before(async (t) => {
    const url = requireService(t as never, 'amqp');
    if (url === undefined) return;
    conn = await createConnection(url);
    raw = await connect(url);
    rawCh = await raw.createChannel();
  });
  after(async () => {
    await conn?.close();
    await raw?.close();
  });

  async function pair<Req, Res>(
    endpoint: Endpoint<Req, Res>,
    serverOptions: ServerOptions = {},
    clientOptions: ClientOptions = {},
  ) {
    const q = queueName();
    const server = createServer(
      endpoint,
      decodeJSONRequest<Req>,
      encodeJSONResponse,
      serverOptions,
    );
    await server.consume(conn as Connection, q, { declare: { autoDelete: true } });
    const client = createClient<Req, Res>(
      conn as Connection,
      q,
      encodeJSONRequest,
      decodeJSONResponse<Res>,
      clientOptions,
    );
    return { q, server, client };
  }

  it('calls through both sides with every hook, headers travelling both ways', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const log: string[] = [];
    const { client } = await pair(
      async (ctx, req: { s: string }) => {
        log.push(`endpoint ${deliveryOf(ctx)?.delivery.properties.contentType}`);
        return { v: req.s.toUpperCase(), headers: () => ({ 'x-multi': ['a', 'b'] }) };
      },
      {
        before: [
          (ctx, d) => (
            log.push(`server before ${headerOf(d.properties.headers, 'x-id') ?? '-'}`),
            ctx
          ),
        ],
        after: [
          (ctx, reply) => (setHeader(reply, 'x-served', 'yes'), log.push('server after'), ctx),
        ],
        finalizer: [(_ctx, o) => log.push(`server finalizer failed=${o.failed}`)],
      },
      {
        before: [(ctx, r) => (setHeader(r, 'x-id', 'r1'), log.push('client before'), ctx)],
        after: [
          (ctx, d) => {
            const multi = (d.properties.headers?.['x-multi'] as unknown[] | undefined)?.join(',');
            log.push(`client after ${headerOf(d.properties.headers, 'x-served') ?? '-'} ${multi}`);
            return ctx;
          },
        ],
        finalizer: [
          (_ctx, err) => log.push(`client finalizer ${err === undefined ? 'ok' : 'err'}`),
        ],
      },
    );
    assert.deepEqual(await client(background(), { s: 'hello' }), { v: 'HELLO' });
    await sleep(10);
    assert.deepEqual(log, [
      'client before',
      'server before r1',
      'endpoint application/json',
      'server after',
      'server finalizer failed=false',
      'client after yes a,b',
      'client finalizer ok',
    ]);
  });

  it('replies echo the correlation id; errors are exactly {"err":...} with the code in a header', async (t) => {
    if (conn === undefined || rawCh === undefined) return t.skip('no amqp');
    const { q, client } = await pair(() =>
      Promise.reject(new ServiceError('not_found', 'no such user')),
    );
    await assert.rejects(client(background(), {}), { code: 'not_found', message: 'no such user' });
    const reply = await rawCall(rawCh, q, '{}');
    assert.equal(reply.content.toString(), '{"err":"no such user"}');
    assert.equal(reply.properties.correlationId, 'ABCDE');
    assert.equal(reply.properties.contentType, 'application/json');
    assert.equal(reply.properties.headers?.['svckit-error-code'], 'not_found');
    const ok = await pair(async () => ({ v: 3 }));
    const okReply = await rawCall(rawCh, ok.q, '{}');
    assert.equal(okReply.content.toString(), '{"v":3}');
    assert.equal(okReply.properties.correlationId, 'ABCDE');
  });

  it('a reply may go to another exchange and routing key (Go kit ContextKeyExchange/PublishKey)', async (t) => {
    if (conn === undefined || rawCh === undefined) return t.skip('no amqp');
    const elsewhere = queueName();
    await rawCh.assertQueue(elsewhere, { autoDelete: true });
    const got = new Promise<ConsumeMessage>((resolve) => {
      void rawCh!.consume(elsewhere, (d) => d !== null && resolve(d), { noAck: true });
    });
    const q = queueName();
    const server = createServer(
      async () => ({ v: 'routed' }),
      decodeJSONRequest,
      encodeJSONResponse,
      {
        after: [(ctx, reply) => ((reply.exchange = ''), (reply.routingKey = elsewhere), ctx)],
      },
    );
    await server.consume(conn, q, { declare: { autoDelete: true } });
    rawCh.sendToQueue(q, Buffer.from('{}'), { replyTo: 'nobody-listens', correlationId: 'C1' });
    const d = await got;
    assert.equal(d.content.toString(), '{"v":"routed"}');
    assert.equal(d.properties.correlationId, 'C1');
  });

  it('the deadline travels as connect-timeout-ms (and expiration) and bounds the server context', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    let left: number | undefined;
    let expiration: unknown;
    const { client } = await pair(async (ctx) => {
      left = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now();
      expiration = deliveryOf(ctx)?.delivery.properties.expiration;
      return 'ok';
    });
    const [ctx, cancel] = withTimeout(background(), 500);
    assert.equal(await client(ctx, {}), 'ok');
    cancel();
    assert.ok(left !== undefined && left > 0 && left <= 500, String(left));
    assert.ok(Number(expiration) > 0 && Number(expiration) <= 500, String(expiration));
  });

  it('maxTimeoutMs caps what a request asks, and bounds one that asks nothing', async (t) => {
    if (conn === undefined || rawCh === undefined) return t.skip('no amqp');
    let left: number | undefined;
    const { q } = await pair(
      async (ctx) => (
        (left = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now()),
        'ok'
      ),
      {
        maxTimeoutMs: 100,
      },
    );
    await rawCall(rawCh, q, '{}', { 'connect-timeout-ms': '60000' });
    assert.ok(left !== undefined && left <= 100, String(left));
    left = undefined;
    await rawCall(rawCh, q, '{}');
    assert.ok(left !== undefined && left <= 100, String(left));
  });

  it('an expired deadline is answered deadline_exceeded without calling the endpoint', async (t) => {
    if (conn === undefined || rawCh === undefined) return t.skip('no amqp');
    let calls = 0;
    const { q } = await pair(async () => (calls++, 'late'));
    const reply = await rawCall(rawCh, q, '{}', { 'connect-timeout-ms': '0' });
    assert.equal(reply.properties.headers?.['svckit-error-code'], 'deadline_exceeded');
    assert.equal(calls, 0);
  });

  it('a call rejects at its deadline; cancellation rejects at once', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const { client } = await pair(async () => (await sleep(3000), 'slow'), {}, { timeoutMs: 60 });
    const started = Date.now();
    await assert.rejects(client(background(), {}), (err: unknown) => isDeadlineExceeded(err));
    assert.ok(Date.now() - started < 1500);
    const [ctx, cancel] = withCancel(background());
    const call = client(ctx, {});
    await sleep(10);
    cancel();
    await assert.rejects(call, (err: unknown) => codeOf(err) === 'canceled');
  });

  it('direct reply-to works as the reply queue does; many concurrent calls each get theirs', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    for (const replies of ['queue', 'direct'] as const) {
      const { client } = await pair(
        async (_ctx, r: { i: number }) => (await sleep(r.i % 5), { i: r.i * 2 }),
        {},
        { replies },
      );
      const got = await Promise.all(
        Array.from({ length: 100 }, (_, i) => client(background(), { i })),
      );
      assert.deepEqual(
        got.map((g) => (g as { i: number }).i),
        Array.from({ length: 100 }, (_, i) => i * 2),
      );
    }
  });

  it('a delivery without replyTo is served and answered nothing; the sender does not wait', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const seen: number[] = [];
    const q = queueName();
    const server = createServer(
      async (_ctx, r: { i: number }) => (seen.push(r.i), 'ok'),
      decodeJSONRequest<{ i: number }>,
      encodeJSONResponse,
    );
    await server.consume(conn, q, { declare: { autoDelete: true } });
    const send = createSender(conn, q, encodeJSONRequest);
    await send(background(), { i: 1 });
    await send(background(), { i: 2 });
    await sleep(100);
    assert.deepEqual(seen, [1, 2]);
  });

  it('ack afterEndpoint acks only after the endpoint; nack-requeue redelivers after its delay', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    let attempts = 0;
    const { client } = await pair(
      async () => {
        attempts++;
        if (attempts < 3) throw new Error('not yet');
        return { attempts };
      },
      { ack: 'afterEndpoint', errorEncoder: nackRequeueErrorEncoder(20) },
    );
    assert.deepEqual(await client(background(), {}), { attempts: 3 });
  });

  it('the nop error encoder answers nothing: the caller fails by its deadline', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const { client } = await pair(
      () => Promise.reject(new Error('x')),
      { errorEncoder: nopErrorEncoder },
      { timeoutMs: 80 },
    );
    await assert.rejects(client(background(), {}), (err: unknown) => isDeadlineExceeded(err));
  });

  it('close drains: in-flight deliveries are answered, then nothing more is consumed', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    const { client, server } = await pair(
      async (_ctx, r: { i: number }) => (await sleep(300), r.i),
      { ack: 'afterEndpoint' },
      { timeoutMs: 5000 },
    );
    const calls = Array.from({ length: 10 }, (_, i) => client(background(), { i }));
    for (let i = 0; i < 200 && server.inFlight < 10; i++) await sleep(10);
    assert.equal(server.inFlight, 10);
    await server.close();
    assert.equal(server.inFlight, 0);
    assert.deepEqual(
      await Promise.all(calls),
      Array.from({ length: 10 }, (_, i) => i),
    );
    await assert.rejects(client(withTimeout(background(), 200)[0], { i: 1 }), (err: unknown) =>
      isDeadlineExceeded(err),
    );
  });
});
