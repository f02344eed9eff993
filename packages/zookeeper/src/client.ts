import zookeeper from 'node-zookeeper-client';
import type { Socket } from 'node:net';
import type { Client } from 'node-zookeeper-client';
import type { Logger } from '@svckit/core/log';

/** ZooKeeperState is the session state a {@link ZooKeeperClient} reports to its listeners. */
export type ZooKeeperState = 'connected' | 'disconnected' | 'expired';

/** ZooKeeperClientOptions configures {@link createZooKeeperClient}. */
export interface ZooKeeperClientOptions {
  /**
   * sessionTimeoutMs is the session timeout asked of the server (Go kit's `SessionTimeout`,
   * default 10 000; the server bounds it to 2–20 ticks): the ephemeral nodes of a process that
   * died go that long after its last heartbeat.
   */
  sessionTimeoutMs?: number;
  /** spinDelayMs is the most to wait between rounds of connection attempts. Default 200. */
  spinDelayMs?: number;
  /**
   * handshakeTimeoutMs bounds the wait for the server's answer once a connection is open.
   * node-zookeeper-client waits for it without a limit, so a connection made while a server
   * starts can hang; it is closed then, and the next attempt (same session) follows.
   * Default 2000.
   */
  handshakeTimeoutMs?: number;
  /** logger receives session changes (`msg`, `state`). */
  logger?: Logger;
}

/**
 * ZooKeeperClient is a ZooKeeper connection that outlives its sessions (Go kit's `zk.Client`):
 * when a session expires (the ensemble forgot it, ephemeral nodes and watches gone) it opens a
 * new one, and tells its listeners, which then register and watch again.
 */
export interface ZooKeeperClient {
  /** current returns the client of the current session (a new one after each expiry). */
  current(): Client;
  /** state is the current session state. */
  state(): ZooKeeperState;
  /** onState adds a listener of state changes; the returned function removes it. */
  onState(listener: (state: ZooKeeperState) => void): () => void;
  /** connected resolves once a session is established (rejects after `timeoutMs`, default 10 000). */
  connected(timeoutMs?: number): Promise<void>;
  /** close ends the session (its ephemeral nodes go at once) and stops reconnecting. */
  close(): void;
}

/**
 * createZooKeeperClient connects to `servers` (`'127.0.0.1:2181'` or several, comma-joined or
 * in an array) with [node-zookeeper-client](https://github.com/alexguan/node-zookeeper-client)
 * and keeps a session open: reconnecting after a lost connection (within the session, watches
 * and ephemeral nodes survive) and opening a new session after an expiry.
 *
 * @example
 * const client = createZooKeeperClient('127.0.0.1:2181');
 * await client.connected();
 */
export function createZooKeeperClient(
  servers: string | readonly string[],
  options: ZooKeeperClientOptions = {},
): ZooKeeperClient {
  const connection = typeof servers === 'string' ? servers : servers.join(',');
  const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
  const spinDelay = options.spinDelayMs ?? 200;
  const logger = options.logger;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 2000;
  let listeners: ((state: ZooKeeperState) => void)[] = [];
  let state: ZooKeeperState = 'disconnected';
  let closed = false;

  const emit = (next: ZooKeeperState): void => {
    if (state === next) return;
    state = next;
    logger?.log('msg', 'zookeeper session', 'state', next);
    for (const listener of listeners.slice()) listener(next);
  };

  const open = (): Client => {
    const client = zookeeper.createClient(connection, { sessionTimeout, spinDelay, retries: 0 });
    client.on('connected', () => {
      if (client === raw) emit('connected');
    });
    client.on('disconnected', () => {
      if (client === raw && !closed) emit('disconnected');
    });
    client.on('expired', () => {
      if (client !== raw || closed) return;
      emit('expired');
      client.close();
      raw = open(); // a new session; listeners hear 'connected' once it is established
    });
    client.connect();
    return client;
  };
  let raw = open();

  // The watchdog, on the library's connection manager: a handshake that gets no answer (see
  // handshakeTimeoutMs), and a session whose server went silent. The library pings an idle
  // connection every third of the session timeout but never gives up on one that stays
  // silent (a hung server, a cut without a reset): after two thirds of the session timeout
  // without a byte read (the negotiated timeout), the connection is closed and the next attempt (same session) follows.
  let handshaking: { socket: Socket; since: number } | undefined;
  let reading: { socket: Socket; bytes: number; since: number } | undefined;
  const watchdog = setInterval(
    () => {
      const socket = (raw as unknown as { connectionManager?: { socket?: Socket } })
        .connectionManager?.socket;
      if (socket === undefined || socket.connecting || socket.destroyed) {
        handshaking = undefined;
        reading = undefined;
        return;
      }
      const now = Date.now();
      if (state === 'connected') {
        handshaking = undefined;
        if (reading?.socket !== socket || reading.bytes !== socket.bytesRead) {
          reading = { socket, bytes: socket.bytesRead, since: now };
        } else if (now - reading.since >= Math.floor((raw.getSessionTimeout() * 2) / 3)) {
          logger?.log('msg', 'zookeeper server silent, reconnecting');
          reading = undefined;
          socket.destroy();
        }
        return;
      }
      reading = undefined;
      if (handshaking?.socket !== socket) handshaking = { socket, since: now };
      else if (now - handshaking.since >= handshakeTimeoutMs) {
        logger?.log('msg', 'zookeeper handshake timed out, reconnecting');
        handshaking = undefined;
        socket.destroy();
      }
    },
    Math.max(50, Math.min(500, handshakeTimeoutMs / 4)),
  );
  watchdog.unref();

  return {
    current: () => raw,
    state: () => state,
    onState(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    connected(timeoutMs = 10_000) {
      if (state === 'connected') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`zookeeper: no session with ${connection} within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = this.onState((s) => {
          if (s !== 'connected') return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(watchdog);
      listeners = [];
      raw.close();
    },
  };
}
