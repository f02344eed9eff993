/**
 * addsvc over HTTP (Go kit's `addsvc/pkg/addtransport/http.go`), on core's `createServer` and
 * `createRouter`: `/sum` and `/concat` for any method, `{"a":1,"b":2}` in (any key case),
 * `{"v":3}\n` out as `application/json; charset=utf-8`; a business error is 400 and any other
 * error 500, both with `{"error":"<text>"}\n` as `text/plain; charset=utf-8` (the type Go's
 * net/http sniffs for Go kit's error bodies); every other path is Go's `404 page not found`.
 * The client is Go kit's `NewHTTPClient`: POST, `{"A":1,"B":2}\n` with no Content-Type, and a
 * non-200 answer fails with the status line (`400 Bad Request`).
 */
import { failedError } from '@svckit/core/endpoint';
import { ServiceError, codeOf } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import { isHeaderer, logErrorHandler } from '@svckit/core/transport';
import {
  addHeaders,
  codeOfHttpStatus,
  createClient,
  createJSONCodec,
  createRouter,
  createServer,
  errorText,
} from '@svckit/core/transport/http';
import type {
  ClientOptions,
  ClientResponse,
  DecodeRequestFunc,
  DecodeResponseFunc,
  EncodeRequestFunc,
  EncodeResponseFunc,
  ErrorEncoder,
  HttpRequest,
  Router,
  ServerOptions,
} from '@svckit/core/transport/http';
import { tokenToHttp } from '@svckit/jwt';
import { isAddError } from '../addservice/service.js';
import { concatResponse, sumResponse } from '../addendpoint/set.js';
import { clientSet } from './client-set.js';
import type {
  ConcatRequest,
  ConcatResponse,
  Set,
  SumRequest,
  SumResponse,
} from '../addendpoint/set.js';
import {
  JSONNumber,
  UnmarshalTypeError,
  fieldsOf,
  kindOf,
  parseFirst,
  readInt64,
  readString,
} from './go-json.js';
import type { JSONValue } from './go-json.js';

/** goString encodes a string as Go's encoding/json does (HTML-safe escapes), without newline. */
const goString = createJSONCodec({ newline: false });

/** HTTPHandlerOptions tune {@link newHTTPHandler}. */
export interface HTTPHandlerOptions {
  /** bodyLimit is the largest request body read, in bytes (default 1 MiB: 413 beyond). */
  readonly bodyLimit?: number;
  /** hooks are more server hooks, before the example's own (tracing: `httpServerTrace()`). */
  readonly hooks?: Pick<ServerOptions, 'before' | 'finalizer'>;
}

/**
 * newHTTPHandler serves the endpoints over HTTP as Go kit's `NewHTTPHandler`: `/sum` and
 * `/concat` for every method (Go's `ServeMux`), errors logged through logger (`err=…`, Go
 * kit's `LogErrorHandler`) and answered by {@link errorEncoder}.
 */
export function newHTTPHandler(
  endpoints: Set,
  logger: Logger,
  options: HTTPHandlerOptions = {},
): Router {
  const serverOptions: ServerOptions = {
    errorEncoder,
    errorHandler: logErrorHandler(logger),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...options.hooks,
  };
  return createRouter()
    .all(
      '/sum',
      createServer(endpoints.sum, decodeHTTPSumRequest, encodeHTTPGenericResponse, serverOptions),
    )
    .all(
      '/concat',
      createServer(
        endpoints.concat,
        decodeHTTPConcatRequest,
        encodeHTTPGenericResponse,
        serverOptions,
      ),
    );
}

/**
 * err2code is the status of an error (Go kit's `err2code`): 400 for the service's business
 * errors, 413 for a body over the limit (svckit's; Go kit reads any size), 500 for anything
 * else — an undecodable body, a rate-limit rejection, an open circuit.
 */
export function err2code(err: unknown): number {
  if (isAddError(err)) return 400;
  if (codeOf(err) === 'unauthenticated') return 401; // addsvc's optional JWT check
  if (err instanceof ServiceError && err.reason === 'BODY_TOO_LARGE') return 413;
  return 500;
}

/**
 * errorEncoder writes an error as Go kit's addsvc: the status of {@link err2code} and
 * `{"error":"<text>"}\n`, labelled `text/plain; charset=utf-8` as Go's net/http sniffs it.
 */
export const errorEncoder: ErrorEncoder = (_ctx, err, w) => {
  if (isHeaderer(err)) addHeaders(w, err.headers()); // a 401's WWW-Authenticate
  w.setHeader('content-type', 'text/plain; charset=utf-8');
  w.writeHead(err2code(err));
  w.end(`{"error":${goString.encode(errorText(err)) as string}}\n`);
};

/**
 * DecodeError is a request body addsvc cannot decode (Go's `encoding/json` errors): answered
 * 500 with its text, as Go kit's addsvc does.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

async function body(request: HttpRequest): Promise<JSONValue> {
  const text = await request.text(); // a BodyTooLargeError (413) passes through
  try {
    return parseFirst(text);
  } catch (err) {
    throw new DecodeError((err as Error).message, { cause: err });
  }
}

function decoded<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof UnmarshalTypeError) throw new DecodeError(err.message, { cause: err });
    throw err;
  }
}

/** decodeHTTPSumRequest decodes `{"a":1,"b":2}` (any key case; int64, exact). */
export const decodeHTTPSumRequest: DecodeRequestFunc<SumRequest> = async (_ctx, request) => {
  const value = await body(request);
  return decoded(() => fieldsOf(value, 'SumRequest', 0n, readInt64));
};

/** decodeHTTPConcatRequest decodes `{"a":"x","b":"y"}` (any key case). */
export const decodeHTTPConcatRequest: DecodeRequestFunc<ConcatRequest> = async (_ctx, request) => {
  const value = await body(request);
  return decoded(() => fieldsOf(value, 'ConcatRequest', '', readString));
};

/** goJSONValue is `v` as Go's encoder writes a Go `int` or `string`. */
function goJSONValue(v: bigint | string): string {
  return typeof v === 'bigint' ? v.toString() : (goString.encode(v) as string);
}

/**
 * encodeHTTPGenericResponse writes a response as Go kit's: a business error (`Failer`) goes to
 * {@link errorEncoder}; otherwise `application/json; charset=utf-8` and `{"v":…}\n`.
 */
export const encodeHTTPGenericResponse: EncodeResponseFunc<SumResponse | ConcatResponse> = (
  ctx,
  w,
  response,
) => {
  const failed = failedError(response);
  if (failed !== undefined) return errorEncoder(ctx, failed, w);
  w.setHeader('content-type', 'application/json; charset=utf-8');
  w.end(`{"v":${goJSONValue(response.v)}}\n`);
};

/**
 * encodeHTTPGenericRequest writes a request as Go kit's client: `{"A":1,"B":2}\n` (Go's field
 * names, HTML-safe escapes, a trailing newline), with no Content-Type.
 */
export const encodeHTTPGenericRequest: EncodeRequestFunc<SumRequest | ConcatRequest> = (
  _ctx,
  req,
  request,
) => {
  req.body = `{"A":${goJSONValue(request.a)},"B":${goJSONValue(request.b)}}\n`;
};

/**
 * HTTPStatusError is a non-200 answer to Go kit's HTTP client: its text is the status line,
 * `400 Bad Request`, as Go's `errors.New(r.Status)`. Its code is the status's (400
 * `invalid_argument`, 500 `unknown`...), so a client's breaker does not count the caller's own
 * mistakes.
 */
export class HTTPStatusError extends ServiceError {
  override readonly name = 'HTTPStatusError';
  constructor(
    readonly status: number,
    statusText: string,
  ) {
    super(codeOfHttpStatus(status), `${status} ${statusText}`.trimEnd(), { reason: 'BAD_STATUS' });
  }
}

/**
 * responseField reads field `v` of a 200 answer as Go's decoder fills `SumResponse` or
 * `ConcatResponse` (key in any case, the last match wins); undefined when absent or `null`
 * (the zero value). Any other status fails with the status line, as Go kit's client does.
 */
async function responseField(res: ClientResponse, struct: string): Promise<JSONValue | undefined> {
  if (res.status !== 200) throw new HTTPStatusError(res.status, res.statusText);
  const value = parseFirst(await res.text());
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof JSONNumber) {
    throw new UnmarshalTypeError(
      `json: cannot unmarshal ${kindOf(value)} into Go value of type addendpoint.${struct}`,
    );
  }
  let v: JSONValue | undefined;
  for (const key in value)
    if (key === 'v' || key === 'V') v = (value as Record<string, JSONValue>)[key];
  return v ?? undefined; // null leaves the zero value
}

/** decodeHTTPSumResponse reads `{"v":3}` (int64, exact); a non-200 fails with the status line. */
export const decodeHTTPSumResponse: DecodeResponseFunc<SumResponse> = async (_ctx, res) => {
  const v = await responseField(res, 'SumResponse');
  return sumResponse(v === undefined ? 0n : readInt64(v, 'SumResponse.v'));
};

/** decodeHTTPConcatResponse reads `{"v":"xy"}`; a non-200 fails with the status line. */
export const decodeHTTPConcatResponse: DecodeResponseFunc<ConcatResponse> = async (_ctx, res) => {
  const v = await responseField(res, 'ConcatResponse');
  return concatResponse(v === undefined ? '' : readString(v, 'ConcatResponse.v'));
};

/** HTTPClientOptions tune {@link newHTTPClient}. */
export interface HTTPClientOptions {
  /** client are options of core's HTTP client (hooks, agent, limits). */
  readonly client?: ClientOptions;
}

/**
 * newHTTPClient returns a {@link Set} calling addsvc at instance (`host:port` or a URL; Go
 * kit's `NewHTTPClient`), with the example's client middlewares: one limiter shared by both
 * methods (1 call/s, burst 100), then a breaker per method (gobreaker's defaults; open for 30 s
 * for Sum, 10 s for Concat). Only the server's failures count in the breakers: a 400 says the
 * server is fine.
 */
export function newHTTPClient(instance: string, options: HTTPClientOptions = {}): Set {
  const base = new URL(instance.startsWith('http') ? instance : `http://${instance}`);
  const url = (path: string): URL => Object.assign(new URL(base.href), { pathname: path });
  const clientOptions: ClientOptions = {
    ...options.client,
    before: [tokenToHttp, ...(options.client?.before ?? [])], // a signer's token, if any
  };
  return clientSet(
    createClient(
      'POST',
      url('/sum'),
      encodeHTTPGenericRequest,
      decodeHTTPSumResponse,
      clientOptions,
    ),
    createClient(
      'POST',
      url('/concat'),
      encodeHTTPGenericRequest,
      decodeHTTPConcatResponse,
      clientOptions,
    ),
  );
}
