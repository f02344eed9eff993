/**
 * @module @svckit/core/sd/conformance
 *
 * The conformance suite every `Instancer` passes (fixed, DNS SRV, and the backends in
 * adapter packages): call {@link instancerConformance} from a `node:test` file with a harness
 * that starts the backend and changes its instances. It imports `node:test` and
 * `node:assert`, so import it from tests only.
 */
export type { InstancerHarness, InstancerConformanceOptions } from './instancer-conformance.js';
export { instancerConformance } from './instancer-conformance.js';
