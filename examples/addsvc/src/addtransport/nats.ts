/**
 * addsvc over NATS request/reply with svckit's convention (examples protocol §3; Go peer:
 * `addtransport/nats.go`) on `@svckit/nats`: subjects `<prefix>.sum` and `<prefix>.concat` in
 * the queue group `addsvc`, the messages of `messages.ts`; a decode or endpoint error is
 * `{"err":"<text>"}` with its code in `svckit-error-code`. The client (Go kit's
 * `NewNATSClient` of the Go peer) has the example's client middlewares.
 */
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@svckit/core/log';
import { logErrorHandler } from '@svckit/core/transport';
import type { Context } from '@svckit/core/context';
import { headersToContext, tokenToHeaders } from '@svckit/jwt';
import { createClient, createServer, headerOf, setHeader } from '@svckit/nats';
import type { ClientOptions, Outgoing, Server, ServerOptions } from '@svckit/nats';
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

/** tokenFromMsg puts a message's `authorization` header in the context (the JWT check's). */
const tokenFromMsg = (ctx: Context, msg: Msg): Context =>
  headersToContext(ctx, (name) => headerOf(msg.headers, name));

/** tokenToMsg sends a signer's token as the `authorization` header. */
const tokenToMsg = (ctx: Context, out: Outgoing): Context => {
  tokenToHeaders(ctx, (name, value) => setHeader(out, name, value));
  return ctx;
};

/** natsQueue is addsvc's NATS queue group. */
export const natsQueue = 'addsvc';

/** NATSServers are addsvc's two NATS servers. */
export interface NATSServers {
  readonly sum: Server;
  readonly concat: Server;
  /** subscribe serves `<prefix>.sum` and `<prefix>.concat` on nc, in the queue group `addsvc`. */
  subscribe(nc: NatsConnection): void;
  /** close drains both: no more messages, those received are answered. */
  close(): Promise<void>;
}

/** NATSServerOptions tune {@link newNATSServers}. */
export interface NATSServerOptions {
  /** server are options of `@svckit/nats`'s server (hooks, limits). */
  readonly server?: ServerOptions;
}

const encode = (_ctx: unknown, reply: Outgoing, response: SumResponse | ConcatResponse): void => {
  reply.data = encodeReply(response);
};

/**
 * newNATSServers serves the endpoints on `<prefix>.sum` and `<prefix>.concat` (Go peer's
 * `ServeNATS`), errors logged through logger.
 */
export function newNATSServers(
  endpoints: Set,
  logger: Logger,
  prefix = 'addsvc',
  options: NATSServerOptions = {},
): NATSServers {
  const serverOptions: ServerOptions = {
    errorHandler: logErrorHandler(logger),
    ...options.server,
    before: [tokenFromMsg, ...(options.server?.before ?? [])],
  };
  const sum = createServer(
    endpoints.sum,
    (_ctx, msg: Msg) => decodeSumRequest(msg.data),
    encode,
    serverOptions,
  );
  const concat = createServer(
    endpoints.concat,
    (_ctx, msg: Msg) => decodeConcatRequest(msg.data),
    encode,
    serverOptions,
  );
  return {
    sum,
    concat,
    subscribe(nc) {
      sum.subscribe(nc, `${prefix}.sum`, { queue: natsQueue });
      concat.subscribe(nc, `${prefix}.concat`, { queue: natsQueue });
    },
    async close() {
      await Promise.all([sum.close(), concat.close()]);
    },
  };
}

/** NATSClientOptions tune {@link newNATSClient}. */
export interface NATSClientOptions {
  /** client are options of `@svckit/nats`'s client (hooks, timeout). */
  readonly client?: ClientOptions;
  /** hooks are more client hooks per subject (tracing names its spans after it). */
  readonly hooks?: (subject: string) => Pick<ClientOptions, 'before' | 'finalizer'>;
}

const encodeMsg = (_ctx: unknown, request: Outgoing, value: SumRequest | ConcatRequest): void => {
  request.data = encodeRequest(value);
};

/**
 * newNATSClient returns a {@link Set} calling addsvc over nc (`-nats-url`): a reply's business
 * error comes back in the response (the service's own error for its three texts), an error
 * reply rejects with its text. The example's client middlewares: one limiter (1 call/s, burst
 * 100), a breaker per method (open 30 s for Sum, 10 s for Concat).
 */
export function newNATSClient(
  nc: NatsConnection,
  prefix = 'addsvc',
  options: NATSClientOptions = {},
): Set {
  const clientOptions: ClientOptions = {
    ...options.client,
    before: [tokenToMsg, ...(options.client?.before ?? [])],
  };
  const optionsFor = (subject: string): ClientOptions =>
    withHooks(clientOptions, options.hooks?.(subject));
  return clientSet(
    createClient(
      nc,
      `${prefix}.sum`,
      encodeMsg,
      (_ctx, msg: Msg) => decodeSumReply(msg.data),
      optionsFor(`${prefix}.sum`),
    ),
    createClient(
      nc,
      `${prefix}.concat`,
      encodeMsg,
      (_ctx, msg: Msg) => decodeConcatReply(msg.data),
      optionsFor(`${prefix}.concat`),
    ),
  );
}
