/**
 * @module @svckit/testing
 *
 * Test helpers for svckit's own packages: find the backing services that
 * `scripts/services.sh up` runs (and skip, or fail under CI, when one is missing), pick free
 * ports, wait for them, and run servers of a test's own in a process group it can kill.
 */
export { freePort } from './free-port.js';
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
