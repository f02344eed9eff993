/**
 * @module @svckit/eureka
 *
 * Service discovery on Netflix Eureka (Go kit's `sd/eureka`) over its REST API with plain
 * `fetch`: {@link eurekaInstancer} polls an application's instances, {@link eurekaRegistrar}
 * registers this instance, heartbeats, registers again on a 404 and deregisters on stop,
 * {@link createEurekaClient} holds the server's URL.
 */
export type { EurekaClient, EurekaClientOptions } from './client.js';
export { createEurekaClient } from './client.js';
export type { EurekaInstance } from './instance.js';
export { instancesOf } from './instance.js';
export type { EurekaInstancer, EurekaInstancerOptions } from './instancer.js';
export { eurekaInstancer } from './instancer.js';
export type { EurekaRegistrarOptions } from './registrar.js';
export { eurekaRegistrar } from './registrar.js';
