/**
 * @module @svckit/core/metrics/expvar
 *
 * A registry of in-memory metrics served as JSON, like Go's `/debug/vars` (Go kit's
 * `metrics/expvar`): `createExpvar()` is a metrics `Provider`; `expvarHandler` (node:http) and
 * `expvarFetchHandler` (Fetch API) serve it with `cmdline` and `memstats`.
 */
export type { Expvar, ExpvarOptions } from './expvar.js';
export { createExpvar } from './expvar.js';
export type { FetchHandler, NodeHandler, VarsSource } from './handler.js';
export { expvarFetchHandler, expvarHandler } from './handler.js';
