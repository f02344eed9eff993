import { connect } from 'amqplib';
import type {
  Channel,
  ChannelModel,
  Options,
  RecoveringChannelModel,
  SocketOptions,
} from 'amqplib';
import { ServiceError } from '@svckit/core/errors';
import { exponential } from '@svckit/core/util/conn';

/** Setup runs on every new channel: declare queues, start consumers (again after a reconnect). */
export type Setup = (channel: Channel) => Promise<void>;

/**
 * Connection is a broker connection that recovers by itself (amqplib's recovery, with core's
 * back-off): after the broker or the network comes back it reconnects, opens a new channel and
 * runs every registered {@link Setup} on it, so consumers are re-declared. While it is down
 * {@link Connection.channel} is undefined and callers wait for {@link Connection.ready} up to
 * their own deadline.
 */
export interface Connection {
  /** channel is the current channel, undefined while disconnected. */
  readonly channel: Channel | undefined;
  /** ready resolves with the current channel, waiting for one (until `signal` aborts). */
  ready(signal?: AbortSignal): Promise<Channel>;
  /**
   * onChannel runs a setup on the current channel if there is one and registers it for every
   * channel after (a setup that throws now is not registered, and its error is thrown); the
   * returned function unregisters it.
   */
  onChannel(setup: Setup): Promise<() => void>;
  /** onLost registers a listener called when the channel is lost (broker gone, channel error). */
  onLost(listener: (channel: Channel) => void): () => void;
  /** close closes the channel and the connection; no reconnection after it. */
  close(): Promise<void>;
}

/** ConnectionOptions tune {@link createConnection}. */
export interface ConnectionOptions {
  /** socket options: TLS (`ca`, `cert`, `key`, `servername`), timeouts, heartbeats. */
  readonly socket?: SocketOptions;
  /** initialBackoffMs is the first wait before reconnecting. Default 100. */
  readonly initialBackoffMs?: number;
  /** maxBackoffMs caps the back-off (doubled, with jitter: core's `exponential`). Default 2000. */
  readonly maxBackoffMs?: number;
  /** prefetch is the channel's prefetch count (unacked deliveries in flight). Default 100. */
  readonly prefetch?: number;
  /** onError sees connection and channel errors (log them). Default: nothing. */
  readonly onError?: (err: unknown) => void;
}

/**
 * createConnection connects to a broker (`amqp://` or `amqps://` URL) and keeps a channel open
 * on it, reconnecting with back-off when the broker goes and comes back. The first connection
 * must succeed: it rejects when the broker cannot be reached.
 *
 * @example
 * const conn = await createConnection('amqp://guest:guest@127.0.0.1:5672');
 * await server.consume(conn, 'addsvc.sum');
 */
export async function createConnection(
  url: string | Options.Connect,
  options: ConnectionOptions = {},
): Promise<Connection> {
  const initial = options.initialBackoffMs ?? 100;
  const max = options.maxBackoffMs ?? 2000;
  const prefetch = options.prefetch ?? 100;
  const onError = options.onError ?? (() => undefined);
  const setups = new Set<Setup>();
  const lost = new Set<(channel: Channel) => void>();
  let waiters: ((ch: Channel) => void)[] = [];
  let current: Channel | undefined;
  let closing = false;
  let delay = initial;

  const open = async (model: ChannelModel): Promise<void> => {
    const ch = await model.createChannel();
    ch.on('error', onError);
    ch.on('close', () => {
      const wasCurrent = current === ch;
      if (wasCurrent) current = undefined;
      for (const l of lost) l(ch);
      // The channel in use closed on a live connection (a channel error): open another. A
      // channel whose setup failed is not reopened (the setup would fail again).
      if (wasCurrent && !closing) {
        setTimeout(() => void open(model).catch(onError), 0).unref();
      }
    });
    await ch.prefetch(prefetch);
    for (const s of setups) await s(ch);
    current = ch;
    delay = initial;
    const w = waiters;
    waiters = [];
    for (const f of w) f(ch);
  };

  const model: RecoveringChannelModel = await connect(url, {
    ...options.socket,
    recovery: {
      initialMaxRetries: 0,
      maxRetries: Infinity,
      calculateDelay: () => {
        const d = delay;
        delay = exponential(delay, max);
        return Math.min(d, max);
      },
      setup: (m: ChannelModel) => open(m),
    },
  });
  model.on('error', onError);
  model.on('disconnect', onError);

  return {
    get channel() {
      return current;
    },
    ready(signal) {
      if (current !== undefined) return Promise.resolve(current);
      if (closing)
        return Promise.reject(new ServiceError('unavailable', 'amqp: connection closed'));
      if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
      return new Promise<Channel>((resolve, reject) => {
        const onAbort = (): void => {
          waiters = waiters.filter((w) => w !== done);
          reject(signal?.reason);
        };
        const done = (ch: Channel): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(ch);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(done);
      });
    },
    async onChannel(setup) {
      // Run first: a setup that fails (a queue declared with other arguments) is not kept.
      if (current !== undefined) await setup(current);
      setups.add(setup);
      return () => void setups.delete(setup);
    },
    onLost(listener) {
      lost.add(listener);
      return () => void lost.delete(listener);
    },
    async close() {
      closing = true;
      const ch = current;
      current = undefined;
      await ch?.close().catch(() => undefined);
      await model.close().catch(() => undefined);
    },
  };
}
