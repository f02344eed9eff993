/**
 * @module @svckit/core/sd/dnssrv
 *
 * A DNS SRV instancer on `node:dns` (Go kit's `sd/dnssrv`): re-resolves a name's SRV records
 * every interval and publishes their targets as `host:port` instances.
 */
export type { DnsSrvOptions, DnsSrvInstancer, Lookup } from './instancer.js';
export { dnsSrvInstancer, PortZeroError } from './instancer.js';
