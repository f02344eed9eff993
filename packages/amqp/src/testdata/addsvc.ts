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
 * The service, its messages and the endpoints without middlewares (`localAddSet`) are
 * @svckit/testing's addsvc (examples/addsvc's, structurally); wiring this in, use the example's
 * `Set`, `sumResponse`, `concatResponse` and `str2err` instead.
 */
import type { Message } from 'amqplib';
import { circuitBreaker } from '@svckit/core/circuitbreaker';
import type { Context } from '@svckit/core/context';
import { chain } from '@svckit/core/endpoint';
import type { Endpoint } from '@svckit/core/endpoint';
import { ServiceError } from '@svckit/core/errors';
import { erroringLimiter, tokenBucket } from '@svckit/core/ratelimit';
import type { ErrorHandler } from '@svckit/core/transport';
import { createJSONCodec } from '@svckit/core/transport/http';
import { concatResponse, str2err, sumResponse } from '@svckit/testing';
import type { ConcatRequest, ConcatResponse, SumRequest, SumResponse } from '@svckit/testing';
import { createClient, createServer, parseJSON } from '../index.js';
import type { ClientOptions, Connection, Publishing, Reply, Server } from '../index.js';

/** Set is examples/addsvc's endpoint set, over the messages of @svckit/testing's addsvc. */
export interface Set {
  readonly sum: Endpoint<SumRequest, SumResponse>;
  readonly concat: Endpoint<ConcatRequest, ConcatResponse>;
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
