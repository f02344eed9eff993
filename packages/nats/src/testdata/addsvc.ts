/**
 * Go kit's addsvc over NATS with svckit's convention (examples protocol reference §2.1, §3),
 * built from @svckit/nats's pieces, in the shape of examples/addsvc's transports
 * (`newGRPCServer(server, endpoints, logger)`, `newGRPCClient(conn): Set`): a drop-in module
 * for its `-nats-url` transport and addcli's `-nats-url`, tested here against the Go kit
 * addsvc and addcli.
 *
 * - {@link newNATSServers}: the endpoints on `<prefix>.sum` and `<prefix>.concat`, queue
 *   group `addsvc`; requests `{"a":..,"b":..}` (keys case-insensitive, as Go), replies
 *   `{"v":..}`, `{"v":..,"err":".."}` for a business error, `{"err":".."}` (and the code in a
 *   header) for a decode or endpoint error, all as Go's `json.Marshal` writes them.
 * - {@link newNATSClient}: a {@link Set} calling them, with the example's client middlewares
 *   (a limiter shared by both methods, 1/s with a burst of 100; a breaker per method); a non-empty `err` is the
 *   business error, as Go kit's client reads it.
 *
 * The service, its messages and the endpoints without middlewares (`localAddSet`) are
 * @svckit/testing's addsvc (examples/addsvc's, structurally); wiring this in, use the example's
 * `Set`, `sumResponse`, `concatResponse` and `str2err` instead.
 */
import type { Msg, NatsConnection } from '@nats-io/transport-node';
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
import type { ClientOptions, Outgoing, Server } from '../index.js';

/** Set is examples/addsvc's endpoint set, over the messages of @svckit/testing's addsvc. */
export interface Set {
  readonly sum: Endpoint<SumRequest, SumResponse>;
  readonly concat: Endpoint<ConcatRequest, ConcatResponse>;
}

/** fields reads `a` and `b` of a request as Go's json.Unmarshal (case-insensitive keys). */
function fields(data: Uint8Array): { a: unknown; b: unknown } {
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
export function decodeSumRequest(_ctx: Context, msg: Msg): SumRequest {
  const { a, b } = fields(msg.data);
  return { a: int(a, 'a'), b: int(b, 'b') };
}

/** decodeConcatRequest decodes `{"a":"x","b":"y"}`. */
export function decodeConcatRequest(_ctx: Context, msg: Msg): ConcatRequest {
  const { a, b } = fields(msg.data);
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
export function encodeSumReply(_ctx: Context, reply: Outgoing, r: SumResponse): void {
  reply.data = replyJSON(r.v.toString(), r.err);
}
export function encodeConcatReply(_ctx: Context, reply: Outgoing, r: ConcatResponse): void {
  reply.data = replyJSON(String(goJSON.encode(r.v)), r.err);
}

/** queueGroup is addsvc's NATS queue group. */
export const queueGroup = 'addsvc';

/** NATSServers are addsvc's two NATS servers. */
export interface NATSServers {
  readonly sum: Server;
  readonly concat: Server;
  /** subscribe serves `<prefix>.sum` and `<prefix>.concat` in the queue group `addsvc`. */
  subscribe(nc: NatsConnection): void;
  /** close drains both (then drain the connection). */
  close(): Promise<void>;
}

/**
 * newNATSServers serves the endpoints over NATS (Go kit's `ServeNATS` of the peer), subjects
 * under prefix (`-msg-prefix`, default `addsvc`), errors to errorHandler.
 */
export function newNATSServers(
  endpoints: Set,
  prefix = 'addsvc',
  errorHandler?: ErrorHandler,
): NATSServers {
  const options = errorHandler === undefined ? {} : { errorHandler };
  const sum = createServer(endpoints.sum, decodeSumRequest, encodeSumReply, options);
  const concat = createServer(endpoints.concat, decodeConcatRequest, encodeConcatReply, options);
  return {
    sum,
    concat,
    subscribe(nc) {
      sum.subscribe(nc, `${prefix}.sum`, { queue: queueGroup });
      concat.subscribe(nc, `${prefix}.concat`, { queue: queueGroup });
    },
    async close() {
      await Promise.all([sum.close(), concat.close()]);
    },
  };
}

function reply(data: Uint8Array): { v: unknown; err: string } {
  const body = parseJSON(data, 'internal') as { v?: unknown; err?: unknown } | null;
  return { v: body?.v, err: typeof body?.err === 'string' ? body.err : '' };
}

function decodeSumReply(_ctx: Context, msg: Msg): SumResponse {
  const { v, err } = reply(msg.data);
  return sumResponse(
    typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : 0n,
    str2err(err),
  );
}

function decodeConcatReply(_ctx: Context, msg: Msg): ConcatResponse {
  const { v, err } = reply(msg.data);
  return concatResponse(typeof v === 'string' ? v : '', str2err(err));
}

function encodeSumRequest(_ctx: Context, request: Outgoing, r: SumRequest): void {
  request.data = `{"a":${r.a.toString()},"b":${r.b.toString()}}`;
}

function encodeConcatRequest(_ctx: Context, request: Outgoing, r: ConcatRequest): void {
  request.data = String(goJSON.encode({ a: r.a, b: r.b }));
}

/**
 * newNATSClient returns a {@link Set} calling addsvc over NATS (Go kit's `NewNATSClient`), with
 * the example's client middlewares: one limiter shared by both methods (1/s, burst 100), a breaker per
 * method (open 30 s for Sum, 10 s for Concat).
 */
export function newNATSClient(
  nc: NatsConnection,
  prefix = 'addsvc',
  options: ClientOptions = {},
): Set {
  const limiter = erroringLimiter(tokenBucket({ rate: 1, burst: 100 }));
  const sum = chain<SumRequest, SumResponse>(
    circuitBreaker({ name: 'Sum', openTimeoutMs: 30_000 }),
    limiter,
  )(createClient(nc, `${prefix}.sum`, encodeSumRequest, decodeSumReply, options));
  const concat = chain<ConcatRequest, ConcatResponse>(
    circuitBreaker({ name: 'Concat', openTimeoutMs: 10_000 }),
    limiter,
  )(createClient(nc, `${prefix}.concat`, encodeConcatRequest, decodeConcatReply, options));
  return { sum, concat };
}
