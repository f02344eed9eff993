/**
 * @module
 * Go kit's apigateway in svckit: {@link createGateway} routes `/addsvc/*` to addsvc instances
 * over gRPC and `/stringsvc/*` to stringsvc instances over HTTP, each method through an
 * Endpointer, a round robin and a retry, the instances found through etcd or Consul
 * (`dist/main.js -etcd-url ...` or `-consul-addr ...`).
 */
export type { Gateway, GatewayOptions } from './gateway.js';
export { createGateway } from './gateway.js';
export { UpstreamError, stringsvcClient } from './stringsvc-client.js';
export type { GatewayFlags } from './main-flags.js';
export { gatewayFlags, instancersOf } from './main-flags.js';
