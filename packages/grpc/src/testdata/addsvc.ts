/**
 * Go kit's addsvc over gRPC (examples protocol reference §2.1, §2.2, §2.4), built from
 * @svckit/grpc's pieces: the endpoints over the service rules of @svckit/testing's addsvc, the
 * pb.Add servers (business errors in-band in `err`, every endpoint error answered UNKNOWN with
 * its text, as grpc-go answers Go kit's plain errors) and the client. Test data of this
 * package's own tests (interop with the real Go kit addsvc and addcli, TLS, reflection, bad
 * input). The whole example — service, endpoints with limiters and breakers, HTTP and gRPC
 * transports, addcli — is `examples/addsvc` and `examples/addcli`, which build the same pb.Add
 * servers and client from these pieces of `@svckit/grpc`; it stays here because a package
 * cannot depend on an example (the example depends on the package).
 */
import type { Client } from '@grpc/grpc-js';
import type { Context } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { addsvcConcat, addsvcSum } from '@svckit/testing';
import type { AddResult } from '@svckit/testing';
import { StatusError, createClient, createServer } from '../index.js';
import type { ServerOf, ServerOptions } from '../index.js';
import { Add } from '../gen/pb/addsvc_pb.js';
import type { ConcatRequest, SumRequest } from '../gen/pb/addsvc_pb.js';

/** SumResult and ConcatResult carry the value and the in-band business error (Go kit's Failer). */
export type SumResult = AddResult<bigint>;
export type ConcatResult = AddResult<string>;

/** Endpoints are the two addsvc endpoints, requests as decoded from pb. */
export interface Endpoints {
  readonly sum: Endpoint<{ a: bigint; b: bigint }, SumResult>;
  readonly concat: Endpoint<{ a: string; b: string }, ConcatResult>;
}

/** endpoints are addsvc's endpoints over its rules (@svckit/testing's addsvc). */
export const endpoints: Endpoints = {
  sum: async (_ctx, r) => addsvcSum(r.a, r.b),
  concat: async (_ctx, r) => addsvcConcat(r.a, r.b),
};

/** goKitErrors is addsvc's gRPC error table (§2.4): every endpoint error is UNKNOWN with its text. */
export const goKitErrors: ServerOptions = { errorCode: () => 'unknown' };

/** servers returns the pb.Add servers of addsvc, for `bindService(server, Add, servers(e))`. */
export function servers(
  e: Endpoints,
  options: ServerOptions = goKitErrors,
): { sum: ServerOf<typeof Add.method.sum>; concat: ServerOf<typeof Add.method.concat> } {
  return {
    sum: createServer(
      e.sum,
      (_ctx, m: SumRequest) => ({ a: m.a, b: m.b }),
      (_ctx, r) => ({ v: r.v, err: r.err }),
      options,
    ),
    concat: createServer(
      e.concat,
      (_ctx, m: ConcatRequest) => ({ a: m.a, b: m.b }),
      (_ctx, r) => ({ v: r.v, err: r.err }),
      options,
    ),
  };
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
 * errorText is what Go kit's addcli prints after `error: ` for err: a business error's text,
 * and for a gRPC status grpc-go's `rpc error: code = Unknown desc = rate limit exceeded`.
 */
export function errorText(err: unknown): string {
  if (err instanceof StatusError) {
    return `rpc error: code = ${goCodeNames[err.status] ?? `Code(${err.status})`} desc = ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** BusinessError is a non-empty `err` of a reply, as Go kit's client turns it into an error. */
export class BusinessError extends Error {
  override readonly name = 'BusinessError';
}

/** AddClient is addsvc's client: each call rejects with the in-band error's text. */
export interface AddClient {
  sum(ctx: Context, a: bigint, b: bigint): Promise<bigint>;
  concat(ctx: Context, a: string, b: string): Promise<string>;
}

/** client returns addsvc's gRPC client over one shared channel. */
export function client(conn: Client): AddClient {
  const sumCall = createClient(
    conn,
    Add.method.sum,
    (_ctx, r: { a: bigint; b: bigint }) => r,
    (_ctx, reply) => reply,
  );
  const concatCall = createClient(
    conn,
    Add.method.concat,
    (_ctx, r: { a: string; b: string }) => r,
    (_ctx, reply) => reply,
  );
  return {
    async sum(ctx, a, b) {
      const reply = await sumCall(ctx, { a, b });
      if (reply.err !== '') throw new BusinessError(reply.err);
      return reply.v;
    },
    async concat(ctx, a, b) {
      const reply = await concatCall(ctx, { a, b });
      if (reply.err !== '') throw new BusinessError(reply.err);
      return reply.v;
    },
  };
}
