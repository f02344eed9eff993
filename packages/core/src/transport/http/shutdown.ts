import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';

/** ShutdownOptions tunes {@link shutdown}. */
export interface ShutdownOptions {
  /**
   * timeout bounds the wait for in-flight requests, in ms (default
   * {@link defaultShutdownTimeout}). When it passes, the connections left are destroyed and
   * reported.
   */
  readonly timeout?: number | undefined;
}

/** ShutdownReport says how a {@link shutdown} went. */
export interface ShutdownReport {
  /** graceful is true when every connection ended before the timeout. */
  readonly graceful: boolean;
  /** destroyed counts the connections destroyed when the timeout passed (0 when graceful). */
  readonly destroyed: number;
  /** elapsed is how long the shutdown took, in ms. */
  readonly elapsed: number;
}

/** defaultShutdownTimeout is the default bound of {@link shutdown}: 10 seconds. */
export const defaultShutdownTimeout = 10_000;

/** The longest pause between two sweeps of idle keep-alive connections, in ms. */
const maxSweepInterval = 50;

/**
 * shutdown stops a `node:http` or `node:https` server gracefully (Go's `http.Server.Shutdown`,
 * which Go kit services call on SIGTERM): it stops accepting connections at once, lets the
 * requests in flight finish, closes keep-alive connections as soon as they are idle (requests
 * that still arrive on an open connection are served with `Connection: close`), and resolves
 * when no connection is left. If that takes longer than `timeout`, the remaining connections
 * are destroyed and the report says how many (`graceful: false`). Never rejects; an invalid
 * timeout throws a RangeError before anything is done.
 *
 * @example
 * process.once('SIGTERM', async () => {
 *   const report = await shutdown(server, { timeout: 5000 });
 *   if (!report.graceful) console.error(`destroyed ${report.destroyed} connections`);
 * });
 */
export function shutdown(
  server: Server | HttpsServer,
  options: ShutdownOptions = {},
): Promise<ShutdownReport> {
  const timeout = options.timeout ?? defaultShutdownTimeout;
  if (!(timeout >= 0 && timeout < 2 ** 31)) {
    throw new RangeError(`shutdown: timeout must be a number of ms >= 0, got ${timeout}`);
  }
  const started = performance.now();
  return new Promise<ShutdownReport>((resolve) => {
    let settled = false;
    let sweepTimer: ReturnType<typeof setTimeout> | undefined;
    let sweepInterval = 1;

    const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
      // Runs before the application's handler: the connection closes after this response.
      if (!res.headersSent) res.setHeader('connection', 'close');
    };
    const finish = (graceful: boolean, destroyed: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(sweepTimer);
      clearTimeout(deadline);
      server.off('request', onRequest);
      resolve({ graceful, destroyed, elapsed: performance.now() - started });
    };
    // Like Go's Shutdown, sweep idle connections with a growing interval: in-flight requests
    // leave their connection idle when they finish.
    const sweep = (): void => {
      server.closeIdleConnections();
      sweepInterval = Math.min(sweepInterval * 2, maxSweepInterval);
      sweepTimer = setTimeout(sweep, sweepInterval);
      sweepTimer.unref();
    };
    const deadline = setTimeout(() => {
      server.getConnections((_err, count) => {
        if (settled) return;
        server.closeAllConnections();
        // Upgraded sockets are not tracked by closeAllConnections; report them all the same.
        finish(false, count);
      });
    }, timeout);

    server.prependListener('request', onRequest);
    // Stop accepting now. The callback runs once every connection is gone (with
    // ERR_SERVER_NOT_RUNNING when the server was not listening, which changes nothing here).
    // Node's close() also closes the idle connections at once, and an idle keep-alive
    // connection may hold a request that arrived but is not read yet: that request would be
    // lost. So that sweep is suppressed here, and the first sweep waits for one full pass of
    // the event loop's poll phase, which reads (and starts handling) whatever already arrived.
    const own = Object.getOwnPropertyDescriptor(server, 'closeIdleConnections');
    server.closeIdleConnections = noop;
    try {
      server.close(() => finish(true, 0));
    } finally {
      if (own === undefined)
        delete (server as { closeIdleConnections?: unknown }).closeIdleConnections;
      else Object.defineProperty(server, 'closeIdleConnections', own);
    }
    setImmediate(() => setImmediate(sweep));
  });
}

function noop(): void {}
