/**
 * addsvc over JSON-RPC 2.0 (Go kit's `addsvc/pkg/addtransport/jsonrpc.go`, examples protocol
 * §2.5) on core's `transport/http/jsonrpc`: the methods `sum` and `concat` on any path, params
 * by name with Go's case-insensitive keys, int64 exact, results `{"v":…}` with the business
 * error as an extra `err` member (Go kit sends none; its client ignores it, so both print the
 * zero value); params that do not decode are -32000 `couldn't unmarshal body to sum request: …`
 * and endpoint errors (rate limit, open circuit) -32603 with their text, as Go kit's addsvc
 * answers. The client is Go kit's `NewJSONRPCClient`: it ignores `err` as Go kit's does.
 */
import type { Context } from '@svckit/core/context';
import type { Logger } from '@svckit/core/log';
import { logErrorHandler } from '@svckit/core/transport';
import type { Server } from '@svckit/core/transport/http';
import {
  JsonRpcError,
  createClient,
  createServer,
  isErrorCoder,
  method,
} from '@svckit/core/transport/http/jsonrpc';
import type {
  ClientOptions,
  ErrorObjectFunc,
  Params,
  ServerOptions,
} from '@svckit/core/transport/http/jsonrpc';
import { tokenToHttp } from '@svckit/jwt';
import { concatResponse, sumResponse } from '../addendpoint/set.js';
import { clientSet } from './client-set.js';
import type {
  ConcatRequest,
  ConcatResponse,
  Set,
  SumRequest,
  SumResponse,
} from '../addendpoint/set.js';

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);

/**
 * goKitErrorObject is addsvc's JSON-RPC error table (§2.5): an error's own JSON-RPC code (the
 * -32000 of params that do not decode), else -32603, with the error's text.
 */
export const goKitErrorObject: ErrorObjectFunc = (_ctx, err) => ({
  code: isErrorCoder(err) ? err.errorCode() : -32603,
  message: err instanceof Error ? err.message : String(err),
});

/** JSONRPCHandlerOptions tune {@link newJSONRPCHandler}. */
export interface JSONRPCHandlerOptions {
  /** server are options of core's JSON-RPC server (hooks, limits). */
  readonly server?: ServerOptions;
}

/** encodeResult is `{"v":…}`, with the business error as `err` when there is one. */
function encodeResult<V>(_ctx: Context, r: { v: V; err: Error | undefined }) {
  return r.err === undefined ? { v: r.v } : { v: r.v, err: r.err.message };
}

/**
 * newJSONRPCHandler serves the endpoints over JSON-RPC as Go kit's `NewJSONRPCHandler`: one
 * handler for any path, int64 exact, Go kit's error table, errors logged through logger.
 */
export function newJSONRPCHandler(
  endpoints: Set,
  logger: Logger,
  options: JSONRPCHandlerOptions = {},
): Server {
  return createServer(
    {
      sum: method({
        endpoint: endpoints.sum,
        decode: (_ctx: Context, params: Params | undefined): SumRequest => ({
          a: field(params, 'A', 'sum', 'SumRequest', intField),
          b: field(params, 'B', 'sum', 'SumRequest', intField),
        }),
        encode: (ctx: Context, r: SumResponse) => encodeResult(ctx, r),
      }),
      concat: method({
        endpoint: endpoints.concat,
        decode: (_ctx: Context, params: Params | undefined): ConcatRequest => ({
          a: field(params, 'A', 'concat', 'ConcatRequest', stringField),
          b: field(params, 'B', 'concat', 'ConcatRequest', stringField),
        }),
        encode: (ctx: Context, r: ConcatResponse) => encodeResult(ctx, r),
      }),
    },
    {
      exactIntegers: true,
      errorObject: goKitErrorObject,
      errorHandler: logErrorHandler(logger),
      ...options.server,
    },
  );
}

/** JSONRPCClientOptions tune {@link newJSONRPCClient}. */
export interface JSONRPCClientOptions {
  /** client are options of core's JSON-RPC client (hooks, agent, limits). */
  readonly client?: Omit<ClientOptions<unknown, unknown>, 'encode' | 'decode'>;
}

/** valueOf reads `v` of a result (Go's decoder: a missing or null `v` is the zero value). */
function valueOf(result: unknown): unknown {
  return (result as { v?: unknown } | null)?.v;
}

/**
 * newJSONRPCClient returns a {@link Set} calling addsvc over JSON-RPC at instance (`host:port`
 * or a URL; Go kit's `NewJSONRPCClient`): params `{"A":…,"B":…}`, the result's `v` (the
 * business error in `err` is ignored, as Go kit's client ignores it); an error response
 * rejects with its {@link JsonRpcError}. The example's client middlewares: one limiter (1 call/s,
 * burst 100) and a breaker per method, open for 30 s.
 */
export function newJSONRPCClient(instance: string, options: JSONRPCClientOptions = {}): Set {
  const url = new URL(instance.startsWith('http') ? instance : `http://${instance}`);
  const base = {
    ...options.client,
    before: [tokenToHttp, ...(options.client?.before ?? [])], // a signer's token, if any
    exactIntegers: true,
  };
  return clientSet(
    createClient<SumRequest, SumResponse>(url, 'sum', {
      ...base,
      encode: (_ctx, r) => ({ A: r.a, B: r.b }),
      decode: (_ctx, result) => {
        const v = valueOf(result);
        return sumResponse(
          typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : 0n,
        );
      },
    }),
    createClient<ConcatRequest, ConcatResponse>(url, 'concat', {
      ...base,
      encode: (_ctx, r) => ({ A: r.a, B: r.b }),
      decode: (_ctx, result) => {
        const v = valueOf(result);
        return concatResponse(typeof v === 'string' ? v : '');
      },
    }),
    30_000, // Go kit's JSON-RPC client opens Concat's breaker for 30 s
  );
}

/** decodeError is the -32000 error of params that do not decode, with Go kit's text. */
function decodeError(rpcMethod: string, why: string): JsonRpcError {
  return new JsonRpcError(-32000, `couldn't unmarshal body to ${rpcMethod} request: ${why}`);
}

/** FieldReader reads one field's value, or returns Go's error text for it. */
type FieldReader<T> = (value: unknown, where: string) => { ok: T } | { error: string };

/** field reads one field as Go's json.Unmarshal does: exact key first, then any case. */
function field<T>(
  params: Params | undefined,
  name: string,
  rpcMethod: string,
  type: string,
  read: FieldReader<T>,
): T {
  if (params === undefined) throw decodeError(rpcMethod, 'unexpected end of JSON input');
  if (Array.isArray(params)) {
    throw decodeError(
      rpcMethod,
      `json: cannot unmarshal array into Go value of type addendpoint.${type}`,
    );
  }
  const object = params as Readonly<Record<string, unknown>>;
  let value = object[name];
  if (value === undefined) {
    const lower = name.toLowerCase();
    for (const key of Object.keys(object)) if (key.toLowerCase() === lower) value = object[key];
  }
  const got = read(value, `Go struct field ${type}.${name}`);
  if ('error' in got) throw decodeError(rpcMethod, got.error);
  return got.ok;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

/** intField reads a Go int (int64): a missing or null value is 0. */
const intField: FieldReader<bigint> = (value, where) => {
  if (value === undefined || value === null) return { ok: 0n };
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) {
    const n = BigInt(value);
    if (n >= int64Min && n <= int64Max) return { ok: n };
  }
  if (typeof value === 'bigint' || typeof value === 'number') {
    return { error: `json: cannot unmarshal number ${String(value)} into ${where} of type int` };
  }
  return { error: `json: cannot unmarshal ${jsonType(value)} into ${where} of type int` };
};

/** stringField reads a Go string: a missing or null value is ''. */
const stringField: FieldReader<string> = (value, where) => {
  if (value === undefined || value === null) return { ok: '' };
  if (typeof value === 'string') return { ok: value };
  return { error: `json: cannot unmarshal ${jsonType(value)} into ${where} of type string` };
};
