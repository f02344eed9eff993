/**
 * @module @svckit/core/endpoint
 *
 * Endpoints and middlewares: `(ctx, request) => Promise<response>` and
 * `(endpoint) => endpoint` (Go kit's `endpoint` package), plus the {@link Failer} capability
 * for business errors carried inside responses.
 */
export type { Endpoint, GenericMiddleware, Middleware } from './endpoint.js';
export { chain, nop } from './endpoint.js';
export type { Failer } from './failer.js';
export { isFailer, failedError } from './failer.js';
