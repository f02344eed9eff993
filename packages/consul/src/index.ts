/**
 * @module @svckit/consul
 *
 * Service discovery on Consul (Go kit's `sd/consul`) over the agent's HTTP API with plain
 * `fetch`: {@link consulInstancer} follows a service with blocking queries that never loop
 * tight (go-kit#1214), {@link consulRegistrar} registers this instance with a TTL check it
 * keeps passing (or an HTTP check the agent runs), {@link createConsulClient} holds the
 * agent's address and token.
 */
export type { ConsulClient, ConsulClientOptions, ConsulResponse } from './client.js';
export { createConsulClient } from './client.js';
export type { ConsulInstancer, ConsulInstancerOptions } from './instancer.js';
export { consulInstancer } from './instancer.js';
export type { ConsulCheck, ConsulRegistrarOptions } from './registrar.js';
export { consulRegistrar } from './registrar.js';
