/**
 * Go kit's addsvc over JSON-RPC 2.0 (examples protocol reference §2.1, §2.2, §2.5), built from
 * the public pieces of `@svckit/core/transport/http/jsonrpc` only, as a drop-in module for
 * examples/addsvc and examples/addcli: the service rules, the `sum` and `concat` methods (any
 * path; params by name with Go's case-insensitive keys; int64 exact; results `{"v":...}` with
 * the business error as an extra `err` member, which Go kit's client ignores; a params decode
 * error answered -32000 `couldn't unmarshal body to sum request: ...`, endpoint errors -32603
 * with their text, as Go kit's addsvc answers) and the client, which ignores `err` as Go kit's
 * does. Tested against the real Go kit addsvc and addcli in ../gokit.test.ts.
 */
import type { Context } from '../../../../context/index.js';
import type { Endpoint } from '../../../../endpoint/index.js';
import type { Server } from '../../server.js';
import { JsonRpcError, createClient, createServer, isErrorCoder, method } from '../index.js';
import type { ClientOptions, ErrorObjectFunc, Params, ServerOptions } from '../index.js';

/** intMax and intMin are the int32 bounds of addsvc's overflow check. */
const intMax = 2n ** 31n - 1n;
const intMin = -(2n ** 31n);
const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);

/** SumResult and ConcatResult carry the value and the business error ('' for none). */
export interface SumResult {
  readonly v: bigint;
  readonly err: string;
}
export interface ConcatResult {
  readonly v: string;
  readonly err: string;
}

/** sum is addsvc's Sum with its business rules, the error in-band. */
export function sum(a: bigint, b: bigint): SumResult {
  if (a === 0n && b === 0n) return { v: 0n, err: "can't sum two zeroes" };
  if ((b > 0n && a > intMax - b) || (b < 0n && a < intMin - b)) {
    return { v: 0n, err: 'integer overflow' };
  }
  return { v: a + b, err: '' };
}

/** concat is addsvc's Concat: at most 10 bytes of UTF-8. */
export function concat(a: string, b: string): ConcatResult {
  if (Buffer.byteLength(a) + Buffer.byteLength(b) > 10) {
    return { v: '', err: 'result exceeds maximum size' };
  }
  return { v: a + b, err: '' };
}

/** Endpoints are the two addsvc endpoints. */
export interface Endpoints {
  readonly sum: Endpoint<{ a: bigint; b: bigint }, SumResult>;
  readonly concat: Endpoint<{ a: string; b: string }, ConcatResult>;
}

/** endpoints are addsvc's endpoints over the plain service functions. */
export const endpoints: Endpoints = {
  sum: async (_ctx, r) => sum(r.a, r.b),
  concat: async (_ctx, r) => concat(r.a, r.b),
};

/**
 * goKitErrorObject is addsvc's error table (§2.5): an error's own JSON-RPC code (the -32000 of
 * a params decode error), else -32603, with the error's text.
 */
export const goKitErrorObject: ErrorObjectFunc = (_ctx, err) => ({
  code: isErrorCoder(err) ? err.errorCode() : -32603,
  message: err instanceof Error ? err.message : String(err),
});

/**
 * methods are addsvc's JSON-RPC methods: Go's `json.Unmarshal` of the params into
 * `SumRequest{A, B int}` / `ConcatRequest{A, B string}`, with its error texts.
 */
export function methods(e: Endpoints) {
  return {
    sum: method({
      endpoint: e.sum,
      decode: (_ctx: Context, params: Params | undefined) => ({
        a: field(params, 'A', 'sum', 'SumRequest', intField),
        b: field(params, 'B', 'sum', 'SumRequest', intField),
      }),
      encode: (_ctx: Context, r: SumResult) => (r.err === '' ? { v: r.v } : { v: r.v, err: r.err }),
    }),
    concat: method({
      endpoint: e.concat,
      decode: (_ctx: Context, params: Params | undefined) => ({
        a: field(params, 'A', 'concat', 'ConcatRequest', stringField),
        b: field(params, 'B', 'concat', 'ConcatRequest', stringField),
      }),
      encode: (_ctx: Context, r: ConcatResult) =>
        r.err === '' ? { v: r.v } : { v: r.v, err: r.err },
    }),
  };
}

/**
 * handler is addsvc's JSON-RPC server (Go kit's `NewJSONRPCHandler`): any path, int64 exact,
 * Go kit's error table; options add hooks or limits.
 */
export function handler(e: Endpoints, options: ServerOptions = {}): Server {
  return createServer(methods(e), {
    exactIntegers: true,
    errorObject: goKitErrorObject,
    ...options,
  });
}

/** AddClient is addsvc's JSON-RPC client: it prints what Go kit's prints, ignoring `err`. */
export interface AddClient {
  sum(ctx: Context, a: bigint, b: bigint): Promise<bigint>;
  concat(ctx: Context, a: string, b: string): Promise<string>;
}

/**
 * client returns addsvc's JSON-RPC client (Go kit's `NewJSONRPCClient`) for `host:port` or a
 * URL: params `{"A":..,"B":..}`, the result's `v` (the business error, in `err`, is ignored as
 * Go kit's client ignores it); an error response rejects with its {@link JsonRpcError}.
 */
export function client(instance: string, options: ClientOptions<unknown, unknown> = {}): AddClient {
  const url = instance.startsWith('http') ? instance : `http://${instance}`;
  const opts = { ...options, exactIntegers: true };
  const sumCall = createClient<{ a: bigint; b: bigint }, unknown>(url, 'sum', {
    ...opts,
    encode: (_ctx, r) => ({ A: r.a, B: r.b }),
  });
  const concatCall = createClient<{ a: string; b: string }, unknown>(url, 'concat', {
    ...opts,
    encode: (_ctx, r) => ({ A: r.a, B: r.b }),
  });
  return {
    async sum(ctx, a, b) {
      const v = ((await sumCall(ctx, { a, b })) as { v?: unknown } | null)?.v;
      return typeof v === 'bigint'
        ? v
        : BigInt(typeof v === 'number' && Number.isInteger(v) ? v : 0);
    },
    async concat(ctx, a, b) {
      const v = ((await concatCall(ctx, { a, b })) as { v?: unknown } | null)?.v;
      return typeof v === 'string' ? v : '';
    },
  };
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
