/**
 * The listeners addsvc runs in its {@link RunGroup}: a `node:http` server on core's `listen`
 * (safe timeouts) and `shutdown` (graceful, bounded), a `grpc.Server` on `@svckit/grpc`'s
 * `listen` and `shutdown` (health NOT_SERVING first), and Go's `host:port` addresses.
 */
import type { Server as NodeServer } from 'node:http';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import { listen as grpcListen, shutdown as grpcShutdown } from '@svckit/grpc';
import { listen, shutdown } from '@svckit/core/transport/http';
import type { Server } from '@svckit/core/transport/http';
import type { Actor } from './run-group.js';

/** Address is a parsed `host:port`. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

/**
 * parseAddress reads a listen address as Go's `net.Listen` takes it: `host:port`, `:port`
 * (every interface), `[::1]:port`; port 0 picks a free one. It throws a RangeError otherwise.
 */
export function parseAddress(address: string): Address {
  const colon = address.lastIndexOf(':');
  const portText = address.slice(colon + 1);
  const port = Number(portText);
  if (colon < 0 || !/^\d{1,5}$/.test(portText) || port > 65535) {
    throw new RangeError(`invalid address ${JSON.stringify(address)}: want host:port`);
  }
  const host = colon === 0 ? '0.0.0.0' : address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

/** formatAddress writes host and port as `host:port` (`[::1]:port` for IPv6). */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** HTTPActor is a started HTTP listener. */
export interface HTTPActor extends Actor {
  /** address is the bound `host:port`. */
  readonly address: string;
  readonly server: NodeServer;
}

/**
 * startHTTP listens on address with handler and returns its {@link Actor}: done rejects if the
 * server fails after listening; stop is core's graceful `shutdown` (in-flight requests finish,
 * idle keep-alive connections close, the rest are cut at the timeout).
 */
export async function startHTTP(handler: Server, address: string): Promise<HTTPActor> {
  const { host, port } = parseAddress(address);
  const server = await listen(handler.node, { host, port });
  const bound = server.address();
  const done = new Promise<never>((_resolve, reject) => server.once('error', reject));
  return {
    server,
    address:
      typeof bound === 'object' && bound !== null
        ? formatAddress(bound.address, bound.port)
        : String(bound),
    done,
    stop: async (timeoutMs) => {
      await shutdown(server, { timeout: timeoutMs });
    },
  };
}

/** GRPCActor is a started gRPC listener. */
export interface GRPCActor extends Actor {
  readonly address: string;
  readonly server: GrpcServer;
}

/**
 * startGRPC binds server (its services already added) to address and returns its
 * {@link Actor}: stop is `@svckit/grpc`'s `shutdown` — health NOT_SERVING, no new calls, the
 * calls in flight finish, those left at the timeout are cancelled. grpc-js reports no failure
 * after binding, so done never settles.
 */
export async function startGRPC(server: GrpcServer, address: string): Promise<GRPCActor> {
  const { host, port: wanted } = parseAddress(address);
  const port = await grpcListen(server, formatAddress(host, wanted));
  return {
    server,
    address: formatAddress(host, port),
    done: new Promise<never>(() => {}),
    stop: async (timeoutMs) => {
      await grpcShutdown(server, { timeoutMs });
    },
  };
}
