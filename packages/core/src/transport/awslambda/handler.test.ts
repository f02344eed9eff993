import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeadlineExceededError, remaining } from '../../context/index.js';
import { createHandler, lambdaContext } from './index.js';
import type { LambdaContext } from './index.js';

const context = (ms = 3000): LambdaContext => ({
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => ms,
});

describe('awslambda createHandler', () => {
  it('runs before → decode → endpoint → after → encode, and finalizers with the result', async () => {
    const order: string[] = [];
    const infos: unknown[] = [];
    const handler = createHandler(
      async (ctx, s: string) => {
        order.push(`endpoint ${lambdaContext(ctx)?.awsRequestId}`);
        return s.toUpperCase();
      },
      (_ctx, e: { s: string }) => (order.push('decode'), e.s),
      (_ctx, v: string) => (order.push('encode'), { v }),
      {
        before: [(ctx, e) => (order.push(`before ${e.s}`), ctx)],
        after: [(ctx, r) => (order.push(`after ${r}`), ctx)],
        finalizer: [(_ctx, info) => infos.push(info)],
      },
    );
    assert.deepEqual(await handler({ s: 'hi' }, context()), { v: 'HI' });
    assert.deepEqual(order, ['before hi', 'decode', 'endpoint req-1', 'after HI', 'encode']);
    assert.deepEqual(infos, [{ event: { s: 'hi' }, result: { v: 'HI' }, error: undefined }]);
  });

  it('the default error encoder returns the error (Go kit): the invocation fails with it', async () => {
    const boom = new Error('boom');
    const infos: { error: unknown; result: unknown }[] = [];
    const seen: unknown[] = [];
    const handler = createHandler(
      async () => Promise.reject(boom),
      () => 1,
      () => 'never',
      {
        finalizer: [(_ctx, info) => infos.push(info)],
        errorHandler: (_ctx, err) => seen.push(err),
      },
    );
    await assert.rejects(handler({}, context()), (err) => err === boom);
    assert.equal(infos[0]?.error, boom);
    assert.equal(infos[0]?.result, undefined);
    assert.deepEqual(seen, [boom]);
  });

  it('a custom error encoder answers instead; what it throws fails the invocation', async () => {
    const handler = createHandler<unknown, number, number, { error?: string; v?: number }>(
      async () => Promise.reject(new Error('nope')),
      () => 1,
      (_ctx, v) => ({ v }),
      { errorEncoder: (_ctx, err) => ({ error: (err as Error).message }) },
    );
    assert.deepEqual(await handler({}, context()), { error: 'nope' });
    const decodeFails = createHandler(
      async (_ctx, n: number) => n,
      () => {
        throw new TypeError('bad event');
      },
      (_ctx, v) => v,
      {
        errorEncoder: (_ctx, err) => {
          throw new Error(`wrapped: ${(err as Error).message}`);
        },
      },
    );
    await assert.rejects(decodeFails({}, context()), /wrapped: bad event/);
  });

  it("the invocation's remaining time is the context's deadline; none left fails before decoding", async () => {
    const handler = createHandler(
      async (ctx) => Math.round(remaining(ctx) / 100),
      () => undefined,
      (_ctx, v: number) => v,
    );
    assert.equal(await handler({}, context(2000)), 20);
    let decoded = false;
    const late = createHandler(
      async () => 1,
      () => {
        decoded = true;
      },
      (_ctx, v: number) => v,
    );
    await assert.rejects(late({}, context(0)), DeadlineExceededError);
    assert.equal(decoded, false);
    // A context without getRemainingTimeInMillis (a test caller) has no deadline.
    assert.equal(await handler({}, { awsRequestId: 'x' } as unknown as LambdaContext), Infinity);
  });
});
