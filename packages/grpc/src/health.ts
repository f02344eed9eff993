import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Server as GrpcServer, ServerWritableStream } from '@grpc/grpc-js';
import { bindService } from './bind.js';
import {
  Health as HealthService,
  HealthCheckResponse_ServingStatus,
} from './gen/grpc/health/v1/health_pb.js';
import type {
  HealthCheckRequest,
  HealthCheckResponseSchema,
} from './gen/grpc/health/v1/health_pb.js';
import { stateOf } from './state.js';

/** ServingStatus is a service's health, as `grpc.health.v1` reports it. */
export type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN';

const wire: Readonly<Record<ServingStatus | 'SERVICE_UNKNOWN', HealthCheckResponse_ServingStatus>> =
  {
    UNKNOWN: HealthCheckResponse_ServingStatus.UNKNOWN,
    SERVING: HealthCheckResponse_ServingStatus.SERVING,
    NOT_SERVING: HealthCheckResponse_ServingStatus.NOT_SERVING,
    SERVICE_UNKNOWN: HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN,
  };

/** Health is the health service of one `grpc.Server` (grpc-go's `health.Server`). */
export interface Health {
  /**
   * setStatus sets the status of `service` ("" is the whole server) and tells its watchers.
   * Ignored once {@link Health.shutdown} ran.
   */
  setStatus(service: string, status: ServingStatus): void;
  /** status returns the status of `service`, or undefined for a service it does not know. */
  status(service: string): ServingStatus | undefined;
  /**
   * shutdown sets every service NOT_SERVING, tells the watchers, ends their Watch streams (so
   * a graceful shutdown is not held up by them) and ignores later changes. {@link shutdown}
   * calls it first.
   */
  shutdown(): void;
}

/** HealthOptions configure {@link addHealth}. */
export interface HealthOptions {
  /**
   * services are the service names reported SERVING besides "" (the whole server). Default:
   * every service bound with `bindService` on this server so far.
   */
  readonly services?: readonly string[];
}

type Watch = ServerWritableStream<
  HealthCheckRequest,
  MessageInitShape<typeof HealthCheckResponseSchema>
>;

/**
 * addHealth adds the standard gRPC health service `grpc.health.v1.Health` to a `grpc.Server`
 * and returns it: `Check` answers a service's status (NOT_FOUND for an unknown one), `Watch`
 * streams it now and at every change (SERVICE_UNKNOWN for an unknown one, until it becomes
 * known). "" and every bound service are SERVING until {@link shutdown} starts, when they turn
 * NOT_SERVING, so load balancers stop sending work before the server stops accepting it.
 * Probes such as `grpc-health-probe` and Kubernetes' gRPC probes call it.
 *
 * @example
 * bindService(server, Add, { sum, concat });
 * const health = addHealth(server); // "" and "pb.Add" SERVING
 */
export function addHealth(server: GrpcServer, options: HealthOptions = {}): Health {
  const state = stateOf(server);
  const statuses = new Map<string, ServingStatus>([['', 'SERVING']]);
  for (const name of options.services ?? state.services.map((s) => s.typeName)) {
    statuses.set(name, 'SERVING');
  }
  const watchers = new Map<string, Set<Watch>>();
  let stopped = false;

  const tell = (service: string): void => {
    const status = statuses.get(service);
    for (const call of watchers.get(service) ?? []) {
      call.write({ status: wire[status ?? 'SERVICE_UNKNOWN'] });
    }
  };

  const health: Health = {
    setStatus(service, status) {
      if (stopped || statuses.get(service) === status) return;
      statuses.set(service, status);
      tell(service);
    },
    status: (service) => statuses.get(service),
    shutdown() {
      if (stopped) return;
      for (const service of statuses.keys()) health.setStatus(service, 'NOT_SERVING');
      stopped = true;
      for (const set of watchers.values()) for (const call of set) call.end();
      watchers.clear();
    },
  };

  bindService(server, HealthService, {
    check: (call, callback) => {
      const status = statuses.get(call.request.service);
      if (status === undefined) {
        callback({ code: 5, details: `unknown service ${JSON.stringify(call.request.service)}` });
      } else callback(null, { status: wire[status] });
    },
    watch: (call) => {
      const service = call.request.service;
      call.write({ status: wire[statuses.get(service) ?? 'SERVICE_UNKNOWN'] });
      if (stopped) return void call.end();
      let set = watchers.get(service);
      if (set === undefined) watchers.set(service, (set = new Set()));
      set.add(call);
      call.on('cancelled', () => watchers.get(service)?.delete(call));
    },
  });
  state.onShutdown.push(() => health.shutdown());
  return health;
}
