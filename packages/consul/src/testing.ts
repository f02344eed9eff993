/**
 * @module @svckit/consul/testing
 *
 * A protocol-faithful double of the Consul agent's HTTP API (the parts `@svckit/consul` uses:
 * health queries with blocking semantics, service registration, TTL and HTTP checks), for the
 * tests of services that discover or register through Consul where no agent runs.
 * {@link startConsulDouble} listens on 127.0.0.1.
 */
export type { ConsulDouble, DoubleInstance, Misbehaviour } from './testdata/consul-double.js';
export { startConsulDouble } from './testdata/consul-double.js';
