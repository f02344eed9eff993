/**
 * stringsvc4's NATS side (Go kit's `stringsvc4/main.go`, examples protocol §1.4): the string
 * service served on `stringsvc.uppercase` and `stringsvc.count` (queue group `stringsvc`),
 * payloads as Go's `json.Marshal` writes them (no newline, HTML-safe escapes), a decode error
 * answered `{"err":"..."}`; and the NATS clients the HTTP front end forwards through.
 */
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import type { Context } from '@svckit/core/context';
import { ServiceError } from '@svckit/core/errors';
import type { Endpoint } from '@svckit/core/endpoint';
import { createJSONCodec } from '@svckit/core/transport/http';
import { makeEndpoints, stringService, uppercaseResponse } from '@svckit/example-stringsvc1';
import type {
  CountRequest,
  CountResponse,
  StringService,
  UppercaseRequest,
  UppercaseResponse,
} from '@svckit/example-stringsvc1';
import { createClient, createServer, parseJSON } from '@svckit/nats';
import type { ClientOptions, Outgoing, Server, ServerOptions } from '@svckit/nats';

/** The subjects and the queue group of stringsvc4. */
export const uppercaseSubject = 'stringsvc.uppercase';
export const countSubject = 'stringsvc.count';
export const queueGroup = 'stringsvc';

/** goJSON is Go's `json.Marshal`: HTML-safe escapes, no trailing newline. */
const goJSON = createJSONCodec({ newline: false });

/**
 * decodeStringMsg decodes `{"s": string}` as Go's `json.Unmarshal`: keys match case-insensitively,
 * unknown keys are ignored, a missing key or `null` is `""`, trailing data and other shapes
 * are errors (`invalid_argument`).
 */
export function decodeStringMsg(_ctx: Context, msg: Msg): { s: string } {
  const body = parseJSON(msg.data);
  if (body === null) return { s: '' };
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ServiceError('invalid_argument', 'cannot decode a non-object into the request');
  }
  let s = '';
  for (const key in body) {
    if (key !== 's' && key !== 'S' && key !== '\u017f') continue; // Go folds ſ to s
    const v = (body as Record<string, unknown>)[key];
    if (v === null) continue;
    if (typeof v !== 'string') {
      throw new ServiceError('invalid_argument', 'cannot decode a non-string into field s');
    }
    s = v;
  }
  return { s };
}

/** encodeGoJSON writes a response as `json.Marshal` does. */
export function encodeGoJSON(_ctx: Context, reply: Outgoing, response: unknown): void {
  reply.data = goJSON.encode(response);
}

/** StringServers are the two NATS servers of stringsvc4. */
export interface StringServers {
  readonly uppercase: Server;
  readonly count: Server;
  /** subscribe serves both subjects on nc, in the queue group. */
  subscribe(nc: NatsConnection): void;
  /** close drains both. */
  close(): Promise<void>;
}

/** makeNATSServers serves svc (default the Go kit service) as stringsvc4 does. */
export function makeNATSServers(
  svc: StringService = stringService,
  options: ServerOptions = {},
): StringServers {
  const endpoints = makeEndpoints(svc);
  const uppercase = createServer(endpoints.uppercase, decodeStringMsg, encodeGoJSON, options);
  const count = createServer(endpoints.count, decodeStringMsg, encodeGoJSON, options);
  return {
    uppercase,
    count,
    subscribe(nc) {
      uppercase.subscribe(nc, uppercaseSubject, { queue: queueGroup });
      count.subscribe(nc, countSubject, { queue: queueGroup });
    },
    async close() {
      await Promise.all([uppercase.close(), count.close()]);
    },
  };
}

function encodeGoJSONRequest(_ctx: Context, request: Outgoing, value: unknown): void {
  request.data = goJSON.encode(value);
}

function decodeUppercaseReply(_ctx: Context, msg: Msg): UppercaseResponse {
  const body = parseJSON(msg.data) as { v?: unknown; err?: unknown } | null;
  const v = typeof body?.v === 'string' ? body.v : '';
  const err = typeof body?.err === 'string' && body.err !== '' ? body.err : undefined;
  return uppercaseResponse(v, err);
}

function decodeCountReply(_ctx: Context, msg: Msg): CountResponse {
  const body = parseJSON(msg.data) as { v?: unknown } | null;
  return { v: typeof body?.v === 'number' ? body.v : 0 };
}

/** NATSEndpoints are the front end's endpoints: each a NATS request to the service. */
export interface NATSEndpoints {
  readonly uppercase: Endpoint<UppercaseRequest, UppercaseResponse>;
  readonly count: Endpoint<CountRequest, CountResponse>;
}

/**
 * makeNATSEndpoints returns endpoints calling stringsvc4 over NATS (Go kit's
 * `makeUppercaseHTTPEndpoint`): a reply `{"err":"..."}` to uppercase becomes the in-band
 * `err`, as in Go kit.
 */
export function makeNATSEndpoints(nc: NatsConnection, options: ClientOptions = {}): NATSEndpoints {
  return {
    uppercase: createClient(
      nc,
      uppercaseSubject,
      encodeGoJSONRequest,
      decodeUppercaseReply,
      options,
    ),
    count: createClient(nc, countSubject, encodeGoJSONRequest, decodeCountReply, options),
  };
}
