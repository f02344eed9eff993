import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { background, createKey, withDeadline, withValue } from '../context/index.js';
import type { Context } from '../context/index.js';
import type { Endpoint } from '../endpoint/index.js';
import { createKernel } from './index.js';
import type { KernelOptions, Outcome } from './index.js';

/** Reply is a test transport's reply: what the kernel wrote, in order. */
interface Reply {
  log: string[];
  body?: unknown;
}

const step = createKey<string>('step');
const trail = (ctx: Context) => ctx.value(step) ?? '';

function kernel<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: (ctx: Context, msg: string) => Req | Promise<Req>,
  options: Partial<KernelOptions<string, Reply>> = {},
) {
  return createKernel<string, Reply, Req, Res>(
    endpoint,
    decode,
    (ctx, reply, res) => {
      reply.log.push(`encode ${trail(ctx)}`);
      reply.body = res;
    },
    {
      errorEncoder: (ctx, err, reply) => {
        reply.log.push(`errorEncoder ${(err as Error).message} ${trail(ctx)}`);
      },
      ...options,
    },
  );
}

describe('server kernel', () => {
  it('runs before -> decode -> endpoint -> after -> encode -> finalizer, contexts chained', async () => {
    const outcomes: Outcome<string, Reply>[] = [];
    const reply: Reply = { log: [] };
    const serve = kernel(
      async (ctx, req: string) => {
        reply.log.push(`endpoint ${req} ${trail(ctx)}`);
        return req.toUpperCase();
      },
      (ctx, msg) => {
        reply.log.push(`decode ${msg} ${trail(ctx)}`);
        return msg;
      },
      {
        before: [
          (ctx, msg) => withValue(ctx, step, `${trail(ctx)}b1(${msg})`),
          (ctx) => withValue(ctx, step, `${trail(ctx)}b2`),
        ],
        after: [(ctx, r) => (r.log.push('after'), withValue(ctx, step, `${trail(ctx)}a1`))],
        finalizer: [(ctx, o) => (outcomes.push(o), reply.log.push(`finalizer ${trail(ctx)}`))],
      },
    );
    await serve(background(), 'hi', reply);
    assert.deepEqual(reply.log, [
      'decode hi b1(hi)b2',
      'endpoint hi b1(hi)b2',
      'after',
      'encode b1(hi)b2a1',
      'finalizer b1(hi)b2a1',
    ]);
    assert.equal(reply.body, 'HI');
    assert.equal(outcomes[0]?.failed, false);
    assert.equal(outcomes[0]?.response, 'HI');
    assert.equal(outcomes[0]?.message, 'hi');
  });

  it('a synchronous decoder costs no microtask; an async one is awaited', async () => {
    // Counts the microtasks a serve takes: a chain of resolved promises ticks beside it.
    const ticksOf = async (decode: (ctx: Context, msg: string) => string | Promise<string>) => {
      const serve = kernel(async (_ctx, req: string) => req, decode);
      const reply: Reply = { log: [] };
      let ticks = 0;
      let done = false;
      const served = serve(background(), 'x', reply).then(() => (done = true));
      while (!done) {
        await Promise.resolve();
        ticks++;
      }
      await served;
      assert.equal(reply.body, 'x');
      return ticks;
    };
    const sync = await ticksOf((_ctx, msg) => msg);
    const async = await ticksOf(async (_ctx, msg) => msg);
    assert.equal(sync, async - 1, `sync decode ${sync} ticks, async ${async}`);
  });

  it('any error: errorHandler, then errorEncoder; after hooks and encode skipped', async () => {
    for (const where of ['before', 'decode', 'endpoint', 'after', 'encode']) {
      const reply: Reply = { log: [] };
      const boom = (): never => {
        throw new Error(`${where} failed`);
      };
      let outcome: Outcome<string, Reply> | undefined;
      const serve = createKernel<string, Reply, string, string>(
        where === 'endpoint'
          ? () => Promise.reject(new Error('endpoint failed'))
          : async (_c, r) => r,
        where === 'decode' ? boom : (_c, m) => m,
        where === 'encode' ? boom : (_c, r) => void r.log.push('encode'),
        {
          before: where === 'before' ? [boom] : [],
          after: where === 'after' ? [boom] : [(c, r) => (r.log.push('after'), c)],
          errorHandler: (_ctx, err) => reply.log.push(`handler ${(err as Error).message}`),
          errorEncoder: (_ctx, err, r) => void r.log.push(`encoder ${(err as Error).message}`),
          finalizer: [(_ctx, o) => (outcome = o)],
        },
      );
      await serve(background(), 'x', reply);
      const expected = [`handler ${where} failed`, `encoder ${where} failed`];
      if (where === 'encode') expected.unshift('after');
      assert.deepEqual(reply.log, expected, where);
      assert.equal(outcome?.failed, true);
      assert.equal((outcome?.error as Error).message, `${where} failed`);
    }
  });

  it('a deadline already past fails with DeadlineExceededError, without decoding or calling', async () => {
    let calls = 0;
    const reply: Reply = { log: [] };
    const serve = kernel(
      async () => calls++,
      () => (calls++, 'req'),
    );
    const [ctx, cancel] = withDeadline(background(), Date.now() - 1);
    await serve(ctx, 'x', reply);
    cancel();
    assert.equal(calls, 0);
    assert.deepEqual(reply.log, ['errorEncoder context deadline exceeded ']);
  });

  it('a before hook may set the deadline that is checked', async () => {
    const reply: Reply = { log: [] };
    let cancel = () => {};
    const serve = kernel(
      async (_c, r: string) => r,
      (_c, m) => m,
      {
        before: [
          (ctx) => {
            const [c, cancelIt] = withDeadline(ctx, 0);
            cancel = cancelIt;
            return c;
          },
        ],
      },
    );
    await serve(background(), 'x', reply);
    cancel();
    assert.deepEqual(reply.log, ['errorEncoder context deadline exceeded ']);
  });

  it('an error encoder that throws: the handler sees its error, then the fallback answers', async () => {
    const seen: string[] = [];
    const reply: Reply = { log: [] };
    const serve = kernel(
      () => Promise.reject(new Error('first')),
      (_c, m) => m,
      {
        errorHandler: (_c, err) => seen.push((err as Error).message),
        errorEncoder: () => {
          throw new Error('encoder broke');
        },
        fallback: (_c, err, r) => void r.log.push(`fallback ${(err as Error).message}`),
      },
    );
    await serve(background(), 'x', reply);
    assert.deepEqual(seen, ['first', 'encoder broke']);
    assert.deepEqual(reply.log, ['fallback encoder broke']);
  });

  it('async encoders and error encoders are awaited; a rejecting one reaches the fallback', async () => {
    const reply: Reply = { log: [] };
    const serve = createKernel<string, Reply, string, string>(
      async (_c, r) => r,
      async (_c, m) => m,
      async (_c, r, res) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        r.log.push(`encoded ${res}`);
      },
      { errorEncoder: async () => {}, finalizer: [(_c, o) => o.reply.log.push('finalizer')] },
    );
    await serve(background(), 'x', reply);
    assert.deepEqual(reply.log, ['encoded x', 'finalizer']);

    const failing: Reply = { log: [] };
    const serve2 = kernel(
      () => Promise.reject(new Error('e')),
      (_c, m) => m,
      {
        errorEncoder: () => Promise.reject(new Error('async encoder broke')),
        fallback: (_c, err, r) => void r.log.push(`fallback ${(err as Error).message}`),
      },
    );
    await serve2(background(), 'x', failing);
    assert.deepEqual(failing.log, ['fallback async encoder broke']);
  });

  it('never rejects: throwing handlers, fallbacks and finalizers are contained', async () => {
    const reply: Reply = { log: [] };
    let finalizers = 0;
    const serve = kernel(
      () => Promise.reject(new Error('e')),
      (_c, m) => m,
      {
        errorHandler: () => {
          throw new Error('handler broke');
        },
        errorEncoder: () => {
          throw new Error('encoder broke');
        },
        fallback: () => {
          throw new Error('fallback broke');
        },
        finalizer: [
          () => {
            finalizers++;
            throw new Error('finalizer broke');
          },
          () => void finalizers++,
        ],
      },
    );
    await serve(background(), 'x', reply);
    assert.equal(finalizers, 2, 'a throwing finalizer does not stop the next');
  });

  it("a throwing finalizer's error goes to the error handler; the next finalizer still runs", async () => {
    for (const fails of [false, true]) {
      const seen: string[] = [];
      const ran: string[] = [];
      const serve = kernel(
        () => (fails ? Promise.reject(new Error('endpoint failed')) : Promise.resolve('ok')),
        (_c, m) => m,
        {
          errorHandler: (_c, err) => void seen.push((err as Error).message),
          finalizer: [
            () => {
              ran.push('first');
              throw new Error('finalizer broke');
            },
            () => void ran.push('second'),
          ],
        },
      );
      await serve(background(), 'x', { log: [] });
      assert.deepEqual(ran, ['first', 'second']);
      assert.deepEqual(seen, fails ? ['endpoint failed', 'finalizer broke'] : ['finalizer broke']);
    }
  });

  it('a synchronous throw from the endpoint is an error like a rejection', async () => {
    const reply: Reply = { log: [] };
    const serve = kernel(
      (() => {
        throw new Error('sync');
      }) as Endpoint<string, string>,
      (_c, m) => m,
    );
    await serve(background(), 'x', reply);
    assert.deepEqual(reply.log, ['errorEncoder sync ']);
  });

  it('settle runs last, after the finalizers, on success and failure; serve resolves to its value', async () => {
    const run = (fail: boolean) => {
      const reply: Reply = { log: [] };
      const serve = createKernel<string, Reply, string, string, string>(
        async (_ctx, req) => {
          if (fail) throw new Error('boom');
          return req;
        },
        (_c, m) => m,
        (_ctx, r, res) => {
          r.log.push(`encode ${res}`);
        },
        {
          errorEncoder: (_ctx, err, r) => {
            r.log.push(`errorEncoder ${(err as Error).message}`);
          },
          finalizer: [(_ctx, outcome) => outcome.reply.log.push(`finalizer ${outcome.failed}`)],
          settle: (r) => {
            r.log.push('settle');
            return `settled after ${r.log.length - 1}`;
          },
        },
      );
      return serve(background(), 'x', reply).then((value) => ({ value, log: reply.log }));
    };
    assert.deepEqual(await run(false), {
      value: 'settled after 2',
      log: ['encode x', 'finalizer false', 'settle'],
    });
    assert.deepEqual(await run(true), {
      value: 'settled after 2',
      log: ['errorEncoder boom', 'finalizer true', 'settle'],
    });
    // Without settle, serve resolves to undefined.
    assert.equal(
      await kernel(
        async (_c, r: string) => r,
        (_c, m) => m,
      )(background(), 'x', { log: [] }),
      undefined,
    );
  });
});
