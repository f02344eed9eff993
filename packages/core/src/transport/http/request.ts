import type { IncomingMessage } from 'node:http';
import type { Context } from '../../context/index.js';
import { createKey } from '../../context/index.js';
import { hostOfURL } from './target.js';

/**
 * HttpRequest is what a server hands to its decoder and hooks: the same shape whether the
 * request arrived through the Node face (`IncomingMessage`) or the Fetch face (`Request`).
 * Header names are case-insensitive; the body is read at most once and cached, within the
 * server's body limit.
 */
export interface HttpRequest {
  /** method is the request method, e.g. `POST`. */
  readonly method: string;
  /** url is the request target as sent: path and query, e.g. `/users?id=1` (Go's `RequestURI`). */
  readonly url: string;
  /** path is the path of {@link HttpRequest.url}, without the query. */
  readonly path: string;
  /** protocol is the HTTP version, e.g. `HTTP/1.1` (Go's `Proto`). */
  readonly protocol: string;
  /** remoteAddress is the peer's `ip:port` when the runtime tells it, else `''`. */
  readonly remoteAddress: string;
  /** raw is the runtime's own request object, for what this interface does not cover. */
  readonly raw: IncomingMessage | Request;
  /** header returns a request header's value (several values joined by `, `), or undefined. */
  header(name: string): string | undefined;
  /**
   * body reads the whole body. It rejects with a {@link BodyTooLargeError} (413) as soon as the
   * declared or received size exceeds the server's limit, without reading the rest.
   */
  body(): Promise<Uint8Array>;
  /** text reads the whole body as UTF-8 text, with the same limit as {@link HttpRequest.body}. */
  text(): Promise<string>;
}

/**
 * RequestFacts are the request facts Go kit's `PopulateRequestContext` stores in the context,
 * as one object. Absent headers are `''`, as in Go.
 */
export interface RequestFacts {
  /** method is the request method. */
  readonly method: string;
  /** url is the request target: path and query (Go's `RequestURI`). */
  readonly url: string;
  /** path is the URL path. */
  readonly path: string;
  /** protocol is the HTTP version, e.g. `HTTP/1.1`. */
  readonly protocol: string;
  /** host is the Host header (or the URL's host under the Fetch face). */
  readonly host: string;
  /** remoteAddress is the peer's `ip:port`, when known. */
  readonly remoteAddress: string;
  /** forwardedFor is the `X-Forwarded-For` header. */
  readonly forwardedFor: string;
  /** forwardedProto is the `X-Forwarded-Proto` header. */
  readonly forwardedProto: string;
  /** authorization is the `Authorization` header. */
  readonly authorization: string;
  /** referer is the `Referer` header. */
  readonly referer: string;
  /** userAgent is the `User-Agent` header. */
  readonly userAgent: string;
  /** requestId is the `X-Request-Id` header. */
  readonly requestId: string;
  /** accept is the `Accept` header. */
  readonly accept: string;
}

/** requestKey is the context key under which every server stores the {@link HttpRequest}. */
export const requestKey = createKey<HttpRequest>('svckit.http.request');

/**
 * httpRequest returns the request being served, from a context made by an HTTP server (or any
 * context derived from it), else undefined.
 */
export function httpRequest(ctx: Context): HttpRequest | undefined {
  return ctx.value(requestKey);
}

/**
 * requestFacts returns the request facts of the request being served (Go kit's
 * `PopulateRequestContext`, computed on demand so that servers pay nothing when nobody asks),
 * or undefined outside an HTTP server.
 */
export function requestFacts(ctx: Context): RequestFacts | undefined {
  const req = ctx.value(requestKey);
  if (req === undefined) return undefined;
  const h = (name: string): string => req.header(name) ?? '';
  let host = h('host');
  if (host === '' && !isNodeRequest(req.raw)) host = hostOfURL(req.raw.url);
  return {
    method: req.method,
    url: req.url,
    path: req.path,
    protocol: req.protocol,
    host,
    remoteAddress: req.remoteAddress,
    forwardedFor: h('x-forwarded-for'),
    forwardedProto: h('x-forwarded-proto'),
    authorization: h('authorization'),
    referer: h('referer'),
    userAgent: h('user-agent'),
    requestId: h('x-request-id'),
    accept: h('accept'),
  };
}

function isNodeRequest(raw: IncomingMessage | Request): raw is IncomingMessage {
  return typeof (raw as IncomingMessage).socket === 'object';
}
