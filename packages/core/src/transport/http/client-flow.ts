// The flow both HTTP clients share (node:http and Fetch): encode, before hooks, the deadline
// header, the round trip, after hooks, decode, finishing the body, finalizers. Each client
// brings its own RoundTripper.
import { DeadlineExceededError, isCancelable, withValue } from '../../context/index.js';
import type { Endpoint } from '../../endpoint/index.js';
import { formatTimeout, timeoutHeader } from '../headers.js';
import {
  clientResponseHeadersKey,
  clientResponseSizeKey,
  defaultMaxResponseBytes,
} from './client-options.js';
import type { ClientOptions } from './client-options.js';
import type { ClientRequest, EncodeRequestFunc } from './client-request.js';
import type { ClientResponse, DecodeResponseFunc } from './client-response.js';

/** noSignal stands for a context that can never be cancelled. */
export const noSignal: AbortSignal = new AbortController().signal;

/** RoundTripper is one client's way to send a request and finish its response. */
export interface RoundTripper<S extends ClientResponse> {
  /**
   * send sends req and resolves once the response headers arrived; it rejects with
   * `signal.reason` when the signal aborts, with a `RequestError` when nothing came back.
   * `signal` is {@link noSignal} for a context that cannot be cancelled.
   */
  send(signal: AbortSignal, req: ClientRequest): Promise<S>;
  /** finish is called after decoding (unless buffered) and on failure; it never rejects. */
  finish(res: S): Promise<void> | undefined;
  /** size is the body size finalizers see (bytes read, else Content-Length, else -1). */
  size(res: S): number;
}

/** clientName names a client in error messages. */
type ClientName = 'createClient' | 'createFetchClient';

/** checkedTarget parses a client's URL; only http: and https: are accepted. */
export function checkedTarget(name: ClientName, url: string | URL): URL {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`${name}: unsupported protocol ${target.protocol} in ${target.href}`);
  }
  return target;
}

/** responseLimit is options.maxResponseBytes, checked. */
export function responseLimit(name: ClientName, options: ClientOptions): number {
  const limit = options.maxResponseBytes ?? defaultMaxResponseBytes;
  if (!(limit >= 0)) {
    throw new RangeError(`${name}: maxResponseBytes must be >= 0, got ${limit}`);
  }
  return limit;
}

/** clientEndpoint builds the endpoint of an HTTP client over its round tripper. */
export function clientEndpoint<Req, Res, S extends ClientResponse>(
  name: ClientName,
  method: string,
  target: URL,
  encodeRequest: EncodeRequestFunc<Req>,
  decodeResponse: DecodeResponseFunc<Res>,
  options: ClientOptions,
  transport: RoundTripper<S>,
): Endpoint<Req, Res> {
  const href = target.href;
  const protocol = target.protocol;
  const before = options.before ?? [];
  const after = options.after ?? [];
  const finalizer = options.finalizer ?? [];
  const buffered = options.bufferedStream === true;
  const upperMethod = method.toUpperCase();
  const propagate = options.propagateDeadline !== false;

  return async (ctx, request) => {
    const req: ClientRequest = {
      method: upperMethod,
      url: new URL(href),
      headers: {},
      body: undefined,
    };
    let res: S | undefined;
    let failure: unknown;
    try {
      const encoded = encodeRequest(ctx, req, request);
      if (encoded !== undefined) await encoded;
      if (req.url.protocol !== protocol) {
        throw new TypeError(`${name}: the encoder changed the protocol to ${req.url.protocol}`);
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
      res = await transport.send(isCancelable(ctx) ? ctx.signal : noSignal, req);
      for (let i = 0; i < after.length; i++) ctx = (after[i] as (typeof after)[number])(ctx, res);
      const response = await decodeResponse(ctx, res);
      if (!buffered) {
        const finished = transport.finish(res);
        if (finished !== undefined) await finished;
      }
      return response;
    } catch (err) {
      failure = err;
      if (res !== undefined && !buffered) await transport.finish(res);
      throw err;
    } finally {
      if (finalizer.length > 0) {
        let fctx = ctx;
        if (res !== undefined) {
          fctx = withValue(
            withValue(ctx, clientResponseHeadersKey, res.headers),
            clientResponseSizeKey,
            transport.size(res),
          );
        }
        for (const f of finalizer) f(fctx, failure);
      }
    }
  };
}

/** displayURL is the URL for messages and `res.url`: credentials are never shown. */
export function displayURL(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
