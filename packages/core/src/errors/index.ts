/**
 * @module @svckit/core/errors
 *
 * One error vocabulary for every transport: the 16 canonical {@link Code}s the industry already
 * shares (gRPC's status codes, in lower case), {@link ServiceError} to throw one in a single
 * call, and {@link codeOf} to read the code of anything thrown — svckit's own errors, Node's
 * system errors, aborts and timeouts. Each transport maps codes to its wire status once (HTTP:
 * `httpStatusOf` in `@svckit/core/transport/http`; gRPC: {@link codeNumber}; JSON-RPC:
 * `jsonRpcCodeOf` in `@svckit/core/transport/http/jsonrpc`). The resilience middlewares decide
 * with {@link isCalleeFailure} and honour {@link retryAfterMs}.
 *
 * Guards test codes and reasons, never `instanceof`, so two copies of svckit agree.
 */
export type { Code } from './code.js';
export { codes, isCode, codeNumber, codeFromNumber } from './code.js';
export type { ServiceErrorOptions } from './service-error.js';
export { ServiceError } from './service-error.js';
export { codeOf, reasonOf } from './code-of.js';
export { isCalleeFailure, retryAfterMs } from './classify.js';
