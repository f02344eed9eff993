import { Agent, request as httpRequest } from 'node:http';
import type {
  ClientRequest as NodeClientRequest,
  IncomingMessage,
  RequestOptions,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DeadlineExceededError, isCancelable, withValue } from '../../context/index.js';
import { formatTimeout, timeoutHeader } from '../headers.js';
import type { Endpoint } from '../../endpoint/index.js';
import { RequestError } from './client-errors.js';
import {
  clientResponseHeadersKey,
  clientResponseSizeKey,
  defaultMaxResponseBytes,
} from './client-options.js';
import type { ClientOptions } from './client-options.js';
import type { ClientRequest, EncodeRequestFunc } from './client-request.js';
import { discard, newResponse, responseSize } from './client-response.js';
import type { DecodeResponseFunc, ResponseState } from './client-response.js';

/** noSignal stands for a context that can never be cancelled. */
const noSignal: AbortSignal = new AbortController().signal;

/**
 * maxInterimResponses bounds the 1xx informational responses (100 Continue, 103 Early Hints)
 * the client accepts before the final one, as Go's transport does (5): a server that sends
 * them without end fails the call instead of spinning it until its deadline.
 */
export const maxInterimResponses = 5;

type RequestFn = (options: RequestOptions, cb: (res: IncomingMessage) => void) => NodeClientRequest;

/**
 * createClient returns an {@link Endpoint} that calls a remote HTTP service (Go kit's
 * `NewClient`). Per call: `encodeRequest` fills a fresh {@link ClientRequest} (method and URL
 * start as given here), the `before` functions run, the request is sent over a keep-alive
 * connection, the `after` functions run, and `decodeResponse` turns the response, whatever its
 * status, into the result. Unless `bufferedStream` is set, the body is then finished: drained
 * when it has arrived whole (the connection is reused), else destroyed with its connection, so
 * a finished call never waits on a slow body. At most {@link maxInterimResponses} 1xx
 * responses are accepted before the final one. The finalizers run last.
 *
 * The context's signal cancels the request at any stage (connecting, waiting, reading the
 * body); the call then rejects with the context's reason, e.g. a `DeadlineExceededError` at
 * the deadline. A context with a deadline sends its remaining time as `Connect-Timeout-Ms`
 * (svckit's deadline convention; `propagateDeadline: false` turns it off for third-party
 * APIs), and one already past its deadline fails with `DeadlineExceededError` unsent.
 * A request that cannot be sent rejects with a {@link RequestError} naming the URL.
 *
 * @example
 * const sum = createClient<SumRequest, SumResponse>('POST', 'http://127.0.0.1:8081/sum',
 *   encodeJSONRequest, decodeJSONResponse);
 * const [ctx, cancel] = withTimeout(background(), 1000);
 * try { console.log(await sum(ctx, { a: 1, b: 2 })); } finally { cancel(); }
 */
export function createClient<Req, Res>(
  method: string,
  url: string | URL,
  encodeRequest: EncodeRequestFunc<Req>,
  decodeResponse: DecodeResponseFunc<Res>,
  options: ClientOptions = {},
): Endpoint<Req, Res> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') {
    throw new TypeError(`createClient: unsupported protocol ${target.protocol} in ${target.href}`);
  }
  const href = target.href;
  const protocol = target.protocol;
  const send: RequestFn = secure ? httpsRequest : httpRequest;
  const agent =
    options.agent ??
    (secure ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true }));
  const before = options.before ?? [];
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const buffered = options.bufferedStream === true;
  const limit = options.maxResponseBytes ?? defaultMaxResponseBytes;
  if (!(limit >= 0)) {
    throw new RangeError(`createClient: maxResponseBytes must be >= 0, got ${limit}`);
  }
  const upperMethod = method.toUpperCase();
  const propagate = options.propagateDeadline !== false;

  return async (ctx, request) => {
    const req: ClientRequest = {
      method: upperMethod,
      url: new URL(href),
      headers: {},
      body: undefined,
    };
    let res: ResponseState | undefined;
    let failure: unknown;
    try {
      const encoded = encodeRequest(ctx, req, request);
      if (encoded !== undefined) await encoded;
      if (req.url.protocol !== protocol) {
        throw new TypeError(
          `createClient: the encoder changed the protocol to ${req.url.protocol}`,
        );
      }
      for (let i = 0; i < before.length; i++)
        ctx = (before[i] as (typeof before)[number])(ctx, req);
      const deadline = ctx.deadline;
      if (deadline !== undefined) {
        const left = deadline - Date.now();
        if (left <= 0) throw new DeadlineExceededError();
        if (propagate && req.headers[timeoutHeader] === undefined) {
          req.headers[timeoutHeader] = formatTimeout(left);
        }
      }
      // A context that can never be cancelled gives the request no signal (and no listener).
      res = await roundTrip(send, agent, isCancelable(ctx) ? ctx.signal : noSignal, req, limit);
      for (let i = 0; i < after.length; i++) ctx = (after[i] as (typeof after)[number])(ctx, res);
      const response = await decodeResponse(ctx, res);
      if (!buffered && !res.body.readableEnded) await discard(res);
      return response;
    } catch (err) {
      failure = err;
      if (res !== undefined && !buffered) await discard(res);
      throw err;
    } finally {
      if (finalizer.length > 0) {
        let fctx = ctx;
        if (res !== undefined) {
          fctx = withValue(
            withValue(ctx, clientResponseHeadersKey, res.headers),
            clientResponseSizeKey,
            responseSize(res),
          );
        }
        for (const f of finalizer) f(fctx, failure);
      }
    }
  };
}

/**
 * roundTrip sends req and resolves with the response once its headers arrived. Like Go's
 * transport, a request that fails with a reset on a reused keep-alive connection before any
 * response (the server closed the idle connection as the request went out) is sent once more
 * on a fresh connection, when it is replayable: no body or a string/bytes body, and an
 * idempotent method (GET, HEAD, OPTIONS, TRACE) or an Idempotency-Key header.
 */
function roundTrip(
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
      body.once('error', (err) => {
        fail(err);
        outgoing.destroy();
      });
      outgoing.on('error', (err) => {
        fail(err);
        body.destroy();
      });
      body.pipe(outgoing);
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

/** displayURL is the URL for messages and `res.url`: credentials are never shown. */
function displayURL(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
