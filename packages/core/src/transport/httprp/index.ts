/**
 * @module @svckit/core/transport/httprp
 *
 * The HTTP reverse proxy (Go kit's `transport/httprp`): {@link createProxy} forwards requests
 * to an origin's base URL as a `Server` with both faces, usable as a router target, with
 * `before` hooks that may change the outgoing request, streamed bodies, hop-by-hop headers
 * dropped, `X-Forwarded-*` set, Go's 502 for an unreachable origin, 504 past the deadline, and
 * the caller's deadline and cancellation carried to the origin.
 */
export { createProxy } from './proxy.js';
export type { ProxyOptions, ProxyRequest, ProxyRequestFunc } from './options.js';
export { defaultHeadersTimeout } from './options.js';
