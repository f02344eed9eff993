/**
 * @module @svckit/core/util/conn
 *
 * A reconnecting connection manager for metric writers over TCP (Go kit's `util/conn`): dial
 * at once, back off exponentially (×2 with jitter, capped at a minute) while the peer is down,
 * fail writes with "connection unavailable" meanwhile, and recover by itself.
 */
export { defaultInitialBackoffMs, defaultMaxBackoffMs, exponential } from './backoff.js';
export { ConnectionUnavailableError, isConnectionUnavailable } from './errors.js';
export type { AfterFunc, Dialer, Manager, ManagerOptions } from './manager.js';
export { createManager } from './manager.js';
