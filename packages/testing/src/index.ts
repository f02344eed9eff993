/**
 * @module @svckit/testing
 *
 * Test helpers for svckit's own packages: the table of real test servers (SERVERS) that
 * `scripts/services.sh up [name…]` starts on 127.0.0.1; finding them and their binaries from a
 * test (and skipping, or failing under CI, when one is missing); free ports, waiting for them,
 * and servers of a test's own in a process group it can kill; throwaway TLS certificates;
 * coverage floors per workspace.
 * The real Go kit peer programs of `gokit/` that the interop tests talk to, and Go kit's addsvc
 * without a transport (its rules, messages and endpoints) for the transports' drop-ins.
 */
export { freePort, portFree } from './free-port.js';
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
export { SEARCH_DIRS, fileEnvVar, findFile } from './find-file.js';
export type { FileSpec, FindFileOptions } from './find-file.js';
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
export { SERVERS, serverSpec, serviceNames } from './server-table.js';
export type { ConfigFile, Probe, ProcessSpec, ServerContext, ServerSpec } from './server-spec.js';
export { dnsProbe, exchangeProbe, httpProbe, tcpProbe } from './probes.js';
export {
  findServicesEnvFile,
  lookupServiceVar,
  parseServicesEnv,
  readServicesEnv,
} from './services-env.js';
export { checkMetrics, promtoolPath } from './promtool.js';
export type { PromtoolResult } from './promtool.js';
export { pidAlive, processStartTime, signalGroup, stopGroup } from './process-group.js';
export { startProcess } from './start-process.js';
export type { ProcessExit, StartProcessOptions, StartedProcess } from './start-process.js';
export { waitForPort } from './wait-for-port.js';
export {
  addsvcConcat,
  addsvcErrors,
  addsvcSum,
  concatResponse,
  localAddSet,
  str2err,
  sumResponse,
} from './addsvc.js';
export type {
  AddResult,
  ConcatRequest,
  ConcatResponse,
  LocalAddSet,
  SumRequest,
  SumResponse,
} from './addsvc.js';
export { makeTestCerts } from './test-certs.js';
export type { TestCertFiles, TestCerts } from './test-certs.js';
export { startTcpProxy } from './tcp-proxy.js';
export type { TcpProxy } from './tcp-proxy.js';
export { declaredServices, findRepoRoot, workspacePackages } from './workspace.js';
export type { HarnessManifest, WorkspacePackage } from './workspace.js';
export { formatCoverage, summarize, typeOnly } from './coverage.js';
export type { Counted, FileCoverage, PackageCoverage } from './coverage.js';
export { createServices } from './services-control.js';
export type { Services, ServicesStatus } from './services-control.js';
