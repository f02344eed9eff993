/**
 * @module @svckit/core/sd
 *
 * Service discovery (Go kit's `sd`): an {@link Instancer} publishes the `host:port` instances
 * of a service as {@link Event}s; an {@link Endpointer} turns them into endpoints through a
 * {@link Factory}, building, keeping and closing one endpoint per instance; a
 * {@link Registrar} announces this instance. Backends live in sub-entries
 * (`@svckit/core/sd/dnssrv`, adapter packages); balancers and retries in `@svckit/core/sd/lb`;
 * the conformance suite every instancer passes in `@svckit/core/sd/conformance`.
 */
export type { Event, Observer, Instancer } from './event.js';
export type { InstanceCache, InstanceCacheOptions } from './instance-cache.js';
export { createInstanceCache } from './instance-cache.js';
export type { Factory, Endpointer, EndpointerOptions, ClosableEndpointer } from './endpointer.js';
export { createEndpointer } from './endpointer.js';
export { fixedInstancer, fixedEndpointer } from './fixed.js';
export type { Registrar } from './registrar.js';
