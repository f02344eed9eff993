import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import { Server as GrpcServer } from '@grpc/grpc-js';
import { background, withTimeout } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import type { ServiceError } from '@svckit/core/errors';
import { bindService, createClient, createServer, listen, shutdown } from './index.js';
import { Add, ConcatRequestSchema, SumRequestSchema } from './gen/pb/addsvc_pb.js';
import { client, endpoints, servers } from './testdata/addsvc.js';
import { frame, rawCall, sleep, start } from './testdata/harness.js';
import type { Running } from './testdata/harness.js';

// Hostile input against a real grpc.Server: every bad request gets a clear status, and the
// server keeps serving; and the client against a misbehaving server.

describe('bad input to a server', () => {
  let running: Running;
  const errors: unknown[] = [];
  before(async () => {
    const sum = createServer(
      endpoints.sum,
      (_ctx, m: { a: bigint; b: bigint }) => ({ a: m.a, b: m.b }),
      (_ctx, r) => r,
      { errorHandler: (_ctx, err) => errors.push(err) },
    );
    running = await start((server) => bindService(server, Add, { ...servers(endpoints), sum }));
  });
  after(() => running.stop());

  const stillServes = async () =>
    assert.equal(await client(running.conn).sum(background(), 1n, 2n), 3n);

  it('a message that does not decode: INVALID_ARGUMENT saying why, through the error handler', async () => {
    errors.length = 0;
    const cases: [string, Buffer][] = [
      ['truncated field', frame(new Uint8Array([0x08]))],
      ['invalid wire type', frame(new Uint8Array([0x0f]))],
      ['length past the end', frame(new Uint8Array([0x1a, 0x7f, 0x01]))],
    ];
    for (const [name, bytes] of cases) {
      const answer = await rawCall(running.port, '/pb.Add/Sum', bytes);
      assert.equal(answer.status, 3, `${name}: ${answer.message}`);
      assert.match(answer.message ?? '', /^malformed message: not a pb\.SumRequest: /, name);
    }
    assert.equal(errors.length, cases.length);
    assert.equal((errors[0] as ServiceError).reason, 'MALFORMED_MESSAGE');
    await stillServes();
  });

  it('broken framing gets a status, not a hang (a frame cut short, a compressed flag without an encoding)', async () => {
    const message = toBinary(SumRequestSchema, create(SumRequestSchema, { a: 1n }));
    const cut = frame(message).subarray(0, 6);
    const short = await rawCall(running.port, '/pb.Add/Sum', cut);
    assert.equal(short.status, 12, short.message); // grpc-js: Received no request message
    const flagged = frame(message);
    flagged[0] = 1;
    // grpc-js reads a compressed flag under the identity encoding as plain bytes: it answers.
    const compressed = await rawCall(running.port, '/pb.Add/Sum', flagged);
    assert.notEqual(compressed.status, undefined);
    await stillServes();
  });

  it('an unknown method or service is UNIMPLEMENTED', async () => {
    const message = frame(new Uint8Array());
    for (const path of ['/pb.Add/Divide', '/pb.Nope/Sum', '/garbage']) {
      const answer = await rawCall(running.port, path, message);
      assert.equal(answer.status, 12, `${path}: ${answer.message}`);
    }
    await stillServes();
  });

  it('a message over the default 4 MiB limit is RESOURCE_EXHAUSTED, and the server goes on', async () => {
    const big = toBinary(
      ConcatRequestSchema,
      create(ConcatRequestSchema, { a: 'x'.repeat(5 * 1024 * 1024) }),
    );
    const answer = await rawCall(running.port, '/pb.Add/Concat', frame(big));
    assert.equal(answer.status, 8, answer.message);
    const call = createClient(
      running.conn,
      Add.method.concat,
      (_ctx, r: { a: string }) => r,
      (_ctx, reply) => reply.v,
    );
    await assert.rejects(
      call(background(), { a: 'x'.repeat(5 * 1024 * 1024) }),
      (err: unknown) => codeOf(err) === 'resource_exhausted',
    );
    await stillServes();
  });

  it('a malformed grpc-timeout is answered by grpc-js (INTERNAL), not a hang', async () => {
    const message = frame(toBinary(SumRequestSchema, create(SumRequestSchema, { a: 1n, b: 1n })));
    const answer = await rawCall(running.port, '/pb.Add/Sum', message, { 'grpc-timeout': 'soon' });
    assert.equal(answer.status, 13, answer.message);
    await stillServes();
  });
});

describe('a client against a misbehaving server', () => {
  let server: GrpcServer;
  let port = 0;
  before(async () => {
    server = new GrpcServer();
    // A raw grpc-js service answering pb.Add with bytes that are not a SumReply, or never.
    server.addService(
      {
        Sum: {
          path: '/pb.Add/Sum',
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
        Concat: {
          path: '/pb.Add/Concat',
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
      },
      {
        Sum: (_call: unknown, callback: (e: null, v: Buffer) => void) =>
          callback(null, Buffer.from([0x08])),
        Concat: () => undefined, // never answers
      },
    );
    port = await listen(server, '127.0.0.1:0');
  });
  after(() => shutdown(server, { timeoutMs: 100 }));

  it('a reply that does not decode is INTERNAL (the callee broke its contract)', async (t) => {
    const running = { conn: (await import('./index.js')).dial(`127.0.0.1:${port}`) };
    t.after(() => running.conn.close());
    const add = client(running.conn);
    await assert.rejects(add.sum(background(), 1n, 2n), (err: unknown) => {
      assert.equal(codeOf(err), 'internal');
      assert.match((err as Error).message, /malformed reply: not a pb\.SumReply/);
      return true;
    });
    // A server that never answers: the call ends at the caller's deadline.
    const [ctx, cancel] = withTimeout(background(), 100);
    const t0 = Date.now();
    await assert.rejects(
      add.concat(ctx, 'a', 'b'),
      (err: unknown) => codeOf(err) === 'deadline_exceeded',
    );
    cancel();
    assert.ok(
      Date.now() - t0 < 10_000,
      'ended by the deadline, not by a server that never answers',
    );
    await sleep(1);
  });
});
