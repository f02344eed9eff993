/**
 * The transports addsvc serves, one entry each: the flag that turns it on (an empty value
 * turns it off) and how to start it. A transport whose `start` is missing is not wired in yet:
 * addsvc logs that it skips it. The JSON-RPC, NATS and AMQP transports are added here by
 * their own issues (JSON-RPC: core's `transport/http/jsonrpc`; NATS: `@svckit/nats`; AMQP:
 * `@svckit/amqp`), each as one entry with its `start`.
 */
import { Server as GrpcServer } from '@grpc/grpc-js';
import type { Logger } from '@svckit/core/log';
import { addHealth, addReflection } from '@svckit/grpc';
import type { Set } from './addendpoint/set.js';
import { newGRPCServer } from './addtransport/grpc.js';
import { newHTTPHandler } from './addtransport/http.js';
import { startGRPC, startHTTP } from './listeners.js';
import type { Actor } from './run-group.js';
import type { Tracing } from './tracing.js';

/** TransportContext is what a transport is started with. */
export interface TransportContext {
  /** endpoints are the service's endpoints, with the server middlewares. */
  readonly endpoints: Set;
  /** logger is the service's logger. */
  readonly logger: Logger;
  /** prefix is `-msg-prefix`: the NATS subject and AMQP queue prefix (`addsvc`). */
  readonly prefix: string;
  /** tracing, when on: the transports add its hooks. */
  readonly tracing?: Tracing | undefined;
}

/** StartedTransport is a running transport: its actor and where it listens. */
export interface StartedTransport extends Actor {
  /** address is the bound address (or the broker URL) to print. */
  readonly address: string;
}

/** Transport describes one of addsvc's transports. */
export interface Transport {
  /** name is the transport's name in logs (Go kit's `transport=HTTP`). */
  readonly name: string;
  /** flag is the flag naming its address or URL. */
  readonly flag: 'http-addr' | 'grpc-addr' | 'jsonrpc-addr' | 'nats-url' | 'amqp-url';
  /** what tells a person what it serves, for the banner. */
  readonly what: string;
  /** start serves the endpoints at address; missing for a transport not wired in yet. */
  readonly start?: (address: string, context: TransportContext) => Promise<StartedTransport>;
}

/** transports are addsvc's transports, in Go kit's order. */
export const transports: readonly Transport[] = [
  {
    name: 'HTTP',
    flag: 'http-addr',
    what: 'POST /sum, /concat',
    start: (address, { endpoints, logger, tracing }) =>
      startHTTP(
        newHTTPHandler(
          endpoints,
          logger,
          tracing === undefined ? {} : { hooks: tracing.httpServer },
        ),
        address,
      ),
  },
  {
    name: 'gRPC',
    flag: 'grpc-addr',
    what: 'pb.Add/Sum, pb.Add/Concat, health, reflection',
    start: (address, { endpoints, logger, tracing }) => {
      const server = new GrpcServer();
      newGRPCServer(server, endpoints, logger, tracing?.grpcServer);
      addHealth(server);
      addReflection(server);
      return startGRPC(server, address);
    },
  },
  { name: 'JSONRPC over HTTP', flag: 'jsonrpc-addr', what: 'methods sum, concat' },
  { name: 'NATS', flag: 'nats-url', what: 'subjects <prefix>.sum, <prefix>.concat' },
  { name: 'AMQP', flag: 'amqp-url', what: 'queues <prefix>.sum, <prefix>.concat' },
];
