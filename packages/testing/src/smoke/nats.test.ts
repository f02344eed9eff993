import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { StringCodec, connect } from 'nats';
import { requireService } from '../services.js';

test('smoke: NATS answers a request/reply round trip', async (t) => {
  const url = requireService(t, 'nats');
  if (url === undefined) return;
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    const sc = StringCodec();
    const subject = `svckit.smoke.${randomUUID()}`;
    const sub = nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err === null) msg.respond(sc.encode(`pong:${sc.decode(msg.data)}`));
      },
    });
    await nc.flush();
    const reply = await nc.request(subject, sc.encode('ping'), { timeout: 5000 });
    assert.equal(sc.decode(reply.data), 'pong:ping');
    sub.unsubscribe();
    const jsm = await nc.jetstreamManager();
    const info = await jsm.getAccountInfo();
    assert.ok(info.limits !== undefined, 'JetStream is enabled');
  } finally {
    await nc.drain();
  }
});
