/**
 * addsvc over gRPC (Go kit's `addsvc/pkg/addtransport/grpc.go`) on `@svckit/grpc`: the service
 * `pb.Add` of Go kit's `addsvc.proto` (`/pb.Add/Sum`, `/pb.Add/Concat`), int64 as `bigint`
 * end to end. Business errors travel in-band in the reply's `err` with status OK; endpoint
 * errors (rate limit, open circuit) are status UNKNOWN with their text, as grpc-go answers Go
 * kit's plain errors. The client turns a non-empty `err` back into the business error.
 */
import type { Client, Server as GrpcServer } from '@grpc/grpc-js';
import type { Code } from '@svckit/core/errors';
import { codeOf } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import { logErrorHandler } from '@svckit/core/transport';
import {
  MalformedMessageError,
  StatusError,
  authorizationToContext,
  authorizationToMetadata,
  bindService,
  createClient,
  createServer,
} from '@svckit/grpc';
import type { ClientOptions, ServerOptions } from '@svckit/grpc';
import { bearerOf } from '@svckit/jwt';
import {
  AddError,
  errIntOverflow,
  errMaxSizeExceeded,
  errTwoZeroes,
} from '../addservice/service.js';
import { concatResponse, sumResponse } from '../addendpoint/set.js';
import { clientSet, withHooks } from './client-set.js';
import type {
  ConcatRequest,
  ConcatResponse,
  Set,
  SumRequest,
  SumResponse,
} from '../addendpoint/set.js';
import { Add } from '../gen/pb/addsvc_pb.js';
import type {
  ConcatRequest as PbConcatRequest,
  SumRequest as PbSumRequest,
} from '../gen/pb/addsvc_pb.js';

export { Add };

/**
 * grpcErrorCode is addsvc's gRPC error table: every endpoint error is UNKNOWN with its text
 * (Go kit, §2.4), except what gRPC itself means — a request message that does not decode
 * (INVALID_ARGUMENT), a deadline (DEADLINE_EXCEEDED), a cancellation (CANCELLED) and a
 * refused token of the optional JWT check (UNAUTHENTICATED).
 */
export function grpcErrorCode(err: unknown): Code {
  if (err instanceof MalformedMessageError) return codeOf(err);
  const code = codeOf(err);
  return code === 'deadline_exceeded' || code === 'canceled' || code === 'unauthenticated'
    ? code
    : 'unknown';
}

/** err2str is a business error's text for the reply's `err`, `''` for none (Go kit's `err2str`). */
function err2str(err: Error | undefined): string {
  return err === undefined ? '' : err.message;
}

const known = new Map<string, AddError>(
  [errTwoZeroes, errIntOverflow, errMaxSizeExceeded].map((e) => [e.message, e]),
);

/**
 * str2err turns a reply's `err` back into a business error (Go kit's `str2err`): undefined for
 * `''`, the service's own error for its three texts, else an {@link AddError} with the text.
 */
export function str2err(s: string): Error | undefined {
  if (s === '') return undefined;
  return known.get(s) ?? new AddError(s, 'REMOTE');
}

/**
 * newGRPCServer adds `pb.Add` serving the endpoints to server (Go kit's `NewGRPCServer` plus
 * `RegisterAddServer`), errors logged through logger (`err=…`).
 */
export function newGRPCServer(
  server: GrpcServer,
  endpoints: Set,
  logger: Logger,
  hooks?: Pick<ServerOptions, 'before' | 'finalizer'>,
): void {
  const options: ServerOptions = {
    errorCode: grpcErrorCode,
    errorHandler: logErrorHandler(logger),
    before: [...(hooks?.before ?? []), authorizationToContext], // tracing; the optional JWT check
    ...(hooks?.finalizer === undefined ? {} : { finalizer: hooks.finalizer }),
  };
  bindService(server, Add, {
    sum: createServer(
      endpoints.sum,
      (_ctx, m: PbSumRequest): SumRequest => ({ a: m.a, b: m.b }),
      (_ctx, r: SumResponse) => ({ v: r.v, err: err2str(r.err) }),
      options,
    ),
    concat: createServer(
      endpoints.concat,
      (_ctx, m: PbConcatRequest): ConcatRequest => ({ a: m.a, b: m.b }),
      (_ctx, r: ConcatResponse) => ({ v: r.v, err: err2str(r.err) }),
      options,
    ),
  });
}

/**
 * newGRPCClient returns a {@link Set} calling `pb.Add` over conn (Go kit's `NewGRPCClient`),
 * with the example's client middlewares: one limiter shared by both methods (1 call/s, burst
 * 100), a breaker per method (open 30 s for Sum, 10 s for Concat) counting only the server's
 * failures. A token in the context (`@svckit/jwt`'s signer) goes as `authorization` metadata.
 * `hooks` adds per-method client hooks (tracing: `grpcClientTrace(method)`).
 */
export function newGRPCClient(
  conn: Client,
  options: ClientOptions = {},
  hooks?: (method: 'sum' | 'concat') => Pick<ClientOptions, 'before' | 'finalizer'>,
): Set {
  const clientOptions: ClientOptions = {
    ...options,
    before: [authorizationToMetadata(bearerOf), ...(options.before ?? [])],
  };
  // Per-method hooks (tracing names its spans after the method) go around the shared ones.
  const optionsFor = (method: 'sum' | 'concat'): ClientOptions =>
    withHooks(clientOptions, hooks?.(method));
  return clientSet(
    createClient(
      conn,
      Add.method.sum,
      (_ctx, r: SumRequest) => ({ a: r.a, b: r.b }),
      (_ctx, reply) => sumResponse(reply.v, str2err(reply.err)),
      optionsFor('sum'),
    ),
    createClient(
      conn,
      Add.method.concat,
      (_ctx, r: ConcatRequest) => ({ a: r.a, b: r.b }),
      (_ctx, reply) => concatResponse(reply.v, str2err(reply.err)),
      optionsFor('concat'),
    ),
  );
}

/** goCodeNames are grpc-go's names of the status codes (`codes.Code.String()`), by number. */
const goCodeNames = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

/**
 * grpcErrorText is an error as grpc-go prints it, which is what Go kit's addcli shows after
 * `error: `: a status as `rpc error: code = Unknown desc = rate limit exceeded`, anything else
 * (a business error) as its text.
 */
export function grpcErrorText(err: unknown): string {
  if (err instanceof StatusError) {
    const name = goCodeNames[err.status] ?? `Code(${err.status})`;
    return `rpc error: code = ${name} desc = ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
