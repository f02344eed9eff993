import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Registry } from '@bufbuild/protobuf';
import { Metadata } from '@grpc/grpc-js';
import type { CallOptions, Client, ServiceError as GrpcError, StatusObject } from '@grpc/grpc-js';
import { DeadlineExceededError, background, remaining } from '@svckit/core/context';
import type { Context } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import { asBuffer, methodPath } from './method.js';
import type { ReplyOf, RequestInitOf, UnaryMethod } from './method.js';
import { fromGrpcError, registryWith } from './status.js';

/** ClientBeforeFunc sets outgoing metadata before the call (Go kit's `ClientRequestFunc`). */
export type ClientBeforeFunc = (ctx: Context, metadata: Metadata) => Context;

/**
 * ClientAfterFunc reads the header and trailer metadata of the answer, before decoding or
 * rejecting (Go kit's `ClientResponseFunc`); either is empty when the server sent none.
 */
export type ClientAfterFunc = (ctx: Context, header: Metadata, trailer: Metadata) => Context;

/** ClientFinalizerFunc runs at the end of every call with its error, or undefined. */
export type ClientFinalizerFunc = (ctx: Context, err: unknown) => void;

/** ClientOptions are the hooks of {@link createClient}, all optional. */
export interface ClientOptions {
  /** before hooks run after encoding and may set outgoing metadata. */
  readonly before?: readonly ClientBeforeFunc[];
  /** after hooks see the header and trailer metadata of the answer. */
  readonly after?: readonly ClientAfterFunc[];
  /** finalizer hooks run at the end of every call. */
  readonly finalizer?: readonly ClientFinalizerFunc[];
  /**
   * registry names the protobuf types of error details to unpack, beside `google.rpc`'s error
   * details and the well-known types; details of other types stay `Any` messages.
   */
  readonly registry?: Registry;
  /** callOptions are passed to every grpc-js call (e.g. `{ credentials }` per call). */
  readonly callOptions?: Omit<CallOptions, 'deadline'>;
}

/** Outcome is what a grpc-js unary call ended with. */
interface Outcome {
  readonly err: GrpcError | null;
  readonly value: Buffer | undefined;
  readonly header: Metadata | undefined;
  readonly trailer: Metadata | undefined;
}

const identity = (bytes: Buffer): Buffer => bytes;

/** neverAborts is the background's signal: contexts sharing it can never be cancelled. */
const neverAborts = background().signal;

/**
 * createClient returns an endpoint calling one unary method over gRPC (Go kit's
 * `grpctransport.NewClient`): `conn` is a `grpc.Client` (see {@link dial}), whose one channel
 * every call shares — make it once, close it at the end. Per call: a context already past its
 * deadline fails with `DeadlineExceededError` without sending; `encode` builds the request
 * message (or its fields); `before` hooks set outgoing metadata; the call goes with the
 * context's deadline as its gRPC deadline (`grpc-timeout`) and is cancelled when the context
 * is; `after` hooks see header and trailer; a status other than OK rejects with a
 * {@link StatusError} (its code, message and unpacked details), a cancelled or expired
 * context with the context's own error; else `decode` turns the reply message into the
 * response. Finalizers run last.
 *
 * @example
 * const sum = createClient(conn, Add.method.sum,
 *   (_ctx, r: { a: bigint; b: bigint }) => r, (_ctx, reply) => reply.v);
 * await sum(background(), { a: 1n, b: 2n }); // 3n
 */
export function createClient<M extends UnaryMethod, Req, Res>(
  conn: Client,
  method: M,
  encode: (ctx: Context, request: Req) => RequestInitOf<M> | Promise<RequestInitOf<M>>,
  decode: (ctx: Context, reply: ReplyOf<M>) => Res | Promise<Res>,
  options: ClientOptions = {},
): Endpoint<Req, Res> {
  const path = methodPath(method);
  const input = method.input;
  const output = method.output;
  const before = options.before ?? [];
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const registry = registryWith(options.registry);
  const callOptions = options.callOptions ?? {};
  const noCallOptions = Object.keys(callOptions).length === 0;
  const watchMetadata = after.length > 0;

  const send = (ctx: Context, bytes: Buffer, md: Metadata): Promise<Outcome> =>
    new Promise((resolve) => {
      const signal = ctx.signal;
      const deadline = ctx.deadline;
      // Not `{ ...callOptions, deadline }`: Node 20 gives each such object a map of its own,
      // and every read grpc-js makes of it goes slow.
      const opts: CallOptions =
        deadline === undefined
          ? callOptions
          : noCallOptions
            ? { deadline }
            : Object.assign({}, callOptions, { deadline });
      let header: Metadata | undefined;
      let trailer: Metadata | undefined;
      const watchSignal = signal !== neverAborts;
      const call = conn.makeUnaryRequest(
        path,
        identity,
        identity,
        bytes,
        md,
        opts,
        (err, value) => {
          if (watchSignal) signal.removeEventListener('abort', onAbort);
          if (!watchMetadata) return resolve({ err, value, header, trailer });
          // grpc-js emits 'status' (the trailers) right after this callback: answer after it.
          process.nextTick(() =>
            resolve({ err, value, header, trailer: trailer ?? err?.metadata }),
          );
        },
      );
      const onAbort = (): void => call.cancel();
      if (watchSignal) signal.addEventListener('abort', onAbort, { once: true });
      if (watchMetadata) {
        call.on('metadata', (m: Metadata) => (header = m));
        call.on('status', (s: StatusObject) => (trailer = s.metadata));
      }
    });

  return async (ctx, request) => {
    let failure: unknown;
    try {
      if (remaining(ctx) <= 0) throw new DeadlineExceededError();
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const encoded = encode(ctx, request);
      const init = encoded instanceof Promise ? await encoded : encoded;
      const bytes = asBuffer(toBinary(input, create(input, init)));
      const md = new Metadata();
      for (let i = 0; i < before.length; i++) ctx = (before[i] as ClientBeforeFunc)(ctx, md);
      const outcome = await send(ctx, bytes, md);
      if (watchMetadata) {
        const header = outcome.header ?? new Metadata();
        const trailer = outcome.trailer ?? new Metadata();
        for (let i = 0; i < after.length; i++) {
          ctx = (after[i] as ClientAfterFunc)(ctx, header, trailer);
        }
      }
      if (outcome.err !== null) {
        throw fromGrpcError(outcome.err, ctx.signal, ctx.deadline, registry);
      }
      let reply: ReplyOf<M>;
      try {
        reply = fromBinary(output, outcome.value ?? Buffer.alloc(0)) as ReplyOf<M>;
      } catch (err) {
        throw new ServiceError(
          'internal',
          `${path}: malformed reply: not a ${output.typeName}: ${(err as Error).message}`,
          { reason: 'MALFORMED_MESSAGE', cause: err },
        );
      }
      const response = decode(ctx, reply);
      return response instanceof Promise ? await response : response;
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      for (let i = 0; i < finalizer.length; i++)
        (finalizer[i] as ClientFinalizerFunc)(ctx, failure);
    }
  };
}
