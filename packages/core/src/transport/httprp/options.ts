import type { Context } from '../../context/index.js';
import type { Agent } from 'node:http';
import type { ErrorHandler } from '../error-handler.js';

/**
 * ProxyRequest is the outgoing request a proxy builds per incoming one, which `before` hooks
 * may change (Go kit's `httprp.RequestFunc` gets the `*http.Request`): the method, the origin
 * URL (the target joined with the request's path and query) and the headers (lower-case
 * names; hop-by-hop headers already dropped, `X-Forwarded-*` already set). The body is the
 * incoming one, streamed.
 */
export interface ProxyRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[]>;
}

/** ProxyRequestFunc may change the outgoing request and returns the context to go on with. */
export type ProxyRequestFunc = (ctx: Context, request: ProxyRequest) => Context;

/** ProxyOptions tune {@link createProxy}; all optional. */
export interface ProxyOptions {
  /** before hooks run in order on the outgoing request, before it is sent. */
  readonly before?: readonly ProxyRequestFunc[];
  /** errorHandler sees every error: the origin unreachable, the deadline, the client gone. */
  readonly errorHandler?: ErrorHandler;
  /**
   * preserveHost sends the incoming `Host` to the origin (Go's `NewSingleHostReverseProxy`).
   * Default false: the origin gets its own host as `Host` (what virtual-hosted origins need),
   * the incoming one in `X-Forwarded-Host`.
   */
  readonly preserveHost?: boolean;
  /**
   * stripPrefix is removed from the start of the path before it is joined to the target, for
   * a proxy mounted on a router under a prefix (`/api/users` → `<target>/users`).
   */
  readonly stripPrefix?: string;
  /**
   * headersTimeoutMs bounds the wait for the origin's response headers; beyond it the answer
   * is 504. Default 30 000. The caller's deadline (`Connect-Timeout-Ms`) bounds the whole
   * exchange and goes on to the origin.
   */
  readonly headersTimeoutMs?: number;
  /** maxTimeoutMs caps the caller's deadline, as the HTTP server's option. Default: none. */
  readonly maxTimeoutMs?: number;
  /** agent is the connection pool to the origin (Node face). Default: a keep-alive agent. */
  readonly agent?: Agent;
}

/** defaultHeadersTimeout is how long a proxy waits for the origin's response headers: 30 s. */
export const defaultHeadersTimeout = 30_000;
