/**
 * Registrar registers this service instance with a service discovery system and removes it on
 * shutdown (Go kit's `sd.Registrar`). Each backend (etcd, Consul, ZooKeeper, Eureka) provides
 * one; call `register` once the server listens and `deregister` before it stops.
 */
export interface Registrar {
  /** register announces the instance; backends that heartbeat keep doing so until deregister. */
  register(): void | Promise<void>;
  /** deregister withdraws the instance and stops any heartbeat. */
  deregister(): void | Promise<void>;
}
