import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Registry } from '@bufbuild/protobuf';
import type { Metadata, handleUnaryCall } from '@grpc/grpc-js';
import type { Context } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import type { Code } from '@svckit/core/errors';
import { createKernel } from '@svckit/core/transport';
import type { ErrorHandler, Serve } from '@svckit/core/transport';
import { CallContext } from './call-context.js';
import type { IncomingCall } from './call-context.js';
import { asBuffer } from './method.js';
import type { ReplyInitOf, RequestOf, UnaryMethod } from './method.js';
import { Reply } from './reply.js';
import { defaultErrorCode, registryWith, toStatus } from './status.js';

/**
 * ServerBeforeFunc runs before decoding with the incoming metadata (Go kit's
 * `ServerRequestFunc`, registered with `ServerBefore`); it returns the context for the rest
 * of the call.
 */
export type ServerBeforeFunc = (ctx: Context, metadata: Metadata) => Context;

/**
 * ServerAfterFunc runs after the endpoint succeeded, before encoding (Go kit's
 * `ServerResponseFunc`, `ServerAfter`): it may add header and trailer metadata, which are
 * sent only when something was added.
 */
export type ServerAfterFunc = (ctx: Context, header: Metadata, trailer: Metadata) => Context;

/** ServerFinalizerFunc runs last on every call with its error, or undefined (Go kit's `ServerFinalizerFunc`). */
export type ServerFinalizerFunc = (ctx: Context, err: unknown) => void;

/**
 * DecodeRequestFunc turns the decoded request message into the endpoint's request (Go kit's
 * `DecodeRequestFunc`); a throw fails the call with the error's code.
 */
export type DecodeRequestFunc<PbReq, Req> = (ctx: Context, message: PbReq) => Req | Promise<Req>;

/**
 * EncodeResponseFunc turns the endpoint's response into the reply message (Go kit's
 * `EncodeResponseFunc`): the message, or a plain object with its fields (`{ v: 3n }`).
 */
export type EncodeResponseFunc<Res, PbRes> = (
  ctx: Context,
  response: Res,
) => PbRes | Promise<PbRes>;

/** ServerOptions are the hooks and tables of {@link createServer}, all optional. */
export interface ServerOptions {
  /** before hooks run in order before decoding, with the incoming metadata. */
  readonly before?: readonly ServerBeforeFunc[];
  /** after hooks run in order after the endpoint succeeded; they may set header and trailer. */
  readonly after?: readonly ServerAfterFunc[];
  /** finalizer hooks run at the end of every call, with its error (or undefined). */
  readonly finalizer?: readonly ServerFinalizerFunc[];
  /** errorHandler sees every error first (to log or count it). Default: nothing. */
  readonly errorHandler?: ErrorHandler;
  /**
   * errorCode is this server's error table: the code an error is answered with, as a gRPC
   * status. Default `codeOf` (a `ServiceError` keeps its code; a plain `Error` is UNKNOWN, as
   * in Go kit). A service mirroring Go kit's addsvc passes `() => 'unknown'`.
   */
  readonly errorCode?: (err: unknown) => Code;
  /**
   * registry names the protobuf types of `ServiceError` details the server may send, beside
   * `google.rpc`'s error details and the well-known types it always knows.
   */
  readonly registry?: Registry;
}

/**
 * Server is an endpoint exposed over gRPC for one unary method (Go kit's `grpctransport.Server`).
 * Add it to a `grpc.Server` with {@link bindService}; `handler(method)` gives the grpc-js
 * handler itself. Its type parameters are the request message it decodes and the reply it
 * encodes, so binding it to a method of other types does not compile.
 */
export interface Server<PbReq, PbRes> {
  /** handler returns the grpc-js handler serving `method` (whose messages move as bytes). */
  handler(method: UnaryMethod): handleUnaryCall<Buffer, Buffer>;
  /** types only carries the message types for the compiler; it is never set. */
  readonly types?: (request: PbReq) => PbRes;
}

/** ServerOf is the type of a {@link Server} for a method: `ServerOf<typeof Add.method.sum>`. */
export type ServerOf<M extends UnaryMethod> = Server<RequestOf<M>, ReplyInitOf<M>>;

/**
 * MalformedMessageError is the error of a request (or reply) whose bytes are not a message of
 * the expected type: code `invalid_argument`, reason `MALFORMED_MESSAGE`.
 */
export class MalformedMessageError extends ServiceError {
  override readonly name = 'MalformedMessageError';
  constructor(typeName: string, cause: unknown) {
    super('invalid_argument', `malformed message: not a ${typeName}: ${(cause as Error).message}`, {
      reason: 'MALFORMED_MESSAGE',
      cause,
    });
  }
}

/**
 * createServer exposes an endpoint over gRPC for one unary method (Go kit's
 * `grpctransport.NewServer`). It runs on the core server kernel: per call the context is made
 * from the call (deadline from `grpc-timeout`, cancelled when the client cancels, the call
 * under {@link callOf}, the full method name under {@link fullMethod}); `before` hooks see the
 * incoming metadata; an already expired deadline fails with DEADLINE_EXCEEDED without
 * decoding; the request bytes are decoded to the method's message (bytes that do not decode
 * fail with INVALID_ARGUMENT) and handed to `decode`; the endpoint runs; `after` hooks may set
 * header and trailer (sent only when set); `encode` builds the reply. An error is answered as
 * the status of `errorCode(err)` with its message and, when it carries some, its details as a
 * `google.rpc.Status` in `grpc-status-details-bin`. Finalizers run last.
 *
 * @example
 * const sum = createServer(sumEndpoint, (_ctx, m: SumRequest) => ({ a: m.a, b: m.b }),
 *   (_ctx, r: { v: bigint }) => ({ v: r.v }));
 * bindService(grpcServer, Add, { sum, concat });
 */
export function createServer<PbReq, PbRes, Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeRequestFunc<PbReq, Req>,
  encode: EncodeResponseFunc<Res, PbRes>,
  options: ServerOptions = {},
): Server<PbReq, PbRes> {
  const errorCode = options.errorCode ?? defaultErrorCode;
  const registry = registryWith(options.registry);
  const before = options.before?.map(
    (f) => (ctx: Context, call: IncomingCall) => f(ctx, call.metadata),
  );
  const after = options.after?.map(
    (f) => (ctx: Context, reply: Reply) => f(ctx, reply.headerMetadata(), reply.trailerMetadata()),
  );
  const finalizer = options.finalizer?.map(
    (f) => (ctx: Context, outcome: { failed: boolean; error: unknown }) =>
      f(ctx, outcome.failed ? outcome.error : undefined),
  );
  return {
    handler(method) {
      const input = method.input;
      const output = method.output;
      const decodeCall = (ctx: Context, call: IncomingCall): Req | Promise<Req> => {
        let message;
        try {
          message = fromBinary(input, call.request);
        } catch (err) {
          throw new MalformedMessageError(input.typeName, err);
        }
        return decode(ctx, message as PbReq);
      };
      const write = (reply: Reply, message: PbRes): void => {
        reply.message = asBuffer(toBinary(output, create(output, message as never)));
      };
      const encodeReply = (ctx: Context, reply: Reply, response: Res): void | Promise<void> => {
        const message = encode(ctx, response);
        if (message instanceof Promise) return message.then((m) => write(reply, m));
        write(reply, message);
      };
      const serve: Serve<IncomingCall, Reply> = createKernel(endpoint, decodeCall, encodeReply, {
        before,
        after,
        finalizer,
        errorHandler: options.errorHandler,
        errorEncoder: (_ctx, err, reply) => {
          reply.status = toStatus(err, errorCode(err), registry);
        },
        fallback: (_ctx, err, reply) => {
          reply.status = { code: 2, details: err instanceof Error ? err.message : String(err) };
        },
      });
      return (call, callback) => {
        const ctx = new CallContext(call);
        const reply = new Reply();
        void serve(ctx, call, reply).then(() => {
          reply.send(call, callback);
          ctx.done();
        });
      };
    },
  };
}
