/**
 * @module @svckit/core/util/deadlines
 *
 * One timer for many pending calls: a min-heap of deadlines with a single `setTimeout` armed
 * for the earliest. Clients that multiplex calls over one connection (`@svckit/nats`,
 * `@svckit/amqp`) expire their calls with it instead of a timer per call.
 */
export type { DeadlineEntry, Deadlines } from './deadlines.js';
export { createDeadlines } from './deadlines.js';
