// The example of packages/grpc/README.md, compiled and run (only the import paths differ).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server } from '@grpc/grpc-js';
import { background, withTimeout } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import {
  StatusError,
  addHealth,
  addReflection,
  bindService,
  createClient,
  createServer,
  dial,
  listen,
  shutdown,
} from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import type { SumRequest } from './gen/pb/addsvc_pb.js';

test('README example', async () => {
  const lines: string[] = [];
  const console = { log: (...args: unknown[]) => lines.push(args.map(String).join(' ')) };
  // --- README ---
  // The service: plain code.
  const sum = async (a: bigint, b: bigint): Promise<bigint> => {
    if (a === 0n && b === 0n) throw new ServiceError('invalid_argument', "can't sum two zeroes");
    return a + b;
  };

  // Server side: one svckit server per method, bound to the generated service.
  const sumServer = createServer(
    (_ctx, req: { a: bigint; b: bigint }) => sum(req.a, req.b),
    (_ctx, m: SumRequest) => ({ a: m.a, b: m.b }), // decode: pb.SumRequest -> request
    (_ctx, v: bigint) => ({ v }), // encode: response -> pb.SumReply fields
  );
  const server = new Server();
  bindService(server, Add, { sum: sumServer }); // Concat: UNIMPLEMENTED
  addHealth(server); // grpc.health.v1: "" and "pb.Add" SERVING
  addReflection(server); // grpcurl -plaintext 127.0.0.1:8082 list
  const port = await listen(server, '127.0.0.1:0');

  // Client side: an Endpoint over one shared channel.
  const conn = dial(`127.0.0.1:${port}`);
  const sumClient = createClient(
    conn,
    Add.method.sum,
    (_ctx, req: { a: bigint; b: bigint }) => req, // encode: request -> pb.SumRequest fields
    (_ctx, reply) => reply.v, // decode: pb.SumReply -> response (typed: bigint)
  );

  const [ctx, cancel] = withTimeout(background(), 1000); // sent as grpc-timeout
  console.log(await sumClient(ctx, { a: 2n ** 60n, b: 1n })); // 1152921504606846977n
  try {
    await sumClient(ctx, { a: 0n, b: 0n });
  } catch (err) {
    console.log(err instanceof StatusError && err.code, (err as Error).message); // invalid_argument can't sum two zeroes
  }
  cancel();
  conn.close();
  await shutdown(server); // health NOT_SERVING, in-flight calls finish
  // --- README ---

  assert.deepEqual(lines, ['1152921504606846977', "invalid_argument can't sum two zeroes"]);
});
