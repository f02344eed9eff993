import type { ErrorHandler } from '../../error-handler.js';
import { isStatusCoder } from '../../capabilities.js';
import { createServer as createHttpServer } from '../server.js';
import type { RequestFunc, Server, ServerFinalizerFunc, ServerResponseFunc } from '../server.js';
import type { HttpRequest } from '../request.js';
import { isHeaderer } from '../../capabilities.js';
import { addHeaders } from '../codecs.js';
import { jsonRpcErrors } from './codes.js';
import { createDispatch } from './dispatch.js';
import type { Answer, ErrorObjectFunc, Parsed } from './dispatch.js';
import { JsonRpcError, errorObject } from './error.js';
import type { Methods } from './method.js';
import { parseExact } from './exact-json.js';
import { createJSONCodec } from '../codec.js';

/** ServerOptions are the hooks and limits of a JSON-RPC {@link createServer}, all optional. */
export interface ServerOptions {
  /** before hooks run in order once per HTTP request, before the body is read. */
  readonly before?: readonly RequestFunc[];
  /** after hooks run in order once per HTTP request, after every call, before the response. */
  readonly after?: readonly ServerResponseFunc[];
  /** finalizer hooks run at the end of every HTTP request (Go kit's `ServerFinalizer`). */
  readonly finalizer?: readonly ServerFinalizerFunc[];
  /** errorHandler sees every error first, one per failed call (Go kit's `ServerErrorLogger`). */
  readonly errorHandler?: ErrorHandler;
  /**
   * errorObject turns an error into the error object sent (the error table). Default
   * {@link errorObject}: an `ErrorCoder`'s code, else the canonical code's JSON-RPC code
   * (`jsonRpcCodeOf`), -32603 for a plain error; the message; a `JsonRpcError`'s data. A
   * `Headerer` error's headers are added to the HTTP response either way.
   */
  readonly errorObject?: ErrorObjectFunc;
  /**
   * strict refuses requests whose `jsonrpc` member is missing or `""` with -32600. Default
   * false: they are served, so that Go kit's client (which sends `""`) can call.
   */
  readonly strict?: boolean;
  /**
   * errorStatus chooses the HTTP status of the answer to a single (not batched) request that
   * failed (Go kit's error encoder may set one). Default: 200, as the specification's HTTP
   * mappings and Go kit answer; a batch is always 200.
   */
  readonly errorStatus?: (err: unknown) => number;
  /** bodyLimit is the largest request body read, in bytes; default 1 MiB (answered 413). */
  readonly bodyLimit?: number;
  /** maxBatchSize is the most requests one batch may hold; default 100 (more: one -32600). */
  readonly maxBatchSize?: number;
  /** batchConcurrency is how many calls of one batch run at once; default 8. */
  readonly batchConcurrency?: number;
  /**
   * exactIntegers reads integers beyond ±2^53 as `bigint` ({@link parseExact}) and writes
   * `bigint` results as JSON numbers, for Go services' int64 values. Default false: params are
   * parsed with `JSON.parse`.
   */
  readonly exactIntegers?: boolean;
  /** maxTimeoutMs caps every request's deadline, as the HTTP server's option. Default: none. */
  readonly maxTimeoutMs?: number;
}

/** defaultMaxBatchSize is the batch limit of servers that set none: 100 requests. */
export const defaultMaxBatchSize = 100;
/** defaultBatchConcurrency is how many calls of a batch run at once unless told: 8. */
export const defaultBatchConcurrency = 8;

const contentType = 'application/json; charset=utf-8';
const json = createJSONCodec({ newline: false });

/**
 * createServer serves a map of methods over JSON-RPC 2.0 on HTTP (Go kit's `jsonrpc.NewServer`),
 * as a {@link Server} with both faces, mountable on the router. Per HTTP request, on core's
 * HTTP server and kernel: a method other than POST is answered `405 must POST` (Go kit); the
 * body is read within `bodyLimit` (413 beyond); invalid JSON is answered HTTP 200 with -32700
 * and id null; each request object is checked (-32600 for a malformed one, -32601 for an
 * unknown method), its params decoded (a plain decoder error is -32602), the endpoint called
 * and the result encoded, on the kernel — any error becomes an error object carrying the
 * request's id. Batches (an array) run with at most `batchConcurrency` calls at once and are
 * answered by an array in request order; `[]` and batches over `maxBatchSize` get one -32600.
 * Notifications (no id) are run to completion and get no response: a lone notification, or a
 * batch of only notifications, is answered 204 with no body. Every answer to a request is HTTP
 * 200; ids come back exactly as sent, numbers included. Method names starting with `rpc.` are
 * reserved by the specification and refused here (TypeError), as is a method without an endpoint.
 *
 * @example
 * const server = createServer({
 *   sum: method({ endpoint: sum, params: ['a', 'b'], decode: (_ctx, p) => toSumRequest(p) }),
 * });
 * createRouter().post('/rpc', server); // or listen(server.node)
 */
export function createServer(methods: Methods, options: ServerOptions = {}): Server {
  const maxBatchSize = options.maxBatchSize ?? defaultMaxBatchSize;
  const batchConcurrency = options.batchConcurrency ?? defaultBatchConcurrency;
  if (!(Number.isInteger(maxBatchSize) && maxBatchSize >= 1)) {
    throw new RangeError(
      `jsonrpc createServer: maxBatchSize must be an integer >= 1, got ${maxBatchSize}`,
    );
  }
  if (!(Number.isInteger(batchConcurrency) && batchConcurrency >= 1)) {
    throw new RangeError(
      `jsonrpc createServer: batchConcurrency must be an integer >= 1, got ${batchConcurrency}`,
    );
  }
  for (const name of Object.keys(methods)) {
    if (name.startsWith('rpc.')) {
      throw new TypeError(
        `jsonrpc createServer: method names starting with "rpc." are reserved by the specification: ${name}`,
      );
    }
    if (typeof methods[name]?.endpoint !== 'function') {
      throw new TypeError(`jsonrpc createServer: method ${name} has no endpoint function`);
    }
  }
  const errorStatus = options.errorStatus;
  const errorObjectOf = options.errorObject ?? ((_ctx, err) => errorObject(err));
  const dispatch = createDispatch(methods, {
    errorHandler: options.errorHandler,
    errorObject: errorObjectOf,
    strict: options.strict === true,
    maxBatchSize,
    batchConcurrency,
    exactIntegers: options.exactIntegers === true,
  });
  const parse = options.exactIntegers === true ? parseExact : jsonParse;
  const http = createHttpServer<Parsed, Answer>(
    dispatch,
    (_ctx, request) => decodeBody(request, parse),
    (_ctx, w, { body, headers, failure }) => {
      if (headers !== undefined) for (const h of headers) addHeaders(w, h);
      if (failure !== undefined && errorStatus !== undefined) w.writeHead(errorStatus(failure));
      if (body === undefined) {
        w.writeHead(204);
        return w.end();
      }
      w.setHeader('content-type', contentType);
      w.end(body + '\n');
    },
    {
      ...(options.before === undefined ? {} : { before: options.before }),
      ...(options.after === undefined ? {} : { after: options.after }),
      ...(options.finalizer === undefined ? {} : { finalizer: options.finalizer }),
      ...(options.errorHandler === undefined ? {} : { errorHandler: options.errorHandler }),
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(options.maxTimeoutMs === undefined ? {} : { maxTimeoutMs: options.maxTimeoutMs }),
      errorEncoder: (ctx, err, w) => {
        // Errors before any call: the body too large, gone or not JSON, the deadline spent.
        let body: string;
        try {
          body = json.encode(errorObjectOf(ctx, err)) as string;
        } catch {
          body = `{"code":-32603,"message":"the error could not be encoded"}`;
        }
        if (isHeaderer(err)) addHeaders(w, err.headers());
        w.setHeader('content-type', contentType);
        w.writeHead(isStatusCoder(err) && !(err instanceof JsonRpcError) ? err.statusCode() : 200);
        w.end(`{"jsonrpc":"2.0","error":${body},"id":null}\n`);
      },
    },
  );
  return {
    node(req, res) {
      if (req.method === 'POST') return http.node(req, res);
      res.writeHead(405, mustPostHeaders);
      res.end(mustPost);
      return Promise.resolve();
    },
    fetch(request, info) {
      if (request.method === 'POST') return http.fetch(request, info);
      return Promise.resolve(new Response(mustPost, { status: 405, headers: mustPostHeaders }));
    },
  };
}

const mustPost = '405 must POST\n';
const mustPostHeaders = { 'content-type': 'text/plain; charset=utf-8', allow: 'POST' };

const jsonParse = (text: string): unknown => JSON.parse(text);

async function decodeBody(request: HttpRequest, parse: (text: string) => unknown): Promise<Parsed> {
  const text = await request.text();
  try {
    return { value: parse(text), text };
  } catch (err) {
    const why = text.trim() === '' ? 'the body is empty' : (err as Error).message;
    throw new JsonRpcError(jsonRpcErrors.parseError, `JSON could not be decoded: ${why}`);
  }
}
