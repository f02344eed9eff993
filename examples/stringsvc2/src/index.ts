/**
 * @module
 * Go kit's stringsvc2 in svckit: stringsvc1 (`@svckit/example-stringsvc1`) plus what stringsvc2
 * adds — the service middleware type, the logging middleware, Go kit's three Prometheus metrics
 * and the wiring that serves them on `/metrics`. stringsvc3 reuses the middlewares and wiring.
 */
export type { ServiceMiddleware } from './service.js';
export { goDuration, loggingMiddleware } from './logging.js';
export type { Metrics } from './instrumenting.js';
export { makeMetrics } from './instrumenting.js';
export { makeHandler } from './transport.js';
export type { App } from './app.js';
export { makeApp } from './app.js';
