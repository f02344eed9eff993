import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, headers } from '@nats-io/transport-node';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import {
  background,
  createKey,
  isDeadlineExceeded,
  withCancel,
  withTimeout,
  withValue,
} from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { ServiceError, codeOf } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { requireService } from '@svckit/testing';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
  headerOf,
  msgOf,
  setHeader,
} from './index.js';
import type { ClientOptions, ServerOptions } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const subject = () => `svckit.test.${process.pid}.${n++}`;
const text = (m: Msg) => new TextDecoder().decode(m.data);

describe('nats server and client on a real nats-server', () => {
  let nc: NatsConnection | undefined;
  before(async (t) => {
    const url = requireService(t as never, 'nats');
    if (url !== undefined) nc = await connect({ servers: url });
  });
  after(async () => {
    await nc?.drain();
  });

  function pair<Req, Res>(
    endpoint: Endpoint<Req, Res>,
    serverOptions: ServerOptions = {},
    clientOptions: ClientOptions = {},
  ) {
    const s = subject();
    const server = createServer(
      endpoint,
      decodeJSONRequest<Req>,
      encodeJSONResponse,
      serverOptions,
    );
    server.subscribe(nc as NatsConnection, s);
    const client = createClient<Req, Res>(
      nc as NatsConnection,
      s,
      encodeJSONRequest,
      decodeJSONResponse<Res>,
      clientOptions,
    );
    return { s, server, client };
  }

  it('calls through both sides with every hook, headers travelling both ways', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const log: string[] = [];
    const { client, server } = pair(
      async (ctx, req: { s: string }) => {
        log.push(`endpoint ${msgOf(ctx)?.subject.startsWith('svckit.test.') === true}`);
        return {
          v: req.s.toUpperCase(),
          headers: () => ({ 'x-multi': ['a', 'b'] }),
        };
      },
      {
        before: [
          (ctx, m) => (log.push(`server before ${headerOf(m.headers, 'x-id') ?? '-'}`), ctx),
        ],
        after: [
          (ctx, reply) => (setHeader(reply, 'x-served', 'yes'), log.push('server after'), ctx),
        ],
        finalizer: [(_ctx, o) => log.push(`server finalizer failed=${o.failed}`)],
      },
      {
        before: [(ctx, r) => (setHeader(r, 'x-id', 'r1'), log.push('client before'), ctx)],
        after: [
          (ctx, reply) => {
            const multi = reply.headers?.values('x-multi').join(',');
            log.push(`client after ${headerOf(reply.headers, 'x-served') ?? '-'} ${multi}`);
            return ctx;
          },
        ],
        finalizer: [
          (_ctx, err) => log.push(`client finalizer ${err === undefined ? 'ok' : 'err'}`),
        ],
      },
    );
    assert.deepEqual(await client(background(), { s: 'hello' }), { v: 'HELLO' });
    await sleep(10); // the server's finalizer runs after its reply left
    assert.deepEqual(log, [
      'client before',
      'server before r1',
      'endpoint true',
      'server after',
      'server finalizer failed=false',
      'client after yes a,b',
      'client finalizer ok',
    ]);
    assert.equal(server.inFlight, 0);
  });

  it('trace context travels in headers: a client before hook sends it, a server before hook reads it', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const traceKey = createKey<string>('traceparent');
    let seen: string | undefined;
    const { client } = pair(
      async (ctx) => ((seen = ctx.value(traceKey)), 'ok'),
      {
        before: [
          (ctx, m) => {
            const tp = headerOf(m.headers, 'traceparent');
            return tp === undefined ? ctx : withValue(ctx, traceKey, tp);
          },
        ],
      },
      {
        before: [
          (ctx, r) => {
            const tp = ctx.value(traceKey);
            if (tp !== undefined) setHeader(r, 'traceparent', tp);
            return ctx;
          },
        ],
      },
    );
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await client(withValue(background(), traceKey, tp), {});
    assert.equal(seen, tp);
  });

  it('an error is answered exactly {"err":...} with its code in a header, and round-trips', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { s, client } = pair(() => Promise.reject(new ServiceError('not_found', 'no such user')));
    await assert.rejects(client(background(), {}), (err: unknown) => {
      assert.ok(err instanceof ServiceError);
      assert.equal(err.code, 'not_found');
      assert.equal(err.message, 'no such user');
      return true;
    });
    const raw = await nc.request(s, '{}', { timeout: 2000 });
    assert.equal(text(raw), '{"err":"no such user"}');
    assert.equal(raw.headers?.get('svckit-error-code'), 'not_found');
    const plain = pair(() => Promise.reject(new Error('boom'))).client;
    await assert.rejects(plain(background(), {}), { code: 'unknown', message: 'boom' });
  });

  it('the errorCode option is this transport’s status table', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { client } = pair(() => Promise.reject(new ServiceError('invalid_argument', 'bad')), {
      errorCode: () => 'internal',
    });
    await assert.rejects(client(background(), {}), { code: 'internal', message: 'bad' });
    assert.throws(
      () =>
        createServer(async () => 1, decodeJSONRequest, encodeJSONResponse, {
          errorCode: () => 'internal',
          errorEncoder: () => undefined,
        }),
      TypeError,
    );
  });

  it('the deadline travels as connect-timeout-ms and bounds the server context', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    let header: string | undefined;
    let left: number | undefined;
    const { client } = pair(
      async (ctx) => {
        header = headerOf(msgOf(ctx)?.headers, 'connect-timeout-ms');
        left = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now();
        return 'ok';
      },
      {},
      {},
    );
    const [ctx, cancel] = withTimeout(background(), 500);
    assert.equal(await client(ctx, {}), 'ok');
    cancel();
    assert.ok(Number(header) > 0 && Number(header) <= 500, header);
    assert.ok(left !== undefined && left > 0 && left <= 500, String(left));
    // No context deadline: the client's own 10 s bound is not sent, the server has none.
    await client(background(), {});
    assert.equal(header, undefined);
    assert.equal(left, undefined);
    // A context deadline beyond the client's bound: the bound is what goes.
    const [far, cancelFar] = withTimeout(background(), 60_000);
    await client(far, {});
    cancelFar();
    assert.ok(Number(header) > 9000 && Number(header) <= 10_000, header);
  });

  it('propagateDeadline: false sends none; maxTimeoutMs caps what a request asks', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    let left: number | undefined;
    const { client } = pair(
      async (ctx) => (
        (left = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now()),
        'ok'
      ),
      { maxTimeoutMs: 100 },
      { propagateDeadline: false },
    );
    await client(background(), {});
    assert.ok(left !== undefined && left <= 100, String(left));
    const quiet = pair(
      async (ctx) => ((left = ctx.deadline), 'ok'),
      {},
      { propagateDeadline: false },
    ).client;
    await quiet(background(), {});
    assert.equal(left, undefined);
  });

  it('an expired deadline is answered deadline_exceeded without calling the endpoint', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    let calls = 0;
    const { s } = pair(async () => (calls++, 'late'));
    const h = headers();
    h.set('connect-timeout-ms', '0');
    const reply = await nc.request(s, '{}', { timeout: 2000, headers: h });
    assert.equal(reply.headers?.get('svckit-error-code'), 'deadline_exceeded');
    assert.equal(calls, 0);
    const bad = headers();
    bad.set('Connect-Timeout-Ms', '-5');
    const ok = await nc.request(s, '{}', { timeout: 2000, headers: bad });
    assert.equal(text(ok), '"late"', 'a malformed header is ignored');
    assert.equal(calls, 1);
  });

  it('a call rejects at its deadline when the server does not answer in time', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { client } = pair(async () => (await sleep(3000), 'slow'), {}, { timeoutMs: 50 });
    const started = Date.now();
    await assert.rejects(client(background(), {}), (err: unknown) => isDeadlineExceeded(err));
    const took = Date.now() - started;
    assert.ok(took >= 45 && took < 1500, `${took} ms`);
    const [ctx, cancel] = withTimeout(background(), -1);
    await assert.rejects(client(ctx, {}), (e: unknown) => codeOf(e) === 'deadline_exceeded');
    cancel();
  });

  it("the caller's cancellation rejects the call at once", async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { client } = pair(async () => (await sleep(200), 'slow'));
    const [ctx, cancel] = withCancel(background());
    const call = client(ctx, {});
    await sleep(10);
    cancel();
    await assert.rejects(call, (err: unknown) => codeOf(err) === 'canceled');
  });

  it('no responders fails at once as unavailable, with NATS’s message', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    for (const replies of ['shared', 'inbox'] as const) {
      const s = subject();
      const call = createClient(nc, s, encodeJSONRequest, decodeJSONResponse, { replies });
      const started = Date.now();
      await assert.rejects(call(background(), {}), (err: unknown) => {
        assert.equal(codeOf(err), 'unavailable');
        assert.match((err as Error).message, /no responders/);
        return true;
      });
      assert.ok(Date.now() - started < 3000, 'not after the 10 s timeout');
    }
  });

  it('per-request inboxes work as the shared reply subscription does', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { client } = pair(
      async (_ctx, r: { s: string }) => ({ v: r.s }),
      {},
      { replies: 'inbox' },
    );
    const got = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client(background(), { s: `${i}` })),
    );
    assert.deepEqual(
      got.map((g) => (g as { v: string }).v),
      Array.from({ length: 20 }, (_, i) => `${i}`),
    );
    const { client: slow } = pair(
      async () => (await sleep(200), 1),
      {},
      { replies: 'inbox', timeoutMs: 30 },
    );
    await assert.rejects(slow(background(), {}), (err: unknown) => isDeadlineExceeded(err));
  });

  it('many concurrent calls are each answered with their own reply', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { client } = pair(
      async (_ctx, r: { i: number }) => (await sleep(r.i % 7), { i: r.i * 2 }),
    );
    const got = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client(background(), { i })),
    );
    assert.deepEqual(
      got.map((g) => (g as { i: number }).i),
      Array.from({ length: 200 }, (_, i) => i * 2),
    );
  });

  it('a message without a reply subject is served and answered nothing, even on error', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const outcomes: boolean[] = [];
    const s = subject();
    const server = createServer(
      async (_ctx, r: { fail: boolean }) => {
        if (r.fail) throw new Error('nobody hears this');
        return 'ok';
      },
      decodeJSONRequest<{ fail: boolean }>,
      encodeJSONResponse,
      { finalizer: [(_ctx, o) => outcomes.push(o.failed)] },
    );
    server.subscribe(nc, s);
    nc.publish(s, '{"fail":true}');
    nc.publish(s, '{"fail":false}');
    nc.publish(s, 'not json');
    await nc.flush();
    await sleep(50);
    assert.deepEqual(outcomes.sort(), [false, true, true]);
  });

  it('a queue group delivers each request to one member', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const s = subject();
    const served = [0, 0];
    for (const i of [0, 1]) {
      const server = createServer(
        async () => ((served[i] = (served[i] ?? 0) + 1), i),
        decodeJSONRequest,
        encodeJSONResponse,
      );
      server.subscribe(nc, s, { queue: 'q' });
    }
    const call = createClient(nc, s, encodeJSONRequest, decodeJSONResponse<number>);
    for (let i = 0; i < 40; i++) await call(background(), {});
    assert.equal((served[0] ?? 0) + (served[1] ?? 0), 40);
  });

  it('close drains: in-flight requests are answered, then nothing more is taken', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const { client, server } = pair(
      async (_ctx: Context, r: { i: number }) => (await sleep(300), r.i),
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
    await assert.rejects(client(background(), { i: 1 }), { code: 'unavailable' });
  });
});
