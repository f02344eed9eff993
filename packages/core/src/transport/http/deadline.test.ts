import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { background, isDeadlineExceeded, withTimeout } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import {
  createClient,
  createServer,
  decodeJSONResponse,
  encodeJSONResponse,
  nopRequestDecoder,
} from './index.js';
import type { Server, ServerOptions } from './index.js';
import { listenPlain, serve } from './serve.test.helper.js';

/** seeing is a server whose endpoint reports the deadline of its request context. */
function seeing(options: ServerOptions = {}) {
  const seen: { calls: number; remaining: number | undefined } = { calls: 0, remaining: undefined };
  const server = createServer(
    async (ctx: Context) => {
      seen.calls++;
      seen.remaining = ctx.deadline === undefined ? undefined : ctx.deadline - Date.now();
      return {};
    },
    nopRequestDecoder,
    encodeJSONResponse,
    options,
  );
  return { seen, server };
}

const faces: [string, (server: Server, headers: Record<string, string>) => Promise<Response>][] = [
  ['node face', async (server, headers) => fetch(await serve(server), { headers })],
  ['fetch face', (server, headers) => server.fetch(new Request('http://svc.test/', { headers }))],
];

for (const [face, call] of faces) {
  describe(`HTTP server deadlines (${face})`, () => {
    it('Connect-Timeout-Ms sets the request context deadline', async () => {
      const { seen, server } = seeing();
      assert.equal((await call(server, { 'connect-timeout-ms': '50000' })).status, 200);
      assert.ok(
        seen.remaining !== undefined && seen.remaining > 40_000 && seen.remaining <= 50_000,
      );
      await call(server, {});
      assert.equal(seen.remaining, undefined, 'no header, no deadline');
    });

    it("the deadline's timer ends with the response: the context is canceled, not timed out", async () => {
      let seen: Context | undefined;
      const server = createServer(
        async (ctx: Context) => {
          seen = ctx;
          return {};
        },
        nopRequestDecoder,
        encodeJSONResponse,
      );
      const res = await call(server, { 'connect-timeout-ms': '50000' });
      assert.equal(res.status, 200);
      await res.text();
      const ctx = seen as Context;
      assert.equal(ctx.signal.aborted, true, 'canceled once the flow is over');
      assert.equal(isDeadlineExceeded(ctx.signal.reason), false);
      assert.equal((ctx.signal.reason as Error).name, 'CanceledError');
    });

    it('Grpc-Timeout is read too, and the smaller of both wins', async () => {
      const { seen, server } = seeing();
      await call(server, { 'grpc-timeout': '60S' });
      assert.ok(
        seen.remaining !== undefined && seen.remaining > 50_000 && seen.remaining <= 60_000,
      );
      await call(server, { 'grpc-timeout': '60S', 'connect-timeout-ms': '30000' });
      assert.ok(
        seen.remaining !== undefined && seen.remaining <= 30_000 && seen.remaining > 20_000,
      );
    });

    it('a malformed header is ignored, as if absent', async () => {
      const { seen, server } = seeing();
      for (const bad of ['-1', '1.5', 'soon', '12345678901', ''])
        assert.equal((await call(server, { 'connect-timeout-ms': bad })).status, 200, bad);
      assert.equal(seen.remaining, undefined);
      assert.equal((await call(server, { 'grpc-timeout': '5 parsecs' })).status, 200);
    });

    it('the largest header value (10 digits) is a far deadline, not an early abort', async () => {
      let aborted: boolean | undefined;
      const server = createServer(
        async (ctx: Context) => {
          void ctx.signal;
          await new Promise((r) => setTimeout(r, 30));
          aborted = ctx.signal.aborted;
          return {};
        },
        nopRequestDecoder,
        encodeJSONResponse,
      );
      assert.equal((await call(server, { 'connect-timeout-ms': '9999999999' })).status, 200);
      assert.equal(aborted, false);
    });

    it('a deadline already spent is answered 504 deadline_exceeded without calling the endpoint', async () => {
      const { seen, server } = seeing();
      const res = await call(server, { 'connect-timeout-ms': '0' });
      assert.equal(res.status, 504);
      assert.equal(res.headers.get('svckit-error-code'), 'deadline_exceeded');
      assert.equal(await res.text(), 'context deadline exceeded');
      assert.equal(seen.calls, 0);
    });

    it('maxTimeoutMs caps the caller and bounds requests that carry no deadline', async () => {
      const { seen, server } = seeing({ maxTimeoutMs: 1000 });
      await call(server, { 'connect-timeout-ms': '60000' });
      assert.ok(seen.remaining !== undefined && seen.remaining <= 1000);
      await call(server, {});
      assert.ok(seen.remaining !== undefined && seen.remaining <= 1000 && seen.remaining > 0);
      await call(server, { 'connect-timeout-ms': '200' });
      assert.ok(seen.remaining !== undefined && seen.remaining <= 200, 'a shorter one is kept');
      assert.throws(() => seeing({ maxTimeoutMs: -1 }), RangeError);
    });

    it('the request signal aborts at the deadline with DeadlineExceededError', async () => {
      let reason: unknown;
      const server = createServer(
        (ctx: Context) =>
          new Promise((_resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('not aborted')), 5000);
            ctx.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reason = ctx.signal.reason;
              reject(ctx.signal.reason as Error);
            });
          }),
        nopRequestDecoder,
        encodeJSONResponse,
      );
      const res = await call(server, { 'connect-timeout-ms': '50' });
      assert.equal(res.status, 504);
      assert.ok(isDeadlineExceeded(reason), String(reason));
    });
  });
}

describe('HTTP client deadlines', () => {
  let seenHeaders: IncomingHttpHeaders[] = [];
  let hang = false;
  const plain = createNodeServer((req, res) => {
    seenHeaders.push(req.headers);
    if (hang) return; // never answers; the client must give up at its deadline
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  const base = listenPlain(plain);

  it('sends ceil(remaining) as Connect-Timeout-Ms; nothing without a deadline', async () => {
    seenHeaders = [];
    const call = createClient('GET', await base, () => {}, decodeJSONResponse);
    const [ctx, cancel] = withTimeout(background(), 700);
    await call(ctx, undefined);
    cancel();
    await call(background(), undefined);
    const sent = Number(seenHeaders[0]?.['connect-timeout-ms']);
    assert.ok(sent > 0 && sent <= 700, `sent ${sent}`);
    assert.equal(seenHeaders[1]?.['connect-timeout-ms'], undefined);
  });

  it('propagateDeadline: false sends no header (third-party APIs)', async () => {
    seenHeaders = [];
    const call = createClient('GET', await base, () => {}, decodeJSONResponse, {
      propagateDeadline: false,
    });
    const [ctx, cancel] = withTimeout(background(), 700);
    await call(ctx, undefined);
    cancel();
    assert.equal(seenHeaders[0]?.['connect-timeout-ms'], undefined);
  });

  it('an expired context fails with DeadlineExceededError without sending', async () => {
    seenHeaders = [];
    const call = createClient('GET', await base, () => {}, decodeJSONResponse);
    const [ctx, cancel] = withTimeout(background(), -1);
    await assert.rejects(call(ctx, undefined), (err: unknown) => isDeadlineExceeded(err));
    cancel();
    assert.equal(seenHeaders.length, 0);
  });

  it('aborts at the deadline with DeadlineExceededError when the server does not answer', async () => {
    seenHeaders = [];
    hang = true;
    try {
      const call = createClient('GET', await base, () => {}, decodeJSONResponse);
      const [ctx, cancel] = withTimeout(background(), 80);
      await assert.rejects(call(ctx, undefined), (err: unknown) => isDeadlineExceeded(err));
      cancel();
      assert.equal(seenHeaders.length, 1);
    } finally {
      hang = false;
    }
  });
});
