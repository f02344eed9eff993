/**
 * Go kit's addsvc over AMQP with svckit's convention (examples protocol reference §2.1, §3),
 * built from @svckit/amqp's pieces, in the shape of examples/addsvc's transports
 * (`newGRPCServer(server, endpoints, logger)`, `newGRPCClient(conn): Set`): a drop-in module
 * for its `-amqp-url` transport and addcli's `-amqp-url`, tested here against the Go kit
 * addsvc and addcli.
 *
 * - {@link newAMQPServers}: the endpoints on the queues `<prefix>.sum` and `<prefix>.concat`
 *   (declared not durable, not exclusive, not auto-delete; auto-ack); requests
 *   `{"a":..,"b":..}` (keys case-insensitive, as Go), replies to `replyTo` echoing
 *   `correlationId`, `application/json`: `{"v":..}`, `{"v":..,"err":".."}` for a business
 *   error, `{"err":".."}` (and the code in a header) for a decode or endpoint error, all as
 *   Go's `json.Marshal` writes them.
 * - {@link newAMQPClient}: a {@link Set} calling them over an exclusive server-named reply
 *   queue with `[A-Y]` correlation ids, with the example's client middlewares
 *   (a limiter shared by both methods, 1/s with a burst of 100; a breaker per method); a non-empty `err` is the
 *   business error, as Go kit's client reads it.
 *
 * The types below are examples/addsvc's `Set` and its messages, structurally; wiring it in,
 * import those (and `sumResponse`, `concatResponse`, `str2err`) instead of the local copies.
 */
import type { Message } from 'amqplib';
import { circuitBreaker } from '@svckit/core/circuitbreaker';
import type { Context } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint, Failer } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import type { ErrorHandler } from '@svckit/core/transport';
import { createJSONCodec } from '@svckit/core/transport/http';
import { createClient, createServer, parseJSON } from '../index.js';
import type { ClientOptions, Connection, Publishing, Reply, Server } from '../index.js';

/** SumRequest, SumResponse, ConcatRequest, ConcatResponse and Set are examples/addsvc's. */
export interface SumRequest {
  readonly a: bigint;
  readonly b: bigint;
}
export interface SumResponse extends Failer {
  readonly v: bigint;
  readonly err: Error | undefined;
}
export interface ConcatRequest {
  readonly a: string;
  readonly b: string;
}
export interface ConcatResponse extends Failer {
  readonly v: string;
  readonly err: Error | undefined;
}
export interface Set {
  readonly sum: Endpoint<SumRequest, SumResponse>;
  readonly concat: Endpoint<ConcatRequest, ConcatResponse>;
}

function failed(this: { err: Error | undefined }): Error | undefined {
  return this.err;
}
/** sumResponse and concatResponse build the responses (examples/addsvc's). */
export function sumResponse(v: bigint, err?: Error): SumResponse {
  return { v, err, failed };
}
export function concatResponse(v: string, err?: Error): ConcatResponse {
  return { v, err, failed };
}

const intMax = 2n ** 31n - 1n;
const intMin = -(2n ** 31n);

/** localSet is addsvc's service as endpoints, without middlewares (this package's tests). */
export function localSet(): Set {
  return {
    sum: async (_ctx, { a, b }) => {
      if (a === 0n && b === 0n) return sumResponse(0n, new Error("can't sum two zeroes"));
      if ((b > 0n && a > intMax - b) || (b < 0n && a < intMin - b)) {
        return sumResponse(0n, new Error('integer overflow'));
      }
      return sumResponse(a + b);
    },
    concat: async (_ctx, { a, b }) =>
      Buffer.byteLength(a) + Buffer.byteLength(b) > 10
        ? concatResponse('', new Error('result exceeds maximum size'))
        : concatResponse(a + b),
  };
}

/** fields reads `a` and `b` of a request as Go's json.Unmarshal (case-insensitive keys). */
function fields(data: Buffer): { a: unknown; b: unknown } {
  const body = parseJSON(data);
  if (body === null) return { a: undefined, b: undefined };
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceError('invalid_argument', 'request is not a JSON object');
  }
  let a: unknown;
  let b: unknown;
  for (const [k, v] of Object.entries(body)) {
    if (k === 'a' || k === 'A') a = v;
    else if (k === 'b' || k === 'B') b = v;
  }
  return { a, b };
}

/** int reads a Go int: a JSON integer (beyond 2^53 JSON numbers are not exact: refused). */
function int(v: unknown, name: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ServiceError('invalid_argument', `field ${name} is not an integer`);
  }
  if (!Number.isSafeInteger(v)) {
    throw new ServiceError('invalid_argument', `field ${name} is out of range`);
  }
  return BigInt(v);
}

function str(v: unknown, name: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string')
    throw new ServiceError('invalid_argument', `field ${name} is not a string`);
  return v;
}

/** decodeSumRequest decodes `{"a":1,"b":2}`. */
export function decodeSumRequest(_ctx: Context, d: Message): SumRequest {
  const { a, b } = fields(d.content);
  return { a: int(a, 'a'), b: int(b, 'b') };
}

/** decodeConcatRequest decodes `{"a":"x","b":"y"}`. */
export function decodeConcatRequest(_ctx: Context, d: Message): ConcatRequest {
  const { a, b } = fields(d.content);
  return { a: str(a, 'a'), b: str(b, 'b') };
}

const goJSON = createJSONCodec({ newline: false });

/** replyJSON writes `{"v":..}` or `{"v":..,"err":".."}` as Go's json.Marshal. */
function replyJSON(v: string, err: Error | undefined): string {
  return err === undefined
    ? `{"v":${v}}`
    : `{"v":${v},"err":${String(goJSON.encode(err.message))}}`;
}

/** encodeSumReply and encodeConcatReply write the replies. */
export function encodeSumReply(_ctx: Context, reply: Reply, r: SumResponse): void {
  reply.properties.contentType = 'application/json';
  reply.content = replyJSON(r.v.toString(), r.err);
}
export function encodeConcatReply(_ctx: Context, reply: Reply, r: ConcatResponse): void {
  reply.properties.contentType = 'application/json';
  reply.content = replyJSON(String(goJSON.encode(r.v)), r.err);
}

/** AMQPServers are addsvc's two AMQP servers. */
export interface AMQPServers {
  readonly sum: Server;
  readonly concat: Server;
  /** consume declares and consumes `<prefix>.sum` and `<prefix>.concat` (again after a reconnect). */
  consume(conn: Connection): Promise<void>;
  /** close stops consuming and lets the calls in flight finish (then close the connection). */
  close(): Promise<void>;
}

/**
 * newAMQPServers serves the endpoints over AMQP (Go kit's `ServeAMQP` of the peer), queues
 * under prefix (`-msg-prefix`, default `addsvc`), auto-ack as §3 says, errors to errorHandler.
 */
export function newAMQPServers(
  endpoints: Set,
  prefix = 'addsvc',
  errorHandler?: ErrorHandler,
): AMQPServers {
  const options = errorHandler === undefined ? {} : { errorHandler };
  const sum = createServer(endpoints.sum, decodeSumRequest, encodeSumReply, options);
  const concat = createServer(endpoints.concat, decodeConcatRequest, encodeConcatReply, options);
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

const known = new Map(
  ["can't sum two zeroes", 'integer overflow', 'result exceeds maximum size'].map((t) => [
    t,
    new Error(t),
  ]),
);

/** str2err turns a reply's `err` into the business error (examples/addsvc's `str2err`). */
export function str2err(s: string): Error | undefined {
  if (s === '') return undefined;
  return known.get(s) ?? new Error(s);
}

function reply(data: Buffer): { v: unknown; err: string } {
  const body = parseJSON(data, 'internal') as { v?: unknown; err?: unknown } | null;
  return { v: body?.v, err: typeof body?.err === 'string' ? body.err : '' };
}

function decodeSumReply(_ctx: Context, d: Message): SumResponse {
  const { v, err } = reply(d.content);
  return sumResponse(
    typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : 0n,
    str2err(err),
  );
}

function decodeConcatReply(_ctx: Context, d: Message): ConcatResponse {
  const { v, err } = reply(d.content);
  return concatResponse(typeof v === 'string' ? v : '', str2err(err));
}

function encodeSumRequest(_ctx: Context, request: Publishing, r: SumRequest): void {
  request.properties.contentType = 'application/json';
  request.content = `{"a":${r.a.toString()},"b":${r.b.toString()}}`;
}

function encodeConcatRequest(_ctx: Context, request: Publishing, r: ConcatRequest): void {
  request.properties.contentType = 'application/json';
  request.content = String(goJSON.encode({ a: r.a, b: r.b }));
}

/**
 * newAMQPClient returns a {@link Set} calling addsvc over AMQP RPC (Go kit's `NewAMQPClient`),
 * with the example's client middlewares: one limiter shared by both methods (1/s, burst 100),
 * a breaker per method (open 30 s for Sum, 10 s for Concat).
 */
export function newAMQPClient(
  conn: Connection,
  prefix = 'addsvc',
  options: ClientOptions = {},
): Set {
  const limiter = erroringLimiter(tokenBucket({ rate: 1, burst: 100 }));
  const sum = chain<SumRequest, SumResponse>(
    circuitBreaker({ name: 'Sum', openTimeoutMs: 30_000 }),
    limiter,
  )(createClient(conn, `${prefix}.sum`, encodeSumRequest, decodeSumReply, options));
  const concat = chain<ConcatRequest, ConcatResponse>(
    circuitBreaker({ name: 'Concat', openTimeoutMs: 10_000 }),
    limiter,
  )(createClient(conn, `${prefix}.concat`, encodeConcatRequest, decodeConcatReply, options));
  return { sum, concat };
}
