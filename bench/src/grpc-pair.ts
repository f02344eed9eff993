/**
 * One side of the `grpc` bench suite, in its own process: a grpc.Server on 127.0.0.1 and a
 * client of it, both svckit (`svckit`) or both raw grpc-js with the same generated messages
 * and serializers (`grpc-js`). On each `run` message it keeps 50 calls in flight for the given
 * seconds and answers with the calls done and the process's CPU time.
 */
import { create } from '@bufbuild/protobuf';
import { Metadata, Server } from '@grpc/grpc-js';
import type { Client, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { background } from '@svckit/core/context';
import {
  bindService,
  createClient,
  createServer,
  dial,
  listen,
  methodPath,
  serviceDefinition,
} from '@svckit/grpc';
import { Add as Adder, SumReplySchema } from './gen/pb/addsvc_pb.js';
import type { SumReply, SumRequest } from './gen/pb/addsvc_pb.js';

type Call = (a: bigint, b: bigint) => Promise<bigint>;

function svckitPair(server: Server, conn: () => Client): () => Call {
  const sum = createServer(
    async (_ctx, r: { a: bigint; b: bigint }) => ({ v: r.a + r.b }),
    (_ctx, m: SumRequest) => ({ a: m.a, b: m.b }),
    (_ctx, r) => r,
  );
  bindService(server, Adder, { sum });
  return () => {
    const call = createClient(
      conn(),
      Adder.method.sum,
      (_ctx, r: { a: bigint; b: bigint }) => r,
      (_ctx, reply) => reply.v,
    );
    return (a, b) => call(background(), { a, b });
  };
}

function rawPair(server: Server, conn: () => Client): () => Call {
  const definition = serviceDefinition(Adder);
  server.addService(definition, {
    Sum: (call: ServerUnaryCall<SumRequest, SumReply>, callback: sendUnaryData<SumReply>) =>
      callback(null, create(SumReplySchema, { v: call.request.a + call.request.b })),
  });
  const method = definition['Sum'];
  if (method === undefined) throw new Error('no Sum');
  const path = methodPath(Adder.method.sum);
  return () => {
    const c = conn();
    return (a, b) =>
      new Promise((resolve, reject) =>
        c.makeUnaryRequest(
          path,
          method.requestSerialize,
          method.responseDeserialize as (b: Buffer) => SumReply,
          { a, b },
          new Metadata(),
          (err, reply) => (err ? reject(err) : resolve((reply as SumReply).v)),
        ),
      );
  };
}

const kind = process.argv[2];
const server = new Server();
const makeCall = (kind === 'svckit' ? svckitPair : rawPair)(server, () => conn);
const port = await listen(server, '127.0.0.1:0');
const conn = dial(`127.0.0.1:${port}`);
const call = makeCall();
if ((await call(1n, 2n)) !== 3n) throw new Error(`${kind}: wrong sum`);

async function load(
  seconds: number,
  inFlight: number,
  count = Infinity,
): Promise<{ calls: number; errors: number }> {
  const end = Date.now() + seconds * 1000;
  let calls = 0;
  let errors = 0;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < end && started++ < count) {
      try {
        if ((await call(BigInt(calls), 1n)) < 0n) errors++;
        calls++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { calls, errors };
}

// `node grpc-pair.js <kind> <count>` makes `count` calls and exits (for instruction counts).
const count = Number(process.argv[3] ?? NaN);
if (Number.isFinite(count)) {
  const r = await load(Infinity, 50, count);
  console.log(JSON.stringify(r));
  conn.close();
  server.forceShutdown();
  process.exit(0);
}

process.on('message', (m: { seconds: number; inFlight: number } | 'stop') => {
  if (m === 'stop') {
    conn.close();
    server.forceShutdown();
    process.exit(0);
  }
  void (async () => {
    const before = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = await load(m.seconds, m.inFlight);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(before);
    process.send?.({ ...r, wall, cpu: (cpu.user + cpu.system) / 1e6 });
  })();
});
process.send?.('ready');
