// Hostile input against @svckit/amqp: bad payloads, a 2 MiB body, floods (refused in auto-ack,
// held back by prefetch with manual acks), typed headers, and a client against misbehaving servers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createConnection,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import type { Connection } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const queueName = () => `svckit.hostile.${process.pid}.${n++}`;

async function rawCall(
  ch: Channel,
  queue: string,
  body: Buffer | string,
  headers: Record<string, unknown> = {},
): Promise<ConsumeMessage> {
  const q = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  const got = new Promise<ConsumeMessage>((resolve) => {
    void ch.consume(q.queue, (d) => d !== null && resolve(d), { noAck: true });
  });
  ch.sendToQueue(queue, typeof body === 'string' ? Buffer.from(body) : body, {
    replyTo: q.queue,
    correlationId: 'X',
    headers,
  });
  return got;
}

describe('amqp: hostile input', () => {
  let url: string | undefined;
  let conn: Connection | undefined;
  let raw: ChannelModel | undefined;
  let ch: Channel | undefined;
  before(async (t) => {
    url = requireService(t as never, 'amqp');
    if (url === undefined) return;
    conn = await createConnection(url);
    raw = await connect(url);
    ch = await raw.createChannel();
  });
  after(async () => {
    await conn?.close();
    await raw?.close();
  });

  it('bad payloads are answered {"err":...} invalid_argument, and the server keeps serving', async (t) => {
    if (conn === undefined || ch === undefined) return t.skip('no amqp');
    const q = queueName();
    const server = createServer(
      async (_ctx, r: { s: string }) => ({ v: r.s }),
      decodeJSONRequest<{ s: string }>,
      encodeJSONResponse,
    );
    await server.consume(conn, q, { declare: { autoDelete: true } });
    for (const body of ['not json', '{"a":', '', Buffer.from([0x7b, 0xff, 0x7d])]) {
      const reply = await rawCall(ch, q, body);
      assert.match(reply.content.toString(), /^\{"err":"invalid JSON: .+"\}$/);
      assert.equal(reply.properties.headers?.['svckit-error-code'], 'invalid_argument');
      assert.equal(reply.properties.correlationId, 'X');
    }
    assert.equal(
      (await rawCall(ch, q, '{"s":"still here"}')).content.toString(),
      '{"v":"still here"}',
    );
  });

  it('a 2 MiB body is refused resource_exhausted without decoding; the server keeps serving', async (t) => {
    if (conn === undefined) return t.skip('no amqp');
    let decoded = 0;
    const q = queueName();
    const server = createServer(
      async () => 'ok',
      (ctx, d) => (decoded++, decodeJSONRequest(ctx, d)),
      encodeJSONResponse,
    );
    await server.consume(conn, q, { declare: { autoDelete: true } });
    const call = createClient<unknown, unknown>(conn, q, encodeJSONRequest, decodeJSONResponse);
    await assert.rejects(call(background(), { s: 'x'.repeat(2 * 1024 * 1024) }), (err: unknown) => {
      assert.equal(codeOf(err), 'resource_exhausted');
      assert.match((err as Error).message, /^message too large: \d+ bytes, at most 1048576$/);
      return true;
    });
    assert.equal(decoded, 0);
    assert.equal(await call(background(), {}), 'ok');
  });

  it('a flood of slow requests: auto-ack refuses beyond maxInFlight, manual acks hold back by prefetch', async (t) => {
    if (conn === undefined || url === undefined) return t.skip('no amqp');
    const slow = (peak: { now: number; max: number }, ms: number) => async () => {
      peak.max = Math.max(peak.max, ++peak.now);
      await sleep(ms);
      peak.now--;
      return 'ok';
    };
    const auto = { now: 0, max: 0 };
    const q1 = queueName();
    await createServer(slow(auto, 1000), decodeJSONRequest, encodeJSONResponse, {
      maxInFlight: 5,
    }).consume(conn, q1, {
      declare: { autoDelete: true },
    });
    const call1 = createClient(conn, q1, encodeJSONRequest, decodeJSONResponse, {
      timeoutMs: 5000,
    });
    const r1 = await Promise.allSettled(Array.from({ length: 30 }, () => call1(background(), {})));
    assert.equal(r1.filter((r) => r.status === 'fulfilled').length, 5);
    assert.equal(
      r1.filter((r) => r.status === 'rejected' && codeOf(r.reason) === 'resource_exhausted').length,
      25,
    );
    assert.equal(auto.max, 5);

    const held = await createConnection(url, { prefetch: 4 });
    t.after(() => held.close());
    const manual = { now: 0, max: 0 };
    const q2 = queueName();
    await createServer(slow(manual, 60), decodeJSONRequest, encodeJSONResponse, {
      ack: 'afterEndpoint',
    }).consume(held, q2, {
      declare: { autoDelete: true },
    });
    const call2 = createClient(conn, q2, encodeJSONRequest, decodeJSONResponse, {
      timeoutMs: 5000,
    });
    const r2 = await Promise.allSettled(Array.from({ length: 30 }, () => call2(background(), {})));
    assert.equal(r2.filter((r) => r.status === 'fulfilled').length, 30, 'all served, 4 at a time');
    assert.equal(manual.max, 4);
  });

  it('typed AMQP headers: a numeric connect-timeout-ms counts, a malformed one is ignored', async (t) => {
    if (conn === undefined || ch === undefined) return t.skip('no amqp');
    const q = queueName();
    let deadline: number | undefined;
    await createServer(
      async (ctx) => ((deadline = ctx.deadline), 'ok'),
      decodeJSONRequest,
      encodeJSONResponse,
    ).consume(conn, q, {
      declare: { autoDelete: true },
    });
    await rawCall(ch, q, '{}', { 'connect-timeout-ms': 250 });
    assert.ok(deadline !== undefined && deadline - Date.now() <= 250);
    await rawCall(ch, q, '{}', { 'connect-timeout-ms': { nested: true } });
    assert.equal(deadline, undefined);
    await rawCall(ch, q, '{}', { 'connect-timeout-ms': '99999999999' });
    assert.equal(deadline, undefined);
  });

  it('a queue declared with other arguments fails consume clearly; the connection keeps working', async (t) => {
    if (conn === undefined || ch === undefined) return t.skip('no amqp');
    const q = queueName();
    await ch.assertQueue(q, { durable: false, autoDelete: true, arguments: { 'x-max-length': 5 } });
    const server = createServer(async () => 'ok', decodeJSONRequest, encodeJSONResponse);
    await assert.rejects(
      server.consume(conn, q, { declare: { autoDelete: true } }),
      /PRECONDITION_FAILED/,
    );
    // The broker closed that channel; the connection opens another (awaited by ready()), so
    // the next consume and call work. The bound is generous: only "works at all" is asserted.
    const q2 = queueName();
    await server.consume(conn, q2, { declare: { autoDelete: true } });
    const call = createClient(conn, q2, encodeJSONRequest, decodeJSONResponse, {
      timeoutMs: 15_000,
    });
    assert.equal(await call(background(), {}), 'ok');
  });

  it('a client against misbehaving servers: garbage, a foreign code, a wrong correlation id, silence', async (t) => {
    if (conn === undefined || ch === undefined) return t.skip('no amqp');
    const q = queueName();
    await ch.assertQueue(q, { autoDelete: true });
    const server = ch;
    await ch.consume(
      q,
      (d) => {
        if (d === null) return;
        const kind = d.content.toString();
        const to = String(d.properties.replyTo);
        const id = String(d.properties.correlationId);
        if (kind === '"garbage"')
          server.sendToQueue(to, Buffer.from('<html>'), { correlationId: id });
        else if (kind === '"code"') {
          server.sendToQueue(to, Buffer.from('{"err":"short and stout"}'), {
            correlationId: id,
            headers: { 'svckit-error-code': 'teapot' },
          });
        } else if (kind === '"wrong-id"') {
          // Ids that are not the call's: another prefix, ours with another counter, with a
          // letter outside the alphabet, with a counter too long, empty.
          for (const wrong of [
            'NOT' + id,
            id + 'A',
            id.slice(0, -1) + 'z',
            id + 'A'.repeat(11),
            '',
          ])
            server.sendToQueue(to, Buffer.from('"x"'), { correlationId: wrong });
        }
        // "silence": nothing
      },
      { noAck: true },
    );
    const call = createClient(conn, q, encodeJSONRequest, decodeJSONResponse, { timeoutMs: 150 });
    await assert.rejects(
      call(background(), 'garbage'),
      (err: unknown) => codeOf(err) === 'internal',
    );
    await assert.rejects(call(background(), 'code'), {
      code: 'unknown',
      message: 'short and stout',
    });
    await assert.rejects(
      call(background(), 'wrong-id'),
      (err: unknown) => codeOf(err) === 'deadline_exceeded',
    );
    await assert.rejects(
      call(background(), 'silence'),
      (err: unknown) => codeOf(err) === 'deadline_exceeded',
    );
  });
});
