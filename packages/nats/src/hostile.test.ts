// Hostile input against @svckit/nats: bad payloads, oversized messages both ways, a flood of
// slow requests, and a client against misbehaving servers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, headers } from '@nats-io/transport-node';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import { ownBroker } from './testdata/broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const subject = () => `svckit.hostile.${process.pid}.${n++}`;
const text = (m: Msg) => new TextDecoder().decode(m.data);

describe('nats: hostile input', () => {
  let nc: NatsConnection | undefined;
  before(async (t) => {
    const url = requireService(t as never, 'nats');
    if (url !== undefined) nc = await connect({ servers: url });
  });
  after(() => nc?.drain());

  it('bad payloads are answered {"err":...} invalid_argument, and the server keeps serving', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    const errors: unknown[] = [];
    const server = createServer(
      async (_ctx, r: { s: string }) => ({ v: r.s }),
      decodeJSONRequest<{ s: string }>,
      encodeJSONResponse,
      { errorHandler: (_ctx, err) => errors.push(err) },
    );
    server.subscribe(nc, s);
    const bad: (string | Uint8Array)[] = [
      'not json',
      '{"a":',
      '',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ];
    for (const payload of bad) {
      const reply = await nc.request(s, payload, { timeout: 2000 });
      assert.match(text(reply), /^\{"err":"invalid JSON: .+"\}$/, String(payload));
      assert.equal(reply.headers?.get('svckit-error-code'), 'invalid_argument');
    }
    assert.equal(errors.length, bad.length, 'the error handler saw each');
    const ok = await nc.request(s, '{"s":"still here"}', { timeout: 2000 });
    assert.equal(text(ok), '{"v":"still here"}');
  });

  it('an oversized request (2 MiB, on a broker that takes it) is refused resource_exhausted undecoded', async (t) => {
    const broker = await ownBroker(t, { maxPayload: 8 * 1024 * 1024 });
    if (broker === undefined) return;
    t.after(() => broker.stop());
    const own = await connect({ servers: broker.url });
    t.after(() => own.close());
    let decoded = 0;
    const s = subject();
    const server = createServer(
      async () => 'ok',
      (ctx, m) => (decoded++, decodeJSONRequest(ctx, m)),
      encodeJSONResponse,
    );
    server.subscribe(own, s);
    const big = JSON.stringify({ s: 'x'.repeat(2 * 1024 * 1024) });
    const call = createClient<unknown, unknown>(own, s, encodeJSONRequest, decodeJSONResponse);
    await assert.rejects(call(background(), JSON.parse(big)), (err: unknown) => {
      assert.equal(codeOf(err), 'resource_exhausted');
      assert.match((err as Error).message, /^message too large: \d+ bytes, at most 1048576$/);
      return true;
    });
    assert.equal(decoded, 0);
    assert.equal(await call(background(), {}), 'ok');
  });

  it('a request over the broker’s max_payload fails at once resource_exhausted, not by its deadline', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    createServer(async () => 'ok', decodeJSONRequest, encodeJSONResponse).subscribe(nc, s);
    for (const replies of ['shared', 'inbox'] as const) {
      const call: Endpoint<unknown, unknown> = createClient(
        nc,
        s,
        encodeJSONRequest,
        decodeJSONResponse,
        {
          replies,
        },
      );
      const started = Date.now();
      await assert.rejects(
        call(background(), 'x'.repeat(2 * 1024 * 1024)),
        (err: unknown) => codeOf(err) === 'resource_exhausted',
      );
      assert.ok(Date.now() - started < 3000);
      assert.equal(await call(background(), {}), 'ok');
    }
  });

  it('a reply over max_payload is answered with an error reply, not silence', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    const errors: unknown[] = [];
    const server = createServer(
      async () => 'y'.repeat(2 * 1024 * 1024),
      decodeJSONRequest,
      encodeJSONResponse,
      {
        errorHandler: (_ctx, err) => errors.push(err),
      },
    );
    server.subscribe(nc, s);
    const call = createClient(nc, s, encodeJSONRequest, decodeJSONResponse, { timeoutMs: 3000 });
    await assert.rejects(call(background(), {}), (err: unknown) => {
      assert.equal(codeOf(err), 'resource_exhausted');
      assert.match((err as Error).message, /reply not sent: .*max_payload/);
      return true;
    });
    assert.equal(errors.length, 1);
  });

  it('a flood of slow requests: beyond maxInFlight they are refused at once, the rest served', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    let running = 0;
    let peak = 0;
    const server = createServer(
      async () => {
        peak = Math.max(peak, ++running);
        await sleep(1000); // long enough that the whole flood arrives while 5 are running
        running--;
        return 'ok';
      },
      decodeJSONRequest,
      encodeJSONResponse,
      { maxInFlight: 5 },
    );
    server.subscribe(nc, s);
    const call = createClient(nc, s, encodeJSONRequest, decodeJSONResponse, { timeoutMs: 5000 });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => call(background(), {})),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const busy = results.filter(
      (r) => r.status === 'rejected' && codeOf(r.reason) === 'resource_exhausted',
    ).length;
    assert.equal(ok, 5);
    assert.equal(busy, 25);
    assert.equal(peak, 5);
    assert.equal(await call(background(), {}), 'ok', 'serves again once the flood passed');
  });

  it('throwing hooks do not crash the server: the request is still answered', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    const server = createServer(
      () => Promise.reject(new Error('endpoint failed')),
      decodeJSONRequest,
      encodeJSONResponse,
      {
        maxInFlight: 1,
        errorHandler: () => {
          throw new Error('handler bug');
        },
        errorEncoder: () => {
          throw new Error('encoder bug');
        },
      },
    );
    server.subscribe(nc, s);
    const call = createClient(nc, s, encodeJSONRequest, decodeJSONResponse, { timeoutMs: 5000 });
    // The error encoder throws: the fallback answers internal.
    const both = await Promise.allSettled([call(background(), {}), call(background(), {})]);
    for (const r of both) {
      assert.equal(r.status, 'rejected');
      assert.equal(codeOf(r.reason), 'internal');
    }
  });

  it('a client against misbehaving servers: garbage, a foreign code, silence, a huge header', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    const sub = nc.subscribe(s, {
      callback: (_err, m) => {
        const kind = text(m);
        if (kind === '"garbage"') m.respond('<html>');
        else if (kind === '"code"') {
          const h = headers();
          h.set('svckit-error-code', 'teapot');
          m.respond('{"err":"short and stout"}', { headers: h });
        } else if (kind === '"raw-error"') {
          const h = headers();
          h.set('svckit-error-code', 'not_found');
          m.respond('plain words', { headers: h });
        } else if (kind === '"wrong-token"' && m.reply !== undefined) {
          // Replies to tokens that are not the call's: another number, a letter outside
          // base 36, too long; the call gets none of them.
          const inbox = m.reply.slice(0, m.reply.lastIndexOf('.') + 1);
          for (const wrong of [m.reply + '0', inbox + 'ZZ', inbox + 'z'.repeat(11)])
            nc?.publish(wrong, '"x"');
        }
        // "silence": no reply at all
      },
    });
    t.after(() => sub.unsubscribe());
    const call = createClient(nc, s, encodeJSONRequest, decodeJSONResponse, { timeoutMs: 100 });
    await assert.rejects(call(background(), 'garbage'), (err: unknown) => {
      assert.equal(codeOf(err), 'internal');
      assert.match((err as Error).message, /^invalid JSON: /);
      return true;
    });
    await assert.rejects(call(background(), 'code'), {
      code: 'unknown',
      message: 'short and stout',
    });
    await assert.rejects(call(background(), 'raw-error'), {
      code: 'not_found',
      message: 'plain words',
    });
    await assert.rejects(
      call(background(), 'wrong-token'),
      (err: unknown) => codeOf(err) === 'deadline_exceeded',
    );
    await assert.rejects(
      call(background(), 'silence'),
      (err: unknown) => codeOf(err) === 'deadline_exceeded',
    );

    // A server-side header of 11 digits is malformed: ignored, not a 317-year deadline.
    const s2 = subject();
    let deadline: number | undefined = 0;
    createServer(
      async (ctx) => ((deadline = ctx.deadline), 'ok'),
      decodeJSONRequest,
      encodeJSONResponse,
    ).subscribe(nc, s2);
    const h = headers();
    h.set('connect-timeout-ms', '99999999999');
    await nc.request(s2, '{}', { timeout: 2000, headers: h });
    assert.equal(deadline, undefined);
  });
});
