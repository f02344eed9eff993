/**
 * @module @svckit/core/bulkhead
 *
 * A concurrency limit for endpoints: {@link bulkhead} runs at most `maxConcurrent` calls at
 * once, queues up to `maxQueue` more, and rejects the rest with {@link BulkheadRejectedError}
 * ("bulkhead full"). Go kit has no equivalent (Hystrix's `MaxConcurrentRequests` is closest).
 */
export type { Bulkhead, BulkheadOptions, BulkheadRejection } from './bulkhead.js';
export { BulkheadRejectedError, createBulkhead } from './bulkhead.js';
export { bulkhead } from './middleware.js';
