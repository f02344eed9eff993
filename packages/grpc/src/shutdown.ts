import type { Server as GrpcServer } from '@grpc/grpc-js';
import { serverCredentials } from './credentials.js';
import type { ServerTlsOptions } from './credentials.js';
import { stateOf } from './state.js';

/**
 * listen binds a `grpc.Server` to `address` (`127.0.0.1:0` picks a free port) with TLS when
 * `tls` is given (mutual TLS with its `clientCA`), plaintext otherwise, and resolves to the
 * port bound. grpc-js starts serving once bound.
 *
 * @example
 * const port = await listen(server, '127.0.0.1:8082');
 */
export function listen(
  server: GrpcServer,
  address: string,
  tls?: ServerTlsOptions,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, serverCredentials(tls), (err, port) =>
      err === null ? resolve(port) : reject(err),
    );
  });
}

/** ShutdownOptions configure {@link shutdown}. */
export interface ShutdownOptions {
  /**
   * timeoutMs bounds the wait for in-flight calls; past it the remaining calls are cancelled
   * (`forceShutdown`). Default 10 000 ms.
   */
  readonly timeoutMs?: number;
}

/** ShutdownReport says how a {@link shutdown} ended. */
export interface ShutdownReport {
  /** forced is true when calls were still running at the timeout and were cancelled. */
  readonly forced: boolean;
}

/**
 * shutdown stops a `grpc.Server` gracefully: the health service (if {@link addHealth} added
 * one) turns NOT_SERVING and its Watch streams end, the server stops taking new calls (GOAWAY
 * to every connection) and waits for the calls in flight to finish; after `timeoutMs` it
 * cancels those still running. It resolves once the server is stopped.
 *
 * @example
 * process.once('SIGTERM', () => void shutdown(server, { timeoutMs: 5000 }));
 */
export function shutdown(
  server: GrpcServer,
  options: ShutdownOptions = {},
): Promise<ShutdownReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  for (const hook of stateOf(server).onShutdown.splice(0)) hook();
  return new Promise((resolve) => {
    let forced = false;
    const timer = setTimeout(() => {
      forced = true;
      server.forceShutdown();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve({ forced });
    });
  });
}
