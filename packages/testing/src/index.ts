/**
 * @module @svckit/testing
 *
 * Test helpers for svckit's own packages: find the backing services that
 * `scripts/services.sh up` runs (and skip, or fail under CI, when one is missing), pick free
 * ports, wait for them, run servers of a test's own in a process group it can kill, and run
 * the real Go kit peer programs of `gokit/` that the interop tests talk to.
 */
export { freePort } from './free-port.js';
export {
  GOKIT_PEERS,
  goKitBuild,
  goKitPeerPath,
  goKitSkip,
  runGoKitPeer,
  startGoKitPeer,
} from './gokit.js';
export type {
  GoKitBuild,
  GoKitPeer,
  GoKitPeerName,
  GoKitRun,
  StartGoKitPeerOptions,
} from './gokit.js';
export type { FreePortOptions } from './free-port.js';
export {
  BINARY_ENV_VARS,
  SERVICE_ENV_VARS,
  binaryPath,
  missingServiceAction,
  missingServiceMessage,
  requireBinary,
  requireService,
  serviceUrl,
} from './services.js';
export type { BinaryName, ServiceName } from './services.js';
export {
  findServicesEnvFile,
  lookupServiceVar,
  parseServicesEnv,
  readServicesEnv,
} from './services-env.js';
export { checkMetrics, promtoolPath } from './promtool.js';
export type { PromtoolResult } from './promtool.js';
export { startProcess } from './start-process.js';
export type { ProcessExit, StartProcessOptions, StartedProcess } from './start-process.js';
export { waitForPort } from './wait-for-port.js';
