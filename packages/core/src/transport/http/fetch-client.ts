import type { Endpoint } from '../../endpoint/index.js';
import { RequestError } from './client-errors.js';
import {
  checkedTarget,
  clientEndpoint,
  displayURL,
  noSignal,
  responseLimit,
} from './client-flow.js';
import type { RoundTripper } from './client-flow.js';
import type { ClientOptions } from './client-options.js';
import type { ClientRequest, EncodeRequestFunc } from './client-request.js';
import type { DecodeResponseFunc } from './client-response.js';
import { fetchResponse } from './fetch-response.js';
import type { FetchResponseState } from './fetch-response.js';

/** FetchFunc is the `fetch` a Fetch client calls: the global one, or a runtime's binding. */
export type FetchFunc = (input: URL, init: RequestInit) => Promise<Response>;

/** FetchClientOptions tune {@link createFetchClient}: the shared options plus fetch's own. */
export interface FetchClientOptions extends ClientOptions {
  /**
   * fetch sends the request. Default: the global `fetch` (looked up per call, so a test or a
   * runtime may replace it). Pass a service binding's `fetch`, or one with a custom dispatcher.
   */
  readonly fetch?: FetchFunc | undefined;
  /**
   * redirect is what to do with a 3xx answer: `manual` (the default, as the node:http client:
   * the decoder sees the 3xx), `follow` (fetch follows up to 20 hops) or `error`.
   */
  readonly redirect?: 'manual' | 'follow' | 'error' | undefined;
}

/**
 * createFetchClient returns an {@link Endpoint} that calls a remote HTTP service with the
 * Fetch API (`fetch`), for Bun, Deno, edge runtimes and Node alike; {@link createClient} is
 * the same over `node:http`. Both take the same encoders, decoders, hooks and options and
 * hand the decoder the same {@link ClientResponse}, so codecs and hooks work with either.
 *
 * Per call, as {@link createClient}: encode, `before` functions, the `Connect-Timeout-Ms`
 * deadline header, the request, `after` functions, decode, then (unless `bufferedStream`) a
 * body the decoder did not read to its end is cancelled, and the finalizers run. The context's
 * signal is the request's signal, so a deadline or cancellation ends the call at any stage
 * with the context's reason. A failed request rejects with a {@link RequestError} whose
 * reason is the cause's system code (`ECONNREFUSED` under Node and Bun alike). URL credentials are sent as `Authorization: Basic` (fetch refuses
 * URLs with credentials). The body helpers are bounded by `maxResponseBytes`, also for a
 * compressed body (counted after decompression).
 *
 * What the runtime's fetch decides is not the client's: a GET or HEAD with a body is refused
 * (the node:http client frames one, as Go does); connection pooling and keep-alive are the
 * runtime's; and interim 1xx responses are its business too (Node's fetch fails an endless
 * stream of them at once, Bun's waits for the final answer until the context's deadline).
 *
 * @example
 * const sum = createFetchClient<SumRequest, SumResponse>('POST', 'http://127.0.0.1:8081/sum',
 *   encodeJSONRequest, decodeJSONResponse);
 */
export function createFetchClient<Req, Res>(
  method: string,
  url: string | URL,
  encodeRequest: EncodeRequestFunc<Req>,
  decodeResponse: DecodeResponseFunc<Res>,
  options: FetchClientOptions = {},
): Endpoint<Req, Res> {
  const target = checkedTarget('createFetchClient', url);
  const limit = responseLimit('createFetchClient', options);
  const custom = options.fetch;
  const redirect = options.redirect ?? 'manual';
  const transport: RoundTripper<FetchResponseState> = {
    async send(signal, req) {
      if (signal.aborted) throw signal.reason;
      const shown = displayURL(req.url);
      const [input, init] = requestInit(req, redirect, signal);
      let response: Response;
      try {
        response = await (custom ?? fetch)(input, init);
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        throw new RequestError(req.method, shown, causeOf(err));
      }
      return fetchResponse(response, shown, limit, signal);
    },
    finish: (res) => res.finish(),
    size: (res) => res.size(),
  };
  return clientEndpoint(
    'createFetchClient',
    method,
    target,
    encodeRequest,
    decodeResponse,
    options,
    transport,
  );
}

/** RequestInitWithDuplex is RequestInit with `duplex`, which streamed bodies need. */
type RequestInitWithDuplex = RequestInit & { duplex?: 'half' };

/** requestInit turns a ClientRequest into fetch's arguments. */
function requestInit(
  req: ClientRequest,
  redirect: 'manual' | 'follow' | 'error',
  signal: AbortSignal,
): [URL, RequestInitWithDuplex] {
  const headers = new Headers();
  const source = req.headers;
  for (const name in source) {
    const value = source[name] as string | string[];
    if (typeof value === 'string') headers.set(name, value);
    else for (const v of value) headers.append(name, v);
  }
  let url = req.url;
  if (url.username !== '' || url.password !== '') {
    if (!headers.has('authorization')) {
      const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.set('authorization', `Basic ${base64(user)}`);
    }
    url = new URL(url.href);
    url.username = '';
    url.password = '';
  }
  const init: RequestInitWithDuplex = { method: req.method, headers, redirect };
  if (signal !== noSignal) init.signal = signal;
  const body = req.body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    init.body = body as BodyInit;
  } else if (body !== undefined) {
    init.body = (
      typeof (body as ReadableStream<Uint8Array>).getReader === 'function'
        ? body
        : streamOf(body as AsyncIterable<Uint8Array>)
    ) as BodyInit;
    init.duplex = 'half';
  }
  return [url, init];
}

/** streamOf adapts an AsyncIterable of chunks to a ReadableStream, pulled on demand. */
function streamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

/** base64 encodes text's UTF-8 bytes (btoa takes Latin-1 only). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * causeOf unwraps fetch's failure: Node's fetch throws `TypeError: fetch failed` with the
 * socket error (ECONNREFUSED...) as its cause; other runtimes throw the error itself.
 */
function causeOf(err: unknown): unknown {
  if (err instanceof TypeError && err.message === 'fetch failed' && err.cause !== undefined) {
    return err.cause;
  }
  return err;
}
