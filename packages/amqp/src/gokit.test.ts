// @svckit/amqp against Go kit's addsvc and addcli over AMQP (examples protocol §3), both ways.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect } from 'amqplib';
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { background, withTimeout } from '@svckit/core/context';
import {
  goKitSkip,
  localAddSet,
  requireService,
  runGoKitPeer,
  startGoKitPeer,
} from '@svckit/testing';
import { createConnection } from './index.js';
import type { Connection } from './index.js';
import { newAMQPClient, newAMQPServers } from './testdata/addsvc.js';

async function addcli(args: readonly string[]) {
  const run = await runGoKitPeer('addcli', args);
  return { code: run.code, out: `${run.stdout}${run.stderr}` };
}

describe('addsvc over AMQP with Go kit', { skip: goKitSkip() }, () => {
  let url: string | undefined;
  let conn: Connection | undefined;
  let raw: ChannelModel | undefined;
  before(async (t) => {
    url = requireService(t as never, 'amqp');
    if (url === undefined) return;
    conn = await createConnection(url);
    raw = await connect(url);
  });
  after(async () => {
    await conn?.close();
    await raw?.close();
  });

  async function dropQueues(prefix: string): Promise<void> {
    const ch = await raw!.createChannel();
    await ch.deleteQueue(`${prefix}.sum`);
    await ch.deleteQueue(`${prefix}.concat`);
    await ch.close();
  }

  it('Go kit addcli calls the svckit addsvc', async (t) => {
    if (conn === undefined || url === undefined) return t.skip('no amqp');
    const prefix = `addsvc-${randomUUID()}`;
    const servers = newAMQPServers(localAddSet(), prefix);
    await servers.consume(conn);
    t.after(async () => {
      await servers.close();
      await dropQueues(prefix);
    });
    const cli = (...args: string[]) =>
      addcli([`-amqp-url=${url}`, `-msg-prefix=${prefix}`, ...args]);
    assert.deepEqual(await cli('1', '2'), { code: 0, out: '1 + 2 = 3\n' });
    assert.deepEqual(await cli('0', '0'), { code: 1, out: "error: can't sum two zeroes\n" });
    assert.deepEqual(await cli('2147483647', '1'), { code: 1, out: 'error: integer overflow\n' });
    assert.deepEqual(await cli('-method', 'concat', 'ab', 'cd'), {
      code: 0,
      out: '"ab" + "cd" = "abcd"\n',
    });

    // The queues are declared as §3 says: the same declaration again succeeds.
    const check = await raw!.createChannel();
    await check.assertQueue(`${prefix}.sum`, {
      durable: false,
      exclusive: false,
      autoDelete: false,
    });
    // Raw RPCs: replies echo the correlation id, application/json, the convention's bytes.
    const { queue } = await check.assertQueue('', { exclusive: true, autoDelete: true });
    const replies = new Map<string, ConsumeMessage>();
    await check.consume(
      queue,
      (m) => m !== null && replies.set(String(m.properties.correlationId), m),
      { noAck: true },
    );
    const rpc = async (key: string, body: string) => {
      const id = randomUUID();
      check.publish('', `${prefix}.${key}`, Buffer.from(body), {
        replyTo: queue,
        correlationId: id,
        contentType: 'application/json',
      });
      for (let i = 0; i < 500 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
      const m = replies.get(id);
      assert.ok(m !== undefined, `a reply to ${body}`);
      assert.equal(m.properties.contentType, 'application/json');
      return m.content.toString();
    };
    assert.equal(await rpc('sum', '{"a":1,"b":2}'), '{"v":3}');
    assert.equal(await rpc('sum', '{"a":0,"b":0}'), '{"v":0,"err":"can\'t sum two zeroes"}');
    assert.equal(await rpc('concat', '{"A":"x","B":"y"}'), '{"v":"xy"}');
    assert.equal(await rpc('sum', '{"a":"x"}'), '{"err":"field a is not an integer"}');
    assert.match(await rpc('sum', 'nope'), /^\{"err":"invalid JSON: .+"\}$/);
    await check.close();
  });

  it('the svckit client calls the Go kit addsvc', async (t) => {
    if (conn === undefined || url === undefined) return t.skip('no amqp');
    const prefix = `addsvc-${randomUUID()}`;
    const svc = await startGoKitPeer('addsvc', {
      ports: 0,
      args: () => [`-amqp-url=${url}`, `-msg-prefix=${prefix}`, '-limit=false'],
      ready: /transport=AMQP addr=/,
    });
    t.after(async () => {
      await svc.stop();
      await dropQueues(prefix);
    });
    for (const replies of ['queue', 'direct'] as const) {
      const client = newAMQPClient(conn, prefix, { replies });
      const sum = async (a: bigint, b: bigint, ctx = background()) => {
        const r = await client.sum(ctx, { a, b });
        return r.err === undefined ? r.v : r.err.message;
      };
      assert.equal(await sum(1n, 2n), 3n);
      assert.equal(await sum(0n, 0n), "can't sum two zeroes");
      assert.equal((await client.concat(background(), { a: 'ab', b: 'cd' })).v, 'abcd');
      const tooLong = await client.concat(background(), { a: 'ééééé', b: 'x' });
      assert.equal(tooLong.failed()?.message, 'result exceeds maximum size');
      // With a deadline: connect-timeout-ms (a header) and expiration go along; Go kit ignores both.
      const [ctx, cancel] = withTimeout(background(), 2000);
      assert.equal(await sum(2147483646n, 1n, ctx), 2147483647n);
      cancel();
    }
  });
});
