/**
 * Go kit's addsvc over NATS with svckit's convention (examples protocol reference §2.1, §3),
 * built from @svckit/nats's pieces: the service rules, the servers on `<prefix>.sum` and
 * `<prefix>.concat` (queue group `addsvc`; requests `{"a":..,"b":..}`, keys matched
 * case-insensitively as Go does; replies `{"v":..}` or `{"v":..,"err":".."}` for a business
 * error, `{"err":".."}` for a decode or endpoint error) and the client (a non-empty `err` is the
 * error, as Go kit's addcli reads it). A drop-in module for examples/addsvc (`-nats-url`) and
 * examples/addcli; tested here against the Go kit addsvc and addcli.
 */
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { createJSONCodec } from '@svckit/core/transport/http';
import { createClient, createServer, parseJSON } from '../index.js';
import type { ClientOptions, Outgoing, Server, ServerOptions } from '../index.js';

const intMax = 2 ** 31 - 1;
const intMin = -(2 ** 31);
const maxLen = 10;

/** SumReply and ConcatReply are the wire replies: the value and the in-band business error. */
export interface SumReply {
  readonly v: number;
  readonly err?: string;
}
export interface ConcatReply {
  readonly v: string;
  readonly err?: string;
}

/** sum is addsvc's Sum: two zeroes and int32 overflow are business errors. */
export function sum(a: number, b: number): SumReply {
  if (a === 0 && b === 0) return { v: 0, err: "can't sum two zeroes" };
  if ((b > 0 && a > intMax - b) || (b < 0 && a < intMin - b))
    return { v: 0, err: 'integer overflow' };
  return { v: a + b };
}

/** concat is addsvc's Concat: at most 10 bytes of UTF-8. */
export function concat(a: string, b: string): ConcatReply {
  if (Buffer.byteLength(a) + Buffer.byteLength(b) > maxLen) {
    return { v: '', err: 'result exceeds maximum size' };
  }
  return { v: a + b };
}

/** fields reads `a` and `b` of a request object as Go's json.Unmarshal (case-insensitive keys). */
function fields(body: unknown): { a: unknown; b: unknown } {
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

function int(v: unknown, name: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new ServiceError('invalid_argument', `field ${name} is not an integer`);
  }
  return v;
}

function str(v: unknown, name: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string')
    throw new ServiceError('invalid_argument', `field ${name} is not a string`);
  return v;
}

/** decodeSumRequest decodes `{"a":1,"b":2}`. */
export function decodeSumRequest(_ctx: Context, msg: Msg): { a: number; b: number } {
  const { a, b } = fields(parseJSON(msg.data));
  return { a: int(a, 'a'), b: int(b, 'b') };
}

/** decodeConcatRequest decodes `{"a":"x","b":"y"}`. */
export function decodeConcatRequest(_ctx: Context, msg: Msg): { a: string; b: string } {
  const { a, b } = fields(parseJSON(msg.data));
  return { a: str(a, 'a'), b: str(b, 'b') };
}

const goJSON = createJSONCodec({ newline: false });

/** encodeReply writes `{"v":..}` or `{"v":..,"err":..}` as Go's json.Marshal does. */
export function encodeReply(
  _ctx: Context,
  reply: Outgoing,
  response: SumReply | ConcatReply,
): void {
  reply.data = goJSON.encode(
    response.err === undefined ? { v: response.v } : { v: response.v, err: response.err },
  );
}

/** AddServers are addsvc's two NATS servers. */
export interface AddServers {
  readonly sum: Server;
  readonly concat: Server;
  /** subscribe serves `<prefix>.sum` and `<prefix>.concat` in the queue group `addsvc`. */
  subscribe(nc: NatsConnection): void;
  /** close drains both. */
  close(): Promise<void>;
}

/** queueGroup is addsvc's NATS queue group. */
export const queueGroup = 'addsvc';

/** makeNATSServers returns addsvc's NATS servers for subjects under prefix (default `addsvc`). */
export function makeNATSServers(prefix = 'addsvc', options: ServerOptions = {}): AddServers {
  const sumServer = createServer(
    async (_ctx, r: { a: number; b: number }) => sum(r.a, r.b),
    decodeSumRequest,
    encodeReply,
    options,
  );
  const concatServer = createServer(
    async (_ctx, r: { a: string; b: string }) => concat(r.a, r.b),
    decodeConcatRequest,
    encodeReply,
    options,
  );
  return {
    sum: sumServer,
    concat: concatServer,
    subscribe(nc) {
      sumServer.subscribe(nc, `${prefix}.sum`, { queue: queueGroup });
      concatServer.subscribe(nc, `${prefix}.concat`, { queue: queueGroup });
    },
    async close() {
      await Promise.all([sumServer.close(), concatServer.close()]);
    },
  };
}

/** AddClient is addsvc's service interface, called over NATS. */
export interface AddClient {
  sum(ctx: Context, a: number, b: number): Promise<number>;
  concat(ctx: Context, a: string, b: string): Promise<string>;
}

function encodeRequest(_ctx: Context, request: Outgoing, value: unknown): void {
  request.data = goJSON.encode(value);
}

/** decodeReply reads `{"v":..,"err":..}`; a non-empty `err` is the error (as Go kit's client). */
function decodeReply<V>(fallback: V) {
  return (_ctx: Context, msg: Msg): V => {
    const body = parseJSON(msg.data) as { v?: unknown; err?: unknown } | null;
    if (typeof body?.err === 'string' && body.err !== '') throw new Error(body.err);
    return (body?.v ?? fallback) as V;
  };
}

/** makeNATSClient returns an addsvc client over NATS (addcli's `-nats-url`). */
export function makeNATSClient(
  nc: NatsConnection,
  prefix = 'addsvc',
  options: ClientOptions = {},
): AddClient {
  const sumEndpoint: Endpoint<{ a: number; b: number }, number> = createClient(
    nc,
    `${prefix}.sum`,
    encodeRequest,
    decodeReply(0),
    options,
  );
  const concatEndpoint: Endpoint<{ a: string; b: string }, string> = createClient(
    nc,
    `${prefix}.concat`,
    encodeRequest,
    decodeReply(''),
    options,
  );
  return {
    sum: (ctx, a, b) => sumEndpoint(ctx, { a, b }),
    concat: (ctx, a, b) => concatEndpoint(ctx, { a, b }),
  };
}
