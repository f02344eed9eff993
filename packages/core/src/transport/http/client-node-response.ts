// The node:http client's responses: the Node half of ClientResponse (see client-response.ts).
import type { IncomingMessage } from 'node:http';
import { ResponseBodyError, responseBodyError } from './client-errors.js';
import { parseJSON } from './client-response.js';
import type { ClientResponse } from './client-response.js';

/** ResponseState is the node:http client's view of a response: the public fields plus bookkeeping. */
export interface ResponseState extends ClientResponse {
  /** body is Node's response stream (an AsyncIterable of Buffers for the decoder). */
  readonly body: IncomingMessage;
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
  if (body.destroyed)
    return Promise.reject(
      responseBodyError(r.url, r.signal, body.errored ?? new Error('body closed')),
    );
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
      reject(responseBodyError(r.url, r.signal, err));
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
