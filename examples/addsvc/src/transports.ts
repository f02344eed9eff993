/**
 * The transports addsvc serves, one entry each: the flag that turns it on (an empty value
 * turns it off) and how to start it — HTTP and JSON-RPC on core, gRPC on `@svckit/grpc`, NATS
 * on `@svckit/nats`, AMQP on `@svckit/amqp`. All of them run in addsvc's one run group.
 */
import { Server as GrpcServer } from '@grpc/grpc-js';
import type { Logger } from '@svckit/core/log';
import { addHealth, addReflection } from '@svckit/grpc';
import type { Set } from './addendpoint/set.js';
import { newGRPCServer } from './addtransport/grpc.js';
import { newHTTPHandler } from './addtransport/http.js';
import { newJSONRPCHandler } from './addtransport/jsonrpc.js';
import { startAMQP, startNATS } from './brokers.js';
import { startGRPC, startHTTP } from './listeners.js';
import type { Actor } from './run-group.js';

/** TransportContext is what a transport is started with. */
export interface TransportContext {
  /** endpoints are the service's endpoints, with the server middlewares. */
  readonly endpoints: Set;
  /** logger is the service's logger. */
  readonly logger: Logger;
  /** prefix is `-msg-prefix`: the NATS subject and AMQP queue prefix (`addsvc`). */
  readonly prefix: string;
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
  /** label is its short name in the banner (`JSON-RPC`). */
  readonly label: string;
  /** flag is the flag naming its address or URL. */
  readonly flag: 'http-addr' | 'grpc-addr' | 'jsonrpc-addr' | 'nats-url' | 'amqp-url';
  /** what tells a person what it serves, for the banner. */
  readonly what: string;
  /** start serves the endpoints at address (a broker URL for NATS and AMQP). */
  readonly start: (address: string, context: TransportContext) => Promise<StartedTransport>;
}

/** transports are addsvc's transports, in Go kit's order. */
export const transports: readonly Transport[] = [
  {
    name: 'HTTP',
    label: 'HTTP',
    flag: 'http-addr',
    what: 'POST /sum, /concat',
    start: (address, { endpoints, logger }) =>
      startHTTP(newHTTPHandler(endpoints, logger), address),
  },
  {
    name: 'gRPC',
    label: 'gRPC',
    flag: 'grpc-addr',
    what: 'pb.Add/Sum, pb.Add/Concat, health, reflection',
    start: (address, { endpoints, logger }) => {
      const server = new GrpcServer();
      newGRPCServer(server, endpoints, logger);
      addHealth(server);
      addReflection(server);
      return startGRPC(server, address);
    },
  },
  {
    name: 'JSONRPC over HTTP',
    label: 'JSON-RPC',
    flag: 'jsonrpc-addr',
    what: 'JSON-RPC 2.0 methods sum, concat (any path)',
    start: (address, { endpoints, logger }) =>
      startHTTP(newJSONRPCHandler(endpoints, logger), address),
  },
  {
    name: 'NATS',
    label: 'NATS',
    flag: 'nats-url',
    what: 'subjects <prefix>.sum, <prefix>.concat',
    start: (url, { endpoints, logger, prefix }) => startNATS(url, endpoints, logger, prefix),
  },
  {
    name: 'AMQP',
    label: 'AMQP',
    flag: 'amqp-url',
    what: 'queues <prefix>.sum, <prefix>.concat',
    start: (url, { endpoints, logger, prefix }) => startAMQP(url, endpoints, logger, prefix),
  },
];
