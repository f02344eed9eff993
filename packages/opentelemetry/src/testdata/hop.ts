// One process of the three-process trace test (three-process.test.ts), each with the real SDK
// registered and an in-memory exporter: `node hop.js <role> <json config>`.
//   c: a gRPC server (pb.Add/Sum);
//   b: a NATS server on config.subject whose endpoint calls c over gRPC;
//   a: an HTTP server (POST /sum) whose endpoint calls b over NATS.
// It prints `ready <port>` and answers the IPC message `spans` with its finished spans.
import { connect } from '@nats-io/transport-node';
import { Server } from '@grpc/grpc-js';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import {
  bindService,
  createClient as grpcClient,
  createServer as grpcServer,
  dial,
  listen as grpcListen,
} from '@svckit/grpc';
import * as nats from '@svckit/nats';
import {
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
  listen,
} from '@svckit/core/transport/http';
import type { AddressInfo } from 'node:net';
import { Add } from '../gen/pb/addsvc_pb.js';
import { httpServerTrace, traceEndpoint } from '../index.js';
import { grpcClientTrace, grpcServerTrace } from '../grpc/index.js';
import { natsClientTrace, natsServerTrace } from '../nats/index.js';

interface Config {
  natsURL?: string;
  subject?: string;
  grpcTarget?: string;
}

const [role, json] = process.argv.slice(2) as [string, string];
const config = JSON.parse(json) as Config;
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

type Sum = { a: bigint; b: bigint };
const closers: (() => unknown)[] = [];

async function c(): Promise<number> {
  const server = new Server();
  const sum = grpcServer(
    traceEndpoint('C.Sum')(async (_ctx, r: Sum) => ({ v: r.a + r.b })),
    (_ctx, m: Sum) => ({ a: m.a, b: m.b }),
    (_ctx, r: { v: bigint }) => ({ v: r.v, err: '' }),
    { ...grpcServerTrace() },
  );
  const concat = grpcServer(
    async (_ctx, r: { a: string; b: string }) => r.a + r.b,
    (_ctx, m: { a: string; b: string }) => ({ a: m.a, b: m.b }),
    (_ctx, v: string) => ({ v, err: '' }),
  );
  bindService(server, Add, { sum, concat });
  const port = await grpcListen(server, '127.0.0.1:0');
  closers.push(() => server.forceShutdown());
  return port;
}

async function b(): Promise<number> {
  const nc = await connect({ servers: config.natsURL as string });
  const conn = dial(config.grpcTarget as string);
  const callC = grpcClient(
    conn,
    Add.method.sum,
    (_ctx, r: Sum) => r,
    (_ctx, r) => r.v,
    {
      ...grpcClientTrace(Add.method.sum, { target: config.grpcTarget }),
    },
  );
  const server = nats.createServer(
    traceEndpoint('B.Sum')(async (ctx, r: { a: number; b: number }) => ({
      v: Number(await callC(ctx, { a: BigInt(r.a), b: BigInt(r.b) })),
    })),
    nats.decodeJSONRequest<{ a: number; b: number }>,
    nats.encodeJSONResponse,
    { ...natsServerTrace() },
  );
  server.subscribe(nc, config.subject as string);
  await nc.flush();
  closers.push(
    () => nc.drain(),
    () => conn.close(),
  );
  return 0;
}

async function a(): Promise<number> {
  const nc = await connect({ servers: config.natsURL as string });
  const subject = config.subject as string;
  const callB = nats.createClient(
    nc,
    subject,
    nats.encodeJSONRequest,
    nats.decodeJSONResponse<{ v: number }>,
    {
      ...natsClientTrace(subject),
    },
  );
  const handler = createServer(
    traceEndpoint('A.Sum')((ctx, r: { a: number; b: number }) => callB(ctx, r)),
    decodeJSONRequest<{ a: number; b: number }>(),
    encodeJSONResponse,
    { ...httpServerTrace() },
  );
  const server = await listen(handler.node, { port: 0, host: '127.0.0.1' });
  closers.push(
    () => nc.drain(),
    () => (server.closeAllConnections(), server.close()),
  );
  return (server.address() as AddressInfo).port;
}

const port = await (role === 'a' ? a() : role === 'b' ? b() : c());
process.on('message', (m: string) => {
  if (m !== 'spans') return;
  process.send?.(
    exporter.getFinishedSpans().map((s) => ({
      name: s.name,
      kind: s.kind,
      traceId: s.spanContext().traceId,
      spanId: s.spanContext().spanId,
      parentSpanId: s.parentSpanContext?.spanId,
      process: role,
    })),
  );
});
process.on('SIGTERM', () => {
  void Promise.all(closers.map((f) => f())).finally(() => process.exit(0));
});
console.log(`ready ${port}`);
