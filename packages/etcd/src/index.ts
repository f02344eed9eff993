/**
 * @module @svckit/etcd
 *
 * Service discovery on etcd v3 (Go kit's `sd/etcdv3`), on the
 * [etcd3](https://github.com/microsoft/etcd3) client: {@link etcdInstancer} publishes the
 * values under a key prefix from a watch (no polling), {@link etcdRegistrar} writes this
 * instance under a lease it keeps alive (TTL 10 s, heartbeat 3 s) and writes it again after
 * the lease is lost, {@link createEtcdClient} makes a client that reconnects within a second.
 */
export type { EtcdClientOptions } from './client.js';
export { createEtcdClient } from './client.js';
export type { EtcdInstancer, EtcdInstancerOptions } from './instancer.js';
export { etcdInstancer } from './instancer.js';
export type { EtcdRegistrarOptions } from './registrar.js';
export { etcdRegistrar } from './registrar.js';
