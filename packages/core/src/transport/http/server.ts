import type { IncomingMessage, ServerResponse } from 'node:http';
import { background, withDeadline, withSignal, withValue } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import type { HeaderMap } from '../capabilities.js';
import type { ErrorHandler } from '../error-handler.js';
import { createKernel } from '../kernel.js';
import type { ErrorEncodeFunc, FallbackFunc, FinalizerFunc, Serve } from '../kernel.js';
import type { BodyBudget } from './body-budget.js';
import { defaultBodyBudget } from './body-budget.js';
import type { DecodeRequestFunc, EncodeResponseFunc } from './codecs.js';
import type { ErrorEncoder, ErrorStatusFunc } from './error-encoder.js';
import { createErrorEncoder, defaultErrorEncoder } from './error-encoder.js';
import type { Exchange } from './exchange.js';
import { FetchExchange } from './fetch-face.js';
import { NodeExchange } from './node-face.js';
import type { HttpRequest } from './request.js';
import { requestKey } from './request.js';
import type { ResponseWriter } from './response-writer.js';

/**
 * RequestFunc runs before decoding (Go kit's `ServerBefore` / `RequestFunc`): it reads the
 * request and returns the context for the rest of the flow, the same or a derived one.
 */
export type RequestFunc = (ctx: Context, request: HttpRequest) => Context;

/**
 * ServerResponseFunc runs after a successful endpoint call, before encoding (Go kit's
 * `ServerAfter`): it may set response headers and returns the context for the encoder.
 */
export type ServerResponseFunc = (ctx: Context, w: ResponseWriter) => Context;

/** FinalizerInfo is what a finalizer learns about the finished exchange. */
export interface FinalizerInfo {
  /** statusCode is the status sent (200 unless something changed it). */
  readonly statusCode: number;
  /** headers are the response headers sent by the server (lower-cased names). */
  readonly headers: HeaderMap;
  /** bytesWritten is the size of the response body, in bytes. */
  readonly bytesWritten: number;
  /** request is the request that was served. */
  readonly request: HttpRequest;
  /** clientGone is true when the client closed the connection before the response. */
  readonly clientGone: boolean;
}

/**
 * ServerFinalizerFunc runs at the very end of every request, success or failure, even when
 * the client went away (Go kit's `ServerFinalizer`). It must not throw; errors it throws go to
 * the error handler.
 */
export type ServerFinalizerFunc = (ctx: Context, info: FinalizerInfo) => void;

/** ServerOptions are the hooks and limits of {@link createServer}, all optional. */
export interface ServerOptions {
  /** before hooks run in order before decoding; each may return a new context. */
  readonly before?: readonly RequestFunc[];
  /** after hooks run in order after the endpoint succeeded, before encoding. */
  readonly after?: readonly ServerResponseFunc[];
  /** errorEncoder writes errors; default {@link defaultErrorEncoder}. */
  readonly errorEncoder?: ErrorEncoder;
  /**
   * errorStatus chooses the status the default error encoder answers an error with (the
   * transport's error table). Default `defaultErrorStatus`: an explicit `StatusCoder`, else the
   * status of the error's canonical code (`httpStatusOf`). A service mirroring Go kit passes
   * `() => 500`. Only for the default encoder: with your own `errorEncoder`, choose the status
   * there (giving both is a TypeError).
   */
  readonly errorStatus?: ErrorStatusFunc;
  /** errorHandler sees every error first (to log or count it); default does nothing. */
  readonly errorHandler?: ErrorHandler;
  /** finalizer hooks run at the end of every request. */
  readonly finalizer?: readonly ServerFinalizerFunc[];
  /**
   * bodyLimit is the largest request body read, in bytes; default 1 MiB. A larger declared
   * `Content-Length` is refused with 413 before reading; a larger streamed body as soon as
   * the limit is crossed.
   */
  readonly bodyLimit?: number;
  /**
   * maxTimeoutMs caps every request's deadline: a caller's `Connect-Timeout-Ms` (or
   * `Grpc-Timeout`) asking for more, or no deadline header at all, gets this many ms. Default:
   * none — a request has the deadline its caller sent, or none.
   */
  readonly maxTimeoutMs?: number;
  /**
   * bodyBudget caps the request-body bytes held at once by every server sharing it (a
   * `createBodyBudget`): a body's declared length is taken before it is read (a chunked
   * body's chunks as they come) and given back when its response is done; a body that does not
   * fit is answered 503 `BodyBudgetError` with `Retry-After: 1`, unread. Default
   * {@link defaultBodyBudget}, 256 MiB shared by the whole process; `null` for none.
   */
  readonly bodyBudget?: BodyBudget | null;
}

/**
 * Server is anything that answers HTTP requests in svckit: {@link createServer}'s servers, the
 * router (`createRouter`), `@svckit/prometheus`' `/metrics` and expvar's `/debug/vars` are all
 * this one type, so any of them mounts on a router, on `listen`, or in a framework. It has two
 * faces over one flow; both are plain functions that can be passed around unbound:
 *
 * - `node(req, res)` serves a request from `node:http` (or any framework built on it: Express,
 *   Fastify's `reply.hijack()`, Koa with `ctx.respond = false`), and resolves once the
 *   response is written. It never rejects.
 * - `fetch(request, info?)` serves a Web `Request` and resolves to a `Response` (Bun's
 *   `Bun.serve`, `Deno.serve`, edge runtimes). The optional second argument is the runtime's
 *   peer info (Bun's server, Deno's `ServeHandlerInfo`), used for the remote address. It never
 *   rejects.
 *
 * Write your own as a plain object with both functions.
 */
export interface Server {
  /** node handles `(req, res)` from `node:http`. */
  readonly node: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** fetch handles a Web `Request`. */
  readonly fetch: (request: Request, info?: unknown) => Promise<Response>;
}

/** defaultBodyLimit is the request body limit of servers that set none: 1 MiB. */
export const defaultBodyLimit = 1024 * 1024;

/**
 * createServer exposes an endpoint over HTTP (Go kit's `NewServer`), as an adapter over the
 * server kernel of `@svckit/core/transport`. Per request: the context is made from the request
 * (its signal, created only if read, aborts with a `CanceledError` when the client goes away,
 * and once the response is done, as Go cancels a request's context when `ServeHTTP` returns —
 * the same reasons under both faces; its deadline is the caller's `Connect-Timeout-Ms` or `Grpc-Timeout`,
 * capped by `maxTimeoutMs`; the request facts are available through `requestFacts(ctx)`),
 * `before` hooks may replace it, a deadline already spent fails the request (504) without
 * decoding, the request is decoded, the endpoint called, `after` hooks run, the response
 * encoded. Any error stops the flow: `errorHandler(ctx, err)`, then `errorEncoder(ctx, err,
 * w)` (by default: the status of the error's code, see `defaultErrorStatus`). Finalizers run
 * last.
 *
 * Serve the Node face with {@link listen}: it sets the safety limits a bare
 * `http.createServer(server.node)` lacks (headers within 10 s instead of 60 s, the whole
 * request within 30 s instead of 300 s, both checked every second instead of every 30 s, idle
 * keep-alive connections closed after 5 s, 16 KiB of headers). The server itself guards both
 * faces however they are served: the body limit, `Connection: close` after a body left
 * unread or refused, 400 for a URL that is not a path.
 *
 * @example
 * const server = createServer(uppercase, decodeJSONRequest(toRequest), encodeJSONResponse);
 * await listen(server.node, { port: 8080 });      // Node, with safe timeouts
 * Bun.serve({ port: 8080, fetch: server.fetch }); // Bun
 */
export function createServer<Req, Res>(
  endpoint: Endpoint<Req, Res>,
  decode: DecodeRequestFunc<Req>,
  encode: EncodeResponseFunc<Res>,
  options: ServerOptions = {},
): Server {
  const limit = options.bodyLimit ?? defaultBodyLimit;
  if (!(limit >= 0)) throw new RangeError(`bodyLimit must be >= 0, got ${limit}`);
  const budget = options.bodyBudget === undefined ? defaultBodyBudget : options.bodyBudget;
  const maxTimeout = options.maxTimeoutMs;
  if (maxTimeout !== undefined && !(maxTimeout >= 0 && maxTimeout < Infinity)) {
    throw new RangeError(`maxTimeoutMs must be a finite number >= 0, got ${maxTimeout}`);
  }
  const serve: Serve<Exchange, Exchange, Response | undefined> = createKernel(
    endpoint,
    decode,
    endingEncoder(encode),
    {
      before: options.before,
      after: options.after,
      errorHandler: options.errorHandler,
      errorEncoder: httpErrorEncoder(errorEncoderOf(options)),
      fallback: bare500,
      finalizer: options.finalizer?.map(withFinalizerInfo),
      // The flow resolves to what the exchange makes last: under the Fetch face the Response,
      // in the flow's own last step.
      settle: settleExchange,
    },
  );
  const run = (ex: Exchange): Promise<Response | undefined> => {
    // The request's context: the request under requestKey, the client's going away as a lazy
    // signal (nothing is created unless the endpoint reads ctx.signal), and the caller's
    // deadline from its header, capped by maxTimeoutMs.
    const [root] = withSignal(withValue(background(), requestKey, ex as HttpRequest), () =>
      ex.abortSignal(),
    );
    let timeout = ex.requestTimeout();
    if (maxTimeout !== undefined && !(timeout !== undefined && timeout < maxTimeout)) {
      timeout = maxTimeout;
    }
    if (timeout === undefined) return serve(root, ex, ex);
    const [ctx, cancel] = withDeadline(root, Date.now() + timeout);
    ex.cancelDeadline = cancel; // ended by settle, when the flow is over
    return serve(ctx, ex, ex);
  };
  return {
    // NodeExchange.settle resolves to undefined: the response is written.
    node: (req, res) =>
      run(new NodeExchange(req, res, limit, budget)) as Promise<unknown> as Promise<void>,
    // Not an async function: the flow's own promise, whose last step builds the Response.
    fetch: (request, info) => {
      let exchange: FetchExchange;
      try {
        exchange = new FetchExchange(request, info, limit, budget);
      } catch (err) {
        return Promise.reject(err as Error);
      }
      if (!exchange.hasTarget()) return Promise.resolve(badTarget());
      return run(exchange) as Promise<Response>; // FetchExchange.settle makes the Response
    },
  };
}

/**
 * badTarget answers a Web request whose URL is not a request target the server can read
 * (neither absolute nor origin-form): 400, rather than guess a path.
 */
function badTarget(): Response {
  return new Response('400 Bad Request: the request URL is not a path\n', {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
  });
}

function settleExchange(ex: Exchange): Response | undefined {
  return ex.settle();
}

/** endingEncoder ends the response after the encoder, if the encoder did not. */
function endingEncoder<Res>(encode: EncodeResponseFunc<Res>) {
  const end = (ex: Exchange): void => {
    if (!ex.ended) ex.end();
  };
  return (ctx: Context, ex: Exchange, response: Res): void | Promise<void> => {
    const encoded = encode(ctx, ex, response);
    if (encoded === undefined) return end(ex);
    return Promise.resolve(encoded).then(() => end(ex));
  };
}

/**
 * httpErrorEncoder runs the server's error encoder unless the response is already out (then
 * nothing more can be said to the client), and answers a bare 500 if it forgot to end.
 */
function httpErrorEncoder(encoder: ErrorEncoder): ErrorEncodeFunc<Exchange> {
  return (ctx, err, ex) => {
    if (ex.ended) return;
    encoder(ctx, err, ex);
    if (!ex.ended) bare500(ctx, err, ex);
  };
}

/** bare500 is HTTP's last resort, when the error encoder failed: a 500 rather than a hang. */
const bare500: FallbackFunc<Exchange> = (_ctx, _err, ex) => {
  if (ex.ended) return;
  try {
    ex.setHeader('content-type', 'text/plain; charset=utf-8');
    ex.writeHead(500);
    ex.end('internal server error');
  } catch {
    ex.fatal();
  }
};

/** withFinalizerInfo adapts an HTTP finalizer to the kernel's, sharing one info per request. */
function withFinalizerInfo(f: ServerFinalizerFunc): FinalizerFunc<Exchange, Exchange> {
  return (ctx, outcome) => f(ctx, outcome.reply.finalizerInfo());
}

function errorEncoderOf(options: ServerOptions): ErrorEncoder {
  const { errorEncoder, errorStatus } = options;
  if (errorEncoder !== undefined && errorStatus !== undefined) {
    throw new TypeError(
      'createServer: errorStatus configures the default error encoder; with your own errorEncoder, choose the status there',
    );
  }
  if (errorEncoder !== undefined) return errorEncoder;
  return errorStatus === undefined
    ? defaultErrorEncoder
    : createErrorEncoder({ status: errorStatus });
}
