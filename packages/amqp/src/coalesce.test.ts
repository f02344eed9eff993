import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Channel } from 'amqplib';
import { background } from '@svckit/core/context';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createConnection,
  createSender,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import type { Connection } from './index.js';

interface Socket {
  _write: (...args: unknown[]) => void;
  _writev: ((...args: unknown[]) => void) | null;
}

/** spyWrites counts the socket's writes (each one system call) on the real socket. */
function spyWrites(ch: Channel): { count: () => number; restore: () => void } {
  const socket = (ch as unknown as { connection: { stream: Socket } }).connection.stream;
  const write = socket._write;
  const writev = socket._writev;
  let n = 0;
  socket._write = function (this: unknown, ...args: unknown[]) {
    n++;
    return write.apply(this, args);
  };
  if (writev !== null) {
    socket._writev = function (this: unknown, ...args: unknown[]) {
      n++;
      return writev.apply(this, args);
    };
  }
  return {
    count: () => n,
    restore: () => {
      socket._write = write;
      socket._writev = writev;
    },
  };
}

describe('amqp write coalescing on a real RabbitMQ', () => {
  let conn: Connection | undefined;
  before(async (t) => {
    const url = requireService(t as never, 'amqp');
    if (url === undefined) return;
    conn = await createConnection(url);
  });
  after(async () => {
    await conn?.close();
  });

  it('20 messages sent in one turn leave in at most 2 socket writes, and all arrive', async (t) => {
    if (conn === undefined) return t.skip('no RabbitMQ');
    const queue = `svckit.test.coalesce.${process.pid}`;
    const got: string[] = [];
    const all = new Promise<void>((resolve) => {
      const server = createServer(
        async (_ctx, r: { i: number }) => {
          got.push(String(r.i));
          if (got.length === 20) resolve();
          return {};
        },
        decodeJSONRequest<{ i: number }>,
        encodeJSONResponse,
      );
      void server.consume(conn as Connection, queue, { declare: { autoDelete: true } });
    });
    await new Promise((r) => setTimeout(r, 100)); // the consumer is registered
    const send = createSender(conn, queue, encodeJSONRequest);
    const spy = spyWrites(conn.channel as Channel);
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => send(background(), { i })));
      await all;
      assert.ok(spy.count() <= 2, `${spy.count()} socket writes for 20 publishes`);
    } finally {
      spy.restore();
    }
    assert.equal(got.length, 20);
  });

  it('calls in flight together share writes both ways, and every one is answered', async (t) => {
    if (conn === undefined) return t.skip('no RabbitMQ');
    const queue = `svckit.test.coalesce.rpc.${process.pid}`;
    const server = createServer(
      async (_ctx, r: { i: number }) => ({ v: r.i * 2 }),
      decodeJSONRequest<{ i: number }>,
      encodeJSONResponse,
    );
    await server.consume(conn, queue, { declare: { autoDelete: true } });
    const call = createClient(conn, queue, encodeJSONRequest, decodeJSONResponse<{ v: number }>);
    await call(background(), { i: 0 }); // the reply queue is set up
    const spy = spyWrites(conn.channel as Channel);
    try {
      const out = await Promise.all(
        Array.from({ length: 50 }, (_, i) => call(background(), { i })),
      );
      assert.deepEqual(
        out.map((o) => o.v),
        Array.from({ length: 50 }, (_, i) => i * 2),
      );
      // 50 requests and 50 replies on one connection: far fewer writes than 100 frames.
      assert.ok(spy.count() <= 25, `${spy.count()} socket writes for 100 publishes`);
    } finally {
      spy.restore();
      await server.close();
    }
  });
});
