import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Logger } from '../../log/index.js';
import { defaultInitialBackoffMs, defaultMaxBackoffMs, exponential } from './backoff.js';
import { ConnectionUnavailableError } from './errors.js';

/** Dialer opens a connection; it rejects when the peer is unreachable. */
export type Dialer = () => Promise<Socket>;

/** AfterFunc schedules fn after ms and returns a cancel function (Go kit's `AfterFunc`). */
export type AfterFunc = (ms: number, fn: () => void) => () => void;

/** ManagerOptions configures {@link createManager}. Give `host`+`port` or a `dial` function. */
export interface ManagerOptions {
  /** host to dial over TCP (default dialer). */
  host?: string;
  /** port to dial over TCP (default dialer). */
  port?: number;
  /** dial replaces the default TCP dialer. */
  dial?: Dialer;
  /** dialTimeoutMs bounds one TCP dial of the default dialer; default 5000. */
  dialTimeoutMs?: number;
  /** initialBackoffMs is the first wait after a failed dial; default 1000. */
  initialBackoffMs?: number;
  /** maxBackoffMs caps the exponential back-off; default 60000. */
  maxBackoffMs?: number;
  /** after schedules reconnects; default an unref'd setTimeout (tests inject their own). */
  after?: AfterFunc;
  /** logger receives dial and write failures. */
  logger?: Logger;
  /** unref lets the process exit while the connection is open; default true. */
  unref?: boolean;
}

/**
 * Manager keeps one connection up (Go kit's `conn.Manager`): it dials at once, re-dials with
 * exponential back-off (×2, jitter, capped) after a failed dial, and re-dials immediately
 * after a failed write or a closed connection. While down, writes reject with
 * {@link ConnectionUnavailableError}; nothing is queued.
 */
export interface Manager {
  /** write sends data on the current connection; resolves once handed to the kernel. */
  write(data: string | Uint8Array): Promise<void>;
  /** take returns the current connection, or undefined while down. */
  take(): Socket | undefined;
  /** put reports the outcome of using the connection; an error invalidates it. */
  put(err?: Error): void;
  /** connected reports whether a connection is up. */
  connected(): boolean;
  /**
   * whenConnected resolves true once a connection is up, or false after timeoutMs or when the
   * manager is closed. It never rejects.
   */
  whenConnected(timeoutMs: number): Promise<boolean>;
  /** backoffMs is the wait before the next dial after a failure (for observability). */
  backoffMs(): number;
  /** close ends the connection after pending writes and stops reconnecting. */
  close(): Promise<void>;
}

/** createManager starts dialing and returns the manager. */
export function createManager(options: ManagerOptions): Manager {
  const initial = options.initialBackoffMs ?? defaultInitialBackoffMs;
  const maxMs = options.maxBackoffMs ?? defaultMaxBackoffMs;
  const after = options.after ?? defaultAfter;
  const unref = options.unref ?? true;
  const dial = options.dial ?? tcpDialer(options);
  let conn: Socket | undefined;
  let backoff = initial;
  let dialing = false;
  let closed = false;
  let cancelTimer: (() => void) | undefined;
  const waiters = new Set<(up: boolean) => void>();
  const wake = (up: boolean): void => {
    for (const w of waiters) w(up);
    waiters.clear();
  };

  const log = (...kv: unknown[]): void => options.logger?.log('component', 'conn', ...kv);

  const schedule = (ms: number): void => {
    if (closed || dialing || cancelTimer !== undefined) return;
    cancelTimer = after(ms, () => {
      cancelTimer = undefined;
      redial();
    });
  };

  const redial = (): void => {
    if (closed || dialing || conn !== undefined) return;
    dialing = true;
    dial().then(
      (socket) => {
        dialing = false;
        if (closed) {
          socket.destroy();
          return;
        }
        if (unref) socket.unref();
        conn = socket;
        backoff = initial;
        wake(true);
        const invalidate = (err: Error): void => {
          if (conn === socket) manager.put(err);
        };
        socket.on('error', invalidate);
        socket.on('close', () => invalidate(new Error('connection closed')));
      },
      (err: unknown) => {
        dialing = false;
        backoff = exponential(backoff, maxMs);
        log('err', (err as Error).message, 'backoff_ms', Math.round(backoff));
        schedule(backoff);
      },
    );
  };

  const manager: Manager = {
    take: () => conn,
    put(err) {
      if (err === undefined || conn === undefined) return;
      log('err', err.message);
      const bad = conn;
      conn = undefined;
      bad.destroy();
      schedule(0); // reconnect at once; a failure then backs off
    },
    write(data) {
      const socket = conn;
      if (socket === undefined || socket.destroyed) {
        return Promise.reject(new ConnectionUnavailableError());
      }
      return new Promise<void>((resolve, reject) => {
        socket.write(data, (err) => {
          if (err) {
            if (conn === socket) manager.put(err);
            reject(err);
          } else resolve();
        });
      });
    },
    connected: () => conn !== undefined,
    whenConnected(timeoutMs) {
      if (conn !== undefined) return Promise.resolve(true);
      if (closed) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        // Referenced on purpose: a caller awaiting this (stop() at shutdown) must get its
        // answer before the process exits.
        const timer = setTimeout(() => done(false), timeoutMs);
        const done = (up: boolean): void => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(up);
        };
        waiters.add(done);
      });
    },
    backoffMs: () => backoff,
    close() {
      closed = true;
      wake(false);
      cancelTimer?.();
      cancelTimer = undefined;
      const socket = conn;
      conn = undefined;
      if (socket === undefined || socket.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
      });
    },
  };
  redial();
  return manager;
}

function defaultAfter(ms: number, fn: () => void): () => void {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
}

function tcpDialer(options: ManagerOptions): Dialer {
  const { host, port } = options;
  if (typeof host !== 'string' || typeof port !== 'number') {
    throw new TypeError('createManager: give host and port, or a dial function');
  }
  const timeoutMs = options.dialTimeoutMs ?? 5000;
  return () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`dial ${host}:${port}: timeout after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      });
    });
}
