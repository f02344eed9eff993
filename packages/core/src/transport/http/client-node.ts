// The node:http half of createClient: the round trip over node:http/node:https with a
// keep-alive agent. client.ts imports this module on the first call only, so that importing
// @svckit/core/transport/http never loads node:http (edge runtimes have none).
import { Agent, request as httpRequest } from 'node:http';
import type {
  ClientRequest as NodeClientRequest,
  IncomingMessage,
  RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { RequestError } from './client-errors.js';
import { displayURL, noSignal } from './client-flow.js';
import type { RoundTripper } from './client-flow.js';
import { discard, newResponse, responseSize } from './client-node-response.js';
import type { ResponseState } from './client-node-response.js';
import { maxInterimResponses } from './client-options.js';
import type { ClientRequest, RequestBody } from './client-request.js';

type RequestFn = (options: RequestOptions, cb: (res: IncomingMessage) => void) => NodeClientRequest;

/**
 * nodeRoundTripper sends over node:http (or node:https when secure) through agent, by default
 * a keep-alive agent of its own.
 */
export function nodeRoundTripper(
  secure: boolean,
  agent: Agent | undefined,
  limit: number,
): RoundTripper<ResponseState> {
  const send: RequestFn = secure ? httpsRequest : httpRequest;
  const pool =
    agent ?? (secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true }));
  return {
    send: (signal, req) => roundTrip(send, pool, signal, req, limit),
    finish: (res) => (res.body.readableEnded ? undefined : discard(res)),
    size: responseSize,
  };
}

/**
 * toReadable turns a streamed request body into a Node stream: a Readable as is, a Web
 * ReadableStream or another AsyncIterable adapted.
 */
function toReadable(body: Exclude<RequestBody, string | Uint8Array>): Readable {
  if (body instanceof Readable) return body;
  if (typeof (body as ReadableStream<Uint8Array>).getReader === 'function') {
    return Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
  }
  return Readable.from(body as AsyncIterable<Uint8Array>);
}

/**
 * roundTrip sends req and resolves with the response once its headers arrived. Like Go's
 * transport, a request that fails with a reset on a reused keep-alive connection before any
 * response (the server closed the idle connection as the request went out) is sent once more
 * on a fresh connection, when it is replayable: no body or a string/bytes body, and an
 * idempotent method (GET, HEAD, OPTIONS, TRACE) or an Idempotency-Key header.
 */
export function roundTrip(
  send: RequestFn,
  agent: Agent,
  signal: AbortSignal,
  req: ClientRequest,
  limit: number,
  retried = false,
): Promise<ResponseState> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  if (req.body !== undefined && !chunkedByDefault(req.method)) frameBody(req);
  const url = req.url;
  const host = url.hostname;
  const options: RequestOptions = {
    method: req.method,
    hostname: host.charCodeAt(0) === 91 /* [ */ ? host.slice(1, -1) : host,
    port: url.port === '' ? null : url.port,
    path: url.pathname + url.search,
    headers: req.headers,
    agent,
  };
  if (url.username !== '' || url.password !== '') {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  if (signal !== noSignal) options.signal = signal;
  return new Promise<ResponseState>((resolve, reject) => {
    const body = req.body;
    let responded = false;
    let interim = 0;
    const outgoing = send(options, (msg) => {
      responded = true;
      // The final response parsed in the same chunk as one interim response too many.
      if (interim > maxInterimResponses) msg.destroy();
      else resolve(newResponse(msg, displayURL(url), limit, signal));
    });
    outgoing.on('information', () => {
      if (++interim > maxInterimResponses) outgoing.destroy(tooManyInterim());
    });
    const fail = (err: unknown): void => {
      if (signal.aborted) reject(signal.reason);
      else if (!retried && !responded && outgoing.reusedSocket && isReplayable(req, err)) {
        resolve(roundTrip(send, agent, signal, req, limit, true));
      } else reject(new RequestError(req.method, displayURL(url), err));
    };
    if (body === undefined) {
      outgoing.on('error', fail);
      outgoing.end();
    } else if (typeof body === 'string' || body instanceof Uint8Array) {
      outgoing.on('error', fail);
      outgoing.end(body);
    } else {
      // A streamed body: its own failure is the cause (the request then only says "hang up").
      // It cannot be replayed, so no retry either.
      retried = true;
      const stream = toReadable(body);
      stream.once('error', (err) => {
        fail(err);
        outgoing.destroy();
      });
      outgoing.on('error', (err) => {
        fail(err);
        stream.destroy();
      });
      stream.pipe(outgoing);
    }
  });
}

function tooManyInterim(): Error {
  return Object.assign(new Error(`more than ${maxInterimResponses} 1xx informational responses`), {
    code: 'TOO_MANY_INTERIM_RESPONSES',
  });
}

/**
 * chunkedByDefault tells whether node:http frames a body of this method by itself: it sends
 * Content-Length or chunked for POST, PUT and PATCH, but writes the body of a GET, HEAD, DELETE,
 * OPTIONS, TRACE or CONNECT with no framing at all, so the server never sees it.
 */
function chunkedByDefault(method: string): boolean {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
    case 'DELETE':
    case 'OPTIONS':
    case 'TRACE':
    case 'CONNECT':
      return false;
    default:
      return true;
  }
}

/**
 * frameBody adds Content-Length (string or bytes) or chunked transfer encoding (a stream) to a
 * request whose method node:http would not frame, unless the encoder chose a framing itself.
 * Go's client does the same: Go kit's stringsvc3 proxy sends a chunked body with its GET.
 */
function frameBody(req: ClientRequest): void {
  const headers = req.headers;
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding') return;
  }
  const body = req.body;
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  else if (body instanceof Uint8Array) headers['content-length'] = String(body.byteLength);
  else headers['transfer-encoding'] = 'chunked';
}

function isReplayable(req: ClientRequest, err: unknown): boolean {
  if ((err as { code?: unknown } | null)?.code !== 'ECONNRESET') return false;
  const m = req.method;
  return (
    m === 'GET' ||
    m === 'HEAD' ||
    m === 'OPTIONS' ||
    m === 'TRACE' ||
    req.headers['idempotency-key'] !== undefined ||
    req.headers['x-idempotency-key'] !== undefined
  );
}
