import type { DescService } from '@bufbuild/protobuf';
import type { Server as GrpcServer } from '@grpc/grpc-js';

/** ServerState is what svckit knows of a grpc.Server: what it serves, and its health service. */
export interface ServerState {
  /** services are the services bound with `bindService` (and health, once added). */
  readonly services: DescService[];
  /** onShutdown hooks run when `shutdown` starts (health turns NOT_SERVING). */
  readonly onShutdown: (() => void)[];
}

const states = new WeakMap<GrpcServer, ServerState>();

/** stateOf returns the state of server, made on first use. */
export function stateOf(server: GrpcServer): ServerState {
  let state = states.get(server);
  if (state === undefined) {
    state = { services: [], onShutdown: [] };
    states.set(server, state);
  }
  return state;
}
