import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@svckit/testing';
import { createRouter, createServer, encodeJSONResponse } from '../http/index.js';
import { createHandler, httpHandler, start } from './index.js';
import type { InvocationContext, LambdaHandler } from './index.js';
import { startRuntimeApi } from './runtime-api.test.helper.js';
import type { RuntimeApi } from './runtime-api.test.helper.js';
import { httpApiEvent } from './testdata/events.js';

// start() against a protocol-faithful double of the Lambda runtime API (see the helper).

describe('awslambda start: the runtime API loop', () => {
  let api: RuntimeApi;
  let stop: AbortController;
  let loop: Promise<void>;
  const contexts: InvocationContext[] = [];

  const handler: LambdaHandler = async (event, context) => {
    contexts.push(context as InvocationContext);
    const e = event as { kind?: string; n?: number } | undefined;
    if (e?.kind === 'throw') throw new RangeError('out of range');
    if (e?.kind === 'big') return 'x'.repeat(7 * 1024 * 1024);
    if (e?.kind === 'cyclic') {
      const o: Record<string, unknown> = {};
      o['o'] = o;
      return o;
    }
    if (e?.kind === 'slow') await new Promise((r) => setTimeout(r, 400));
    if (e?.kind === 'http') return httpHandler(router)(event as never, context);
    return { n: (e?.n ?? 0) + 1, left: context.getRemainingTimeInMillis() };
  };
  const router = createRouter().get(
    '/my/path',
    createServer(
      async () => ({ ok: true }),
      () => undefined,
      encodeJSONResponse,
    ),
  );

  before(async () => {
    api = await startRuntimeApi();
    stop = new AbortController();
    loop = start(handler, {
      api: api.api,
      signal: stop.signal,
      env: { AWS_LAMBDA_FUNCTION_NAME: 'svckit-test' },
    });
  });
  after(async () => {
    stop.abort();
    await loop;
    await api.close();
  });

  it('serves invocations one after another, with the context the API describes', async () => {
    const first = await api.invoke({ n: 1 }, { timeoutMs: 2000, clientContext: { custom: 1 } });
    assert.equal(first.kind, 'response');
    const body = JSON.parse((first as { payload: string }).payload) as { n: number; left: number };
    assert.equal(body.n, 2);
    assert.ok(body.left > 1500 && body.left <= 2000, String(body.left));
    const ctx = contexts.at(-1) as InvocationContext;
    assert.equal(ctx.functionName, 'svckit-test');
    assert.match(ctx.invokedFunctionArn ?? '', /^arn:aws:lambda:/);
    assert.deepEqual(ctx.clientContext, { custom: 1 });
    for (let i = 0; i < 5; i++) {
      const o = await api.invoke({ n: i });
      assert.equal(JSON.parse((o as { payload: string }).payload).n, i + 1);
    }
  });

  it("a handler's error is posted as the API's error document; the loop goes on", async () => {
    const o = await api.invoke({ kind: 'throw' });
    assert.equal(o.kind, 'error');
    if (o.kind !== 'error') return;
    assert.equal(o.errorType, 'Unhandled');
    assert.equal(o.body.errorType, 'RangeError');
    assert.equal(o.body.errorMessage, 'out of range');
    assert.ok(Array.isArray(o.body.stackTrace) && (o.body.stackTrace.length ?? 0) > 0);
    assert.equal((await api.invoke({ n: 0 })).kind, 'response');
  });

  it('a result too large for the API (413) or not serialisable becomes an error', async () => {
    const big = await api.invoke({ kind: 'big' });
    assert.equal(big.kind, 'error');
    assert.equal(big.kind === 'error' && big.errorType, 'Function.ResponseSizeTooLarge');
    const cyclic = await api.invoke({ kind: 'cyclic' });
    assert.equal(cyclic.kind === 'error' && cyclic.body.errorType, 'TypeError');
    assert.equal((await api.invoke({ n: 0 })).kind, 'response');
  });

  it('an event that is not JSON is an error, not a crash', async () => {
    const o = await api.invoke(undefined, { raw: '{not json' });
    assert.equal(o.kind === 'error' && o.body.errorType, 'SyntaxError');
    assert.equal((await api.invoke({ n: 0 })).kind, 'response');
  });

  it('an HTTP API event through httpHandler, and the invocation deadline inside the server', async () => {
    const o = await api.invoke({
      ...httpApiEvent,
      kind: 'http',
      requestContext: {
        ...httpApiEvent.requestContext,
        http: { ...httpApiEvent.requestContext.http, method: 'GET' },
      },
    });
    assert.equal(o.kind, 'response');
    const result = JSON.parse((o as { payload: string }).payload) as {
      statusCode: number;
      body: string;
    };
    assert.equal(result.statusCode, 200);
    assert.equal(result.body, '{"ok":true}\n');
  });

  it('a createHandler whose endpoint outlives the deadline fails with deadline exceeded', async () => {
    const api2 = await startRuntimeApi();
    const stop2 = new AbortController();
    const slow = createHandler(
      async (ctx) => {
        await new Promise((resolve, reject) => {
          const t = setTimeout(resolve, 2000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(ctx.signal.reason);
          });
        });
        return 'late';
      },
      () => undefined,
      (_ctx, v: string) => v,
    );
    const loop2 = start(slow, { api: api2.api, signal: stop2.signal });
    const o = await api2.invoke({}, { timeoutMs: 150 });
    assert.equal(o.kind === 'error' && o.body.errorType, 'DeadlineExceededError');
    stop2.abort();
    await loop2;
    await api2.close();
  });

  it('a runtime API that answers next with an error: start rejects, saying so', async () => {
    const broken = createNodeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errorMessage":"boom"}');
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const port = (broken.address() as AddressInfo).port;
    await assert.rejects(
      start(handler, { api: `localhost:${port}` }),
      /answered 500 to next: .*boom/,
    );
    broken.close();
    await assert.rejects(
      start(handler, { api: `127.0.0.1:${await freePort()}` }),
      (err: unknown) => (err as { code?: string }).code === 'ECONNREFUSED',
    );
  });

  it('no runtime API: a clear error; a handler that is not a function: an init error', async () => {
    await assert.rejects(start(handler, { env: {} }), /AWS_LAMBDA_RUNTIME_API is not set/);
    await start('nope' as unknown as LambdaHandler, { api: api.api });
    assert.equal((api.initErrors[0] as { errorType: string }).errorType, 'TypeError');
  });
});
