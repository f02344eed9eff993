/**
 * @module @svckit/core/metrics/expvar
 *
 * A registry of in-memory metrics served as JSON, like Go's `/debug/vars` (Go kit's
 * `metrics/expvar`): `createExpvar()` is a metrics `Provider`; `expvarHandler` serves it with `cmdline` and
 * `memstats`, as an HTTP `Server` (the `node` and `fetch` faces of every svckit handler).
 */
export type { Expvar, ExpvarOptions } from './expvar.js';
export { createExpvar } from './expvar.js';
export type { VarsSource } from './handler.js';
export { expvarHandler } from './handler.js';
