// Type tests, checked by tsc in the build: typed end to end, no `any` for messages. Each
// `@ts-expect-error` fails the build if the line it guards starts to compile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server } from '@grpc/grpc-js';
import type { Endpoint } from '@svckit/core/endpoint';
import { bindService, createClient, createServer, dial } from './index.js';
import type { ReplyOf, RequestOf } from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import type { ConcatRequest, SumReply, SumRequest } from './gen/pb/addsvc_pb.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T): void => undefined;

test('types: messages, servers and clients infer and check', () => {
  expectType<Equal<RequestOf<typeof Add.method.sum>, SumRequest>>(true);
  expectType<Equal<ReplyOf<typeof Add.method.sum>, SumReply>>(true);
  expectType<Equal<SumRequest['a'], bigint>>(true);

  const sum = createServer(
    async (_ctx, r: { a: bigint; b: bigint }) => r.a + r.b,
    (_ctx, m: SumRequest) => ({ a: m.a, b: m.b }),
    (_ctx, v) => ({ v }), // v: bigint, inferred from the endpoint
  );
  const concat = createServer(
    async (_ctx, r: { a: string }) => r.a,
    (_ctx, m: ConcatRequest) => ({ a: m.a }),
    (_ctx, v) => ({ v }),
  );
  const server = new Server();
  bindService(server, Add, { sum, concat });
  // @ts-expect-error a server of pb.Concat messages cannot serve Sum
  bindService(new Server(), Add, { sum: concat });
  // @ts-expect-error no such method
  bindService(new Server(), Add, { divide: sum });
  bindService(new Server(), Add, {
    // @ts-expect-error SumReply.v is an int64: a bigint, not a number
    sum: createServer(
      async () => 1,
      (_ctx, m: SumRequest) => m,
      (_ctx, v) => ({ v }),
    ),
  });

  const conn = dial('127.0.0.1:1');
  const call = createClient(
    conn,
    Add.method.sum,
    (_ctx, r: { a: bigint }) => ({ a: r.a }),
    (_ctx, reply) => reply.v,
  );
  expectType<Equal<typeof call, Endpoint<{ a: bigint }, bigint>>>(true);
  createClient(
    conn,
    Add.method.sum,
    // @ts-expect-error the request encoder must return SumRequest fields
    (_ctx, r: string) => ({ a: r }),
    (_ctx, reply) => reply,
  );
  conn.close();
  assert.equal(typeof call, 'function');
});
