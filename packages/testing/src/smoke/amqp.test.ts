import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from 'amqplib';
import { requireService } from '../services.js';

test('smoke: RabbitMQ publishes to and consumes from a temporary queue', async (t) => {
  const url = requireService(t, 'amqp');
  if (url === undefined) return;
  const conn = await connect(url);
  try {
    const channel = await conn.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    const received = new Promise<string>((resolve) => {
      void channel.consume(
        queue,
        (msg) => {
          if (msg !== null) resolve(msg.content.toString('utf8'));
        },
        { noAck: true },
      );
    });
    assert.ok(channel.sendToQueue(queue, Buffer.from('hello svckit')));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
    });
    try {
      assert.equal(await Promise.race([received, timeout]), 'hello svckit');
    } finally {
      clearTimeout(timer);
    }
    await channel.close();
  } finally {
    await conn.close();
  }
});
