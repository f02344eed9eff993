import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Context } from '../../context/index.js';
import { ResponseBodyError } from './client-errors.js';

/**
 * ClientResponse is what an HTTP client endpoint hands to its `after` functions and decoder:
 * the status, the headers and the body, which is read once, either through the helpers
 * (`text()`, `json()`, `bytes()`, bounded by the client's `maxResponseBytes`) or as the raw
 * `body` stream. Non-2xx responses arrive here like any other: the decoder decides what they
 * mean (Go kit does not turn a status into an error either).
 */
export interface ClientResponse {
  /** status is the HTTP status code. */
  readonly status: number;
  /** statusText is the reason phrase sent by the server. */
  readonly statusText: string;
  /** headers are the response headers, lowercase names (Node's IncomingHttpHeaders). */
  readonly headers: IncomingHttpHeaders;
  /** body is the raw response stream, for decoders that stream or in buffered-stream mode. */
  readonly body: IncomingMessage;
  /** url is the URL the request went to. */
  readonly url: string;
  /** text reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /** json reads the whole body and parses it as JSON; an empty body gives undefined. */
  json(): Promise<unknown>;
  /** bytes reads the whole body. */
  bytes(): Promise<Uint8Array>;
}

/**
 * DecodeResponseFunc turns a response into the domain response (Go kit's
 * `DecodeResponseFunc`). It sees every status; what it throws is what the caller gets.
 */
export type DecodeResponseFunc<Res> = (ctx: Context, res: ClientResponse) => Res | Promise<Res>;

/**
 * ClientResponseFunc runs after the response headers arrived and before decoding (Go kit's
 * `ClientResponseFunc`, registered with `ClientAfter`); it returns the context for the rest of
 * the call, e.g. carrying a value read from a response header.
 */
export type ClientResponseFunc = (ctx: Context, res: ClientResponse) => Context;

/** ResponseState is the client's view of a response: the public fields plus bookkeeping. */
export interface ResponseState extends ClientResponse {
  /** bytesRead counts body bytes read by the helpers or the client's discard. */
  bytesRead: number;
  /** used is true once a helper started reading the body. */
  used: boolean;
  /** exact is true when the client counted the body from its first byte. */
  exact: boolean;
  readonly limit: number;
  readonly signal: AbortSignal;
}

/** newResponse wraps a Node response for the client; methods are shared, not per call. */
export function newResponse(
  msg: IncomingMessage,
  url: string,
  limit: number,
  signal: AbortSignal,
): ResponseState {
  return {
    status: msg.statusCode ?? 0,
    statusText: msg.statusMessage ?? '',
    headers: msg.headers,
    body: msg,
    url,
    text,
    json,
    bytes,
    bytesRead: 0,
    used: false,
    exact: false,
    limit,
    signal,
  };
}

function text(this: ResponseState): Promise<string> {
  return readBody(this, asText) as Promise<string>;
}

function json(this: ResponseState): Promise<unknown> {
  return readBody(this, asJSON);
}

function bytes(this: ResponseState): Promise<Uint8Array> {
  return readBody(this, asBytes) as Promise<Uint8Array>;
}

type Convert = (r: ResponseState, buf: Buffer) => unknown;
const asBytes: Convert = (_r, buf) => buf;
const asText: Convert = (_r, buf) => buf.toString('utf8');
const asJSON: Convert = (r, buf) =>
  buf.length === 0 ? undefined : parseJSON(r.url, buf.toString('utf8'));

/** parseJSON parses text as JSON, naming the URL when it is not JSON. */
export function parseJSON(url: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ResponseBodyError(
      url,
      `invalid JSON body: ${(err as Error).message}`,
      'INVALID_JSON',
      err,
    );
  }
}

const empty = Buffer.alloc(0);

/**
 * readBody reads the whole body once, bounded by the response's limit, and converts it. The
 * listeners stay attached after the end: the response object dies with the call.
 */
function readBody(r: ResponseState, convert: Convert): Promise<unknown> {
  const body = r.body;
  if (r.used || body.readableEnded) {
    return Promise.reject(new ResponseBodyError(r.url, 'body already read', 'BODY_USED'));
  }
  if (body.destroyed) return Promise.reject(bodyError(r, body.errored ?? new Error('body closed')));
  r.used = true;
  r.exact = !body.readableDidRead;
  return new Promise<unknown>((resolve, reject) => {
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      reject(bodyError(r, err));
    };
    body.on('data', (chunk: Buffer): void => {
      if (settled) return;
      size += chunk.length;
      r.bytesRead = size;
      if (size > r.limit) {
        fail(
          new ResponseBodyError(
            r.url,
            `response body larger than ${r.limit} bytes`,
            'BODY_TOO_LARGE',
          ),
        );
        body.destroy();
      } else if (first === undefined) first = chunk;
      else if (chunks === undefined) chunks = [first, chunk];
      else chunks.push(chunk);
    });
    body.on('end', (): void => {
      if (settled) return;
      settled = true;
      try {
        const buf = chunks !== undefined ? Buffer.concat(chunks, size) : (first ?? empty);
        resolve(convert(r, buf));
      } catch (err) {
        reject(err);
      }
    });
    body.on('error', fail);
    body.on('close', () => {
      // 'close' always follows 'end': build the error only when the body really was cut.
      if (!settled) fail(new Error('connection closed before the body ended'));
    });
  });
}

/** bodyError maps a body failure: the context's reason when it was cancelled, else wrapped. */
function bodyError(r: ResponseState, err: unknown): unknown {
  if (r.signal.aborted) return r.signal.reason;
  if (err instanceof ResponseBodyError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  return new ResponseBodyError(
    r.url,
    `reading the response body: ${err instanceof Error ? err.message : String(err)}`,
    typeof code === 'string' ? code : 'BODY_READ_FAILED',
    err,
  );
}

/**
 * discard finishes the body after decoding. A body that has arrived whole (the parser saw its
 * end; typical of small responses) is drained from memory, so the keep-alive connection goes
 * back to the pool. Any other body (still coming, however short its declared length, or a
 * helper still reading because the decoder did not await it) is destroyed with its connection,
 * as Go's `Body.Close()` does: a finished call never waits on a slow or endless body. Resolves
 * when the body is done; never rejects.
 */
export function discard(r: ResponseState): Promise<void> {
  const body = r.body;
  if (body.readableEnded || body.destroyed) return Promise.resolve();
  if (r.used || !body.complete) {
    body.destroy();
    return Promise.resolve();
  }
  r.exact = !body.readableDidRead;
  return new Promise<void>((resolve) => {
    const onData = (chunk: Buffer): void => {
      r.bytesRead += chunk.length;
      if (r.bytesRead > r.limit) body.destroy();
    };
    const done = (): void => {
      body.off('data', onData);
      body.off('end', done);
      body.off('close', done);
      body.off('error', done);
      resolve();
    };
    body.on('data', onData);
    body.on('end', done);
    body.on('close', done);
    body.on('error', done);
    body.resume();
  });
}

/**
 * responseSize is the body size the finalizer sees: the bytes the client read (helpers and
 * discard) or, when the decoder consumed the raw stream itself or the body is left to the
 * caller, the Content-Length (-1 when unknown), as Go kit's `ContextKeyResponseSize`.
 */
export function responseSize(r: ResponseState): number {
  if (r.exact) return r.bytesRead;
  const length = r.headers['content-length'];
  return length === undefined ? -1 : Number(length);
}
