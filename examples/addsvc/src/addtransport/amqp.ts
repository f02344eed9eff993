/**
 * addsvc over AMQP RPC with svckit's convention (examples protocol §3; Go peer:
 * `addtransport/amqp.go`) on `@svckit/amqp`: queues `<prefix>.sum` and `<prefix>.concat` on the
 * default exchange (declared not durable, not exclusive, not auto-delete; consumed with
 * auto-ack), replies to `replyTo` echoing `correlationId`, `application/json`, the messages of
 * `messages.ts`; a decode or endpoint error is `{"err":"<text>"}` (`replyErrorEncoder`). The
 * client has the example's client middlewares.
 */
import type { ConsumeMessage } from 'amqplib';
import type { Connection, ClientOptions, Publishing, Server, ServerOptions } from '@svckit/amqp';
import { createClient, createServer, headerOf, setHeader } from '@svckit/amqp';
import type { Context } from '@svckit/core/context';
import { headersToContext, tokenToHeaders } from '@svckit/jwt';
import type { Logger } from '@svckit/core/log';
import { logErrorHandler } from '@svckit/core/transport';
import type {
  ConcatRequest,
  ConcatResponse,
  Set,
  SumRequest,
  SumResponse,
} from '../addendpoint/set.js';
import {
  decodeConcatReply,
  decodeConcatRequest,
  decodeSumReply,
  decodeSumRequest,
  encodeReply,
  encodeRequest,
} from './messages.js';
import { clientSet, withHooks } from './client-set.js';

/** tokenFromDelivery puts a delivery's `authorization` header in the context (the JWT check's). */
const tokenFromDelivery = (ctx: Context, d: ConsumeMessage): Context =>
  headersToContext(ctx, (name) => headerOf(d.properties.headers, name));

/** tokenToPublishing sends a signer's token as the `authorization` header. */
const tokenToPublishing = (ctx: Context, p: Publishing): Context => {
  tokenToHeaders(ctx, (name, value) => setHeader(p, name, value));
  return ctx;
};

/** AMQPServers are addsvc's two AMQP servers. */
export interface AMQPServers {
  readonly sum: Server;
  readonly concat: Server;
  /** consume declares and consumes `<prefix>.sum` and `<prefix>.concat` (again after a reconnect). */
  consume(conn: Connection): Promise<void>;
  /** close stops consuming and lets the calls in flight answer. */
  close(): Promise<void>;
}

/** AMQPServerOptions tune {@link newAMQPServers}. */
export interface AMQPServerOptions {
  /** server are options of `@svckit/amqp`'s server (hooks, limits). */
  readonly server?: ServerOptions;
}

const encode = (_ctx: unknown, reply: Publishing, response: SumResponse | ConcatResponse): void => {
  reply.properties.contentType = 'application/json';
  reply.content = encodeReply(response);
};

/** newAMQPServers serves the endpoints on the queues `<prefix>.sum` and `<prefix>.concat`. */
export function newAMQPServers(
  endpoints: Set,
  logger: Logger,
  prefix = 'addsvc',
  options: AMQPServerOptions = {},
): AMQPServers {
  const serverOptions: ServerOptions = {
    errorHandler: logErrorHandler(logger),
    ...options.server,
    before: [tokenFromDelivery, ...(options.server?.before ?? [])],
  };
  const sum = createServer(
    endpoints.sum,
    (_ctx, d: ConsumeMessage) => decodeSumRequest(d.content),
    encode,
    serverOptions,
  );
  const concat = createServer(
    endpoints.concat,
    (_ctx, d: ConsumeMessage) => decodeConcatRequest(d.content),
    encode,
    serverOptions,
  );
  return {
    sum,
    concat,
    async consume(conn) {
      await sum.consume(conn, `${prefix}.sum`);
      await concat.consume(conn, `${prefix}.concat`);
    },
    async close() {
      await Promise.all([sum.close(), concat.close()]);
    },
  };
}

/** AMQPClientOptions tune {@link newAMQPClient}. */
export interface AMQPClientOptions {
  /** client are options of `@svckit/amqp`'s client (hooks, timeout). */
  readonly client?: ClientOptions;
  /** hooks are more client hooks per subject (tracing names its spans after it). */
  readonly hooks?: (subject: string) => Pick<ClientOptions, 'before' | 'finalizer'>;
}

const encodeMsg = (_ctx: unknown, request: Publishing, value: SumRequest | ConcatRequest): void => {
  request.properties.contentType = 'application/json';
  request.content = encodeRequest(value);
};

/**
 * newAMQPClient returns a {@link Set} calling addsvc over conn (`-amqp-url`): a reply's
 * business error comes back in the response, an error reply rejects with its text. The
 * example's client middlewares: one limiter (1 call/s, burst 100), a breaker per method.
 */
export function newAMQPClient(
  conn: Connection,
  prefix = 'addsvc',
  options: AMQPClientOptions = {},
): Set {
  const clientOptions: ClientOptions = {
    ...options.client,
    before: [tokenToPublishing, ...(options.client?.before ?? [])],
  };
  const optionsFor = (subject: string): ClientOptions =>
    withHooks(clientOptions, options.hooks?.(subject));
  return clientSet(
    createClient(
      conn,
      `${prefix}.sum`,
      encodeMsg,
      (_ctx, d: ConsumeMessage) => decodeSumReply(d.content),
      optionsFor(`${prefix}.sum`),
    ),
    createClient(
      conn,
      `${prefix}.concat`,
      encodeMsg,
      (_ctx, d: ConsumeMessage) => decodeConcatReply(d.content),
      optionsFor(`${prefix}.concat`),
    ),
  );
}
