import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  background,
  isCanceled,
  isDeadlineExceeded,
  withCancel,
  withTimeout,
} from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { bindService, createClient, createServer } from './index.js';
import { Add, SumRequestSchema } from './gen/pb/addsvc_pb.js';
import type { ConcatRequest, SumRequest } from './gen/pb/addsvc_pb.js';
import { frame, rawCall, sleep, start } from './testdata/harness.js';
import type { Running } from './testdata/harness.js';

// Deadlines and cancellation over real grpc.Servers on 127.0.0.1: the context's deadline is
// the call's grpc-timeout, the server's context ends with the client's, and an expired call
// never reaches the endpoint.

/** waitAbort resolves with the reason ctx aborts with, or 'not aborted' after ms. */
function waitAbort(ctx: Context, ms: number): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('not aborted'), ms);
    ctx.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(ctx.signal.reason);
    });
  });
}

describe('deadlines and cancellation', () => {
  let c: Running; // the last hop: sleeps up to 1 s unless its context ends
  let b: Running; // the middle hop: calls C with its own context
  const seen: { hop: string; deadline: number | undefined; aborted: unknown; at: number }[] = [];
  let calls = 0;
  before(async () => {
    const slow = createServer(
      async (ctx: Context, r: { a: bigint }) => {
        calls++;
        const reason = await waitAbort(ctx, 5000); // far past the budget: ending near 300 ms is the deadline's doing
        seen.push({ hop: 'C', deadline: ctx.deadline, aborted: reason, at: Date.now() });
        return { v: r.a };
      },
      (_ctx, m: SumRequest) => ({ a: m.a }),
      (_ctx, r) => r,
    );
    c = await start((server) => bindService(server, Add, { sum: slow }));
    const toC = createClient(
      c.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    const middle = createServer(
      async (ctx: Context, r: { a: bigint }) => {
        const aborted = waitAbort(ctx, 1500);
        try {
          return { v: await toC(ctx, r) };
        } finally {
          seen.push({ hop: 'B', deadline: ctx.deadline, aborted: await aborted, at: Date.now() });
        }
      },
      (_ctx, m: SumRequest) => ({ a: m.a }),
      (_ctx, r) => r,
    );
    const deadlineEcho = createServer(
      async (ctx: Context) => ({ v: String(ctx.deadline ?? 'none') }),
      (_ctx, m: ConcatRequest) => m,
      (_ctx, r) => r,
    );
    b = await start((server) => bindService(server, Add, { sum: middle, concat: deadlineEcho }));
  });
  after(async () => {
    await b.stop();
    await c.stop();
  });

  it("the context's deadline becomes the server context's deadline; none means none", async () => {
    const echo = createClient(
      b.conn,
      Add.method.concat,
      (_ctx, r: object) => r,
      (_ctx, reply) => reply.v,
    );
    const [ctx, cancel] = withTimeout(background(), 5000);
    const got = Number(await echo(ctx, {}));
    cancel();
    // grpc-timeout carries the time left; the server adds it to its own clock on arrival.
    assert.ok(
      got <= (ctx.deadline as number) + 100 && got > Date.now() + 3000,
      `${got} vs ${ctx.deadline}`,
    );
    assert.equal(await echo(background(), {}), 'none');
  });

  it('A -> B -> C with a 300 ms budget: B and C are cut near 300 ms, A gets deadline_exceeded', async () => {
    seen.length = 0;
    const a = createClient(
      b.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    const t0 = Date.now();
    const [ctx, cancel] = withTimeout(background(), 300);
    await assert.rejects(a(ctx, { a: 1n }), (err: unknown) => isDeadlineExceeded(err));
    cancel();
    const elapsed = Date.now() - t0;
    // The lower bound is the semantics; the upper one only tells the deadline from C's 5 s (a
    // loaded machine may add seconds).
    assert.ok(elapsed >= 290 && elapsed < 4000, `A gave up after ${elapsed} ms`);
    for (let i = 0; i < 200 && seen.length < 2; i++) await sleep(20);
    const byHop = Object.fromEntries(seen.map((s) => [s.hop, s]));
    for (const hop of ['B', 'C']) {
      const s = byHop[hop];
      assert.ok(s !== undefined, `${hop} finished`);
      // The hop sees its deadline pass or its caller give up at that deadline, whichever
      // reaches it first: both end its context near 300 ms.
      assert.ok(
        isDeadlineExceeded(s.aborted) || isCanceled(s.aborted),
        `${hop}: ${String(s.aborted)}`,
      );
      // A's deadline, give or take the time each hop's grpc-timeout spent in transit.
      assert.ok(s.deadline !== undefined && s.deadline <= (ctx.deadline as number) + 100, hop);
      assert.ok(s.at - t0 < 4000, `${hop} ran ${s.at - t0} ms: the work stopped at the deadline`);
    }
  });

  it("the client's cancellation aborts the server's context", async () => {
    seen.length = 0;
    const call = createClient(
      c.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    const [ctx, cancel] = withCancel(background());
    const pending = call(ctx, { a: 1n });
    await sleep(50);
    cancel();
    await assert.rejects(pending, (err: unknown) => isCanceled(err));
    for (let i = 0; i < 50 && seen.length < 1; i++) await sleep(10);
    assert.ok(isCanceled(seen[0]?.aborted), String(seen[0]?.aborted));
  });

  it('an expired deadline never reaches the endpoint, on either side', async () => {
    calls = 0;
    const bytes = toBinary(SumRequestSchema, create(SumRequestSchema, { a: 1n }));
    const answer = await rawCall(c.port, '/pb.Add/Sum', frame(bytes), { 'grpc-timeout': '1n' });
    assert.equal(answer.status, 4, answer.message);
    const call = createClient(
      c.conn,
      Add.method.sum,
      (_ctx, r: { a: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    const [ctx, cancel] = withTimeout(background(), -1);
    await assert.rejects(
      call(ctx, { a: 1n }),
      (err: unknown) => codeOf(err) === 'deadline_exceeded',
    );
    cancel();
    await sleep(20);
    assert.equal(calls, 0);
  });
});
