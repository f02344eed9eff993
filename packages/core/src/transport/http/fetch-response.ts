// The Fetch client's responses: a Fetch Response seen as a ClientResponse, its body read once,
// bounded, and finished after decoding.
import { ResponseBodyError, responseBodyError } from './client-errors.js';
import { parseJSON } from './client-response.js';
import type { ClientResponse, ResponseHeaders } from './client-response.js';

/** FetchResponseState is the Fetch client's response: the public fields plus bookkeeping. */
export interface FetchResponseState extends ClientResponse {
  /** finish cancels what the decoder left of the body; never rejects. */
  finish(): Promise<void> | undefined;
  /** size is the body size for finalizers: bytes read, else Content-Length, else -1. */
  size(): number;
}

const empty = new Uint8Array(0);
const decoder = new TextDecoder();

/** fetchResponse wraps response for the decoder. */
export function fetchResponse(
  response: Response,
  url: string,
  limit: number,
  signal: AbortSignal,
): FetchResponseState {
  const headers = headersOf(response.headers);
  const stream = response.body;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let used = false;
  let ended = stream === null;
  let exact = false;
  let bytesRead = 0;

  const take = (): ReadableStreamDefaultReader<Uint8Array> | undefined => {
    if (used) throw new ResponseBodyError(url, 'body already read', 'BODY_USED');
    used = true;
    if (stream !== null) reader = stream.getReader();
    return reader;
  };

  const readAll = async (): Promise<Uint8Array> => {
    const r = take();
    exact = true;
    if (r === undefined) return empty;
    const declared = headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      void r.cancel().catch(() => {});
      throw tooLarge(url, limit);
    }
    const chunks: Uint8Array[] = [];
    try {
      for (;;) {
        const { done, value } = await r.read();
        if (done) break;
        bytesRead += value.byteLength;
        if (bytesRead > limit) {
          void r.cancel().catch(() => {});
          throw tooLarge(url, limit);
        }
        chunks.push(value);
      }
    } catch (err) {
      throw responseBodyError(url, signal, err);
    }
    ended = true;
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const out = new Uint8Array(bytesRead);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  };

  async function* iterate(): AsyncGenerator<Uint8Array> {
    const r = take();
    if (r === undefined) return;
    try {
      for (;;) {
        const { done, value } = await r.read().catch((err: unknown) => {
          throw responseBodyError(url, signal, err);
        });
        if (done) {
          ended = true;
          return;
        }
        yield value;
      }
    } finally {
      // Leaving the loop early (break, throw) cancels the rest of the body.
      if (!ended) void r.cancel().catch(() => {});
    }
  }

  return {
    status: response.status,
    statusText: response.statusText,
    headers,
    url,
    get body(): AsyncIterable<Uint8Array> {
      return { [Symbol.asyncIterator]: iterate };
    },
    bytes: readAll,
    text: () => readAll().then((b) => decoder.decode(b)),
    json: () =>
      readAll().then((b) => (b.byteLength === 0 ? undefined : parseJSON(url, decoder.decode(b)))),
    finish() {
      if (ended || stream === null) return undefined;
      ended = true;
      const cancelled = reader !== undefined ? reader.cancel() : stream.cancel();
      return cancelled.catch(() => {});
    },
    size() {
      if (exact) return bytesRead;
      const length = headers['content-length'];
      return typeof length === 'string' ? Number(length) : -1;
    },
  };
}

function tooLarge(url: string, limit: number): ResponseBodyError {
  return new ResponseBodyError(url, `response body larger than ${limit} bytes`, 'BODY_TOO_LARGE');
}

/** headersOf copies Fetch headers into the plain shape every client hands out. */
function headersOf(source: Headers): ResponseHeaders {
  const out: Record<string, string | string[]> = {};
  source.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = source.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}
