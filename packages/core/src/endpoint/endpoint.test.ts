import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background } from '../context/index.js';
import { chain, failedError, isFailer, nop } from './index.js';
import type { Endpoint, Middleware } from './index.js';

describe('chain', () => {
  it('runs the first middleware outermost, in Go kit order', async () => {
    const trace: string[] = [];
    const annotate =
      (name: string): Middleware<string, string> =>
      (next) =>
      async (ctx, req) => {
        trace.push(`pre ${name}`);
        const res = await next(ctx, req);
        trace.push(`post ${name}`);
        return res;
      };
    const ep: Endpoint<string, string> = async (_ctx, req) => {
      trace.push('endpoint');
      return req.toUpperCase();
    };
    const wrapped = chain(annotate('first'), annotate('second'), annotate('third'))(ep);
    assert.equal(await wrapped(background(), 'hi'), 'HI');
    assert.deepEqual(trace, [
      'pre first',
      'pre second',
      'pre third',
      'endpoint',
      'post third',
      'post second',
      'post first',
    ]);
  });

  it('with one middleware is that middleware', async () => {
    const double: Middleware<number, number> = (next) => async (ctx, n) => (await next(ctx, n)) * 2;
    assert.equal(await chain(double)(async (_c, n) => n + 1)(background(), 1), 4);
  });

  it('lets a middleware short-circuit and propagate rejections', async () => {
    const deny: Middleware<number, number> = () => () => Promise.reject(new Error('denied'));
    let reached = false;
    const ep = chain(deny)(async () => {
      reached = true;
      return 1;
    });
    await assert.rejects(ep(background(), 0), /denied/);
    assert.equal(reached, false);
  });
});

describe('nop', () => {
  it('resolves to an empty object', async () => {
    assert.deepEqual(await nop(background(), undefined), {});
  });
});

describe('Failer', () => {
  it('recognises responses with failed() structurally', () => {
    const ok = { v: 'X', failed: () => undefined };
    const bad = { v: '', failed: () => new Error('empty string') };
    assert.equal(isFailer(ok), true);
    assert.equal(isFailer(bad), true);
    assert.equal(isFailer({ failed: 'no' }), false);
    assert.equal(isFailer(null), false);
    assert.equal(isFailer('str'), false);
    assert.equal(failedError(ok), undefined);
    assert.equal(failedError(bad)?.message, 'empty string');
    assert.equal(failedError({ v: 1 }), undefined);
  });
});
