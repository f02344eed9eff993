/**
 * @module @svckit/core/sd/conformance
 *
 * The conformance suites of service discovery backends: every `Instancer` passes
 * {@link instancerConformance} (fixed, DNS SRV, and the backends in adapter packages), every
 * `Registrar` passes {@link registrarConformance} (etcd, ZooKeeper, Consul, Eureka). Call them
 * from a `node:test` file with a harness that starts the backend. They import `node:test` and
 * `node:assert`, so import this entry from tests only; a registrar's test script (the other
 * process of the kill test) uses {@link announceRegistered}. A backend's own tests watch an
 * instancer with {@link recordEvents}: every event it sent, and waits for one.
 */
export type { EventRecorder } from './event-recorder.js';
export { recordEvents, showEvents } from './event-recorder.js';
export type { InstancerHarness, InstancerConformanceOptions } from './instancer-conformance.js';
export { instancerConformance } from './instancer-conformance.js';
export type { RegistrarHarness, RegistrarConformanceOptions } from './registrar-conformance.js';
export { registrarConformance } from './registrar-conformance.js';
export type { RegistrarProcess } from './registrar-process.js';
export { REGISTERED_LINE, announceRegistered, startRegistrarProcess } from './registrar-process.js';
