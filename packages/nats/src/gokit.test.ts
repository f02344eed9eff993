// @svckit/nats against Go kit's addsvc and addcli over NATS (examples protocol §3), both ways.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { background, withTimeout } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import {
  goKitSkip,
  localAddSet,
  requireService,
  runGoKitPeer,
  startGoKitPeer,
} from '@svckit/testing';
import { newNATSClient, newNATSServers } from './testdata/addsvc.js';

async function addcli(args: readonly string[]) {
  const run = await runGoKitPeer('addcli', args);
  return { code: run.code, out: `${run.stdout}${run.stderr}` };
}

describe('addsvc over NATS with Go kit', { skip: goKitSkip() }, () => {
  let url: string | undefined;
  let nc: NatsConnection | undefined;
  before(async (t) => {
    url = requireService(t as never, 'nats');
    if (url !== undefined) nc = await connect({ servers: url });
  });
  after(() => nc?.close());

  it('Go kit addcli calls the svckit addsvc', async (t) => {
    if (nc === undefined || url === undefined) return t.skip('no nats');
    const prefix = `addsvc-${randomUUID()}`;
    const servers = newNATSServers(localAddSet(), prefix);
    servers.subscribe(nc);
    await nc.flush();
    t.after(() => servers.close());
    const cli = (...args: string[]) =>
      addcli([`-nats-url=${url}`, `-msg-prefix=${prefix}`, ...args]);
    assert.deepEqual(await cli('1', '2'), { code: 0, out: '1 + 2 = 3\n' });
    assert.deepEqual(await cli('0', '0'), { code: 1, out: "error: can't sum two zeroes\n" });
    assert.deepEqual(await cli('2147483647', '1'), { code: 1, out: 'error: integer overflow\n' });
    assert.deepEqual(await cli('-method', 'concat', 'ab', 'cd'), {
      code: 0,
      out: '"ab" + "cd" = "abcd"\n',
    });
    assert.deepEqual(await cli('-method', 'concat', '123456', '78901'), {
      code: 1,
      out: 'error: result exceeds maximum size\n',
    });
    // The bytes of the convention, as the Go addsvc answers them (no headers on success).
    const ask = async (subject: string, body: string) => {
      const m = await nc!.request(`${prefix}.${subject}`, body, { timeout: 2000 });
      return { body: new TextDecoder().decode(m.data), code: m.headers?.get('svckit-error-code') };
    };
    assert.deepEqual(await ask('sum', '{"a":1,"b":2}'), { body: '{"v":3}', code: undefined });
    assert.deepEqual(await ask('sum', '{"A":0,"B":0}'), {
      body: '{"v":0,"err":"can\'t sum two zeroes"}',
      code: undefined,
    });
    assert.deepEqual(await ask('concat', '{"a":"x","b":"y"}'), {
      body: '{"v":"xy"}',
      code: undefined,
    });
    const bad = await ask('sum', 'nope');
    assert.match(bad.body, /^\{"err":"invalid JSON: .+"\}$/);
    assert.equal(bad.code, 'invalid_argument');
    assert.equal((await ask('sum', '{"a":"x"}')).body, '{"err":"field a is not an integer"}');
  });

  it('the svckit client calls the Go kit addsvc', async (t) => {
    if (nc === undefined || url === undefined) return t.skip('no nats');
    const prefix = `addsvc-${randomUUID()}`;
    const svc = await startGoKitPeer('addsvc', {
      ports: 0,
      args: () => [`-nats-url=${url}`, `-msg-prefix=${prefix}`, '-limit=false'],
      ready: /transport=NATS addr=/,
    });
    t.after(() => svc.stop());
    const client = newNATSClient(nc, prefix);
    const sum = async (a: bigint, b: bigint, ctx = background()) => {
      const r = await client.sum(ctx, { a, b });
      return r.err === undefined ? r.v : r.err.message;
    };
    assert.equal(await sum(1n, 2n), 3n);
    assert.equal(await sum(0n, 0n), "can't sum two zeroes");
    assert.equal(await sum(2147483647n, 1n), 'integer overflow');
    assert.deepEqual(
      { ...(await client.concat(background(), { a: 'ab', b: 'cd' })), failed: 0 },
      {
        v: 'abcd',
        err: undefined,
        failed: 0,
      },
    );
    const tooLong = await client.concat(background(), { a: 'ééééé', b: 'x' });
    assert.equal(tooLong.failed()?.message, 'result exceeds maximum size');
    // With a deadline, svckit's connect-timeout-ms header goes along (an HMSG); Go kit ignores it.
    const [ctx, cancel] = withTimeout(background(), 2000);
    assert.equal(await sum(2147483646n, 1n, ctx), 2147483647n);
    cancel();
    const nobody = newNATSClient(nc, `${prefix}-nobody`);
    await assert.rejects(
      nobody.sum(background(), { a: 1n, b: 2n }),
      (err: unknown) => codeOf(err) === 'unavailable',
    );
  });
});
