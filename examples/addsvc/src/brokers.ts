/**
 * The broker-side "listeners" addsvc runs in its {@link RunGroup}: a NATS connection serving
 * the NATS servers, an AMQP connection consuming the AMQP queues. Stopping drains them (no
 * more requests, those in flight answered) within the group's timeout, then closes the
 * connection. Both reconnect by themselves when the broker goes and comes back (NATS: every
 * second, without limit, the subscriptions restored; AMQP: `@svckit/amqp`'s back-off, the
 * queues consumed again), logging it; a NATS connection that closes for good (refused
 * credentials) ends the group as a failing listener would.
 */
import { connect } from '@nats-io/transport-node';
import { createConnection } from '@svckit/amqp';
import type { Logger } from '@svckit/core/log';
import type { Set } from './addendpoint/set.js';
import { newAMQPServers } from './addtransport/amqp.js';
import { newNATSServers } from './addtransport/nats.js';
import type { Actor } from './run-group.js';

/** BrokerActor is a started broker transport. */
export interface BrokerActor extends Actor {
  /** address is the broker URL, its credentials hidden. */
  readonly address: string;
}

/** redact hides a URL's password (`amqp://guest:***@host`), to print it. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** within resolves once work settles or timeoutMs has passed, whichever is first. */
async function within(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * startNATS connects to url and serves the endpoints on `<prefix>.sum` and `<prefix>.concat`;
 * it resolves once the server has the subscriptions. stop drains the servers, then the
 * connection (closed at the timeout if it has not finished).
 */
export async function startNATS(
  url: string,
  endpoints: Set,
  logger: Logger,
  prefix: string,
): Promise<BrokerActor> {
  const nc = await connect({
    servers: url,
    name: 'addsvc',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect')
        logger.log('transport', 'NATS', 'msg', s.type, 'server', s.server);
    }
  })().catch(() => {});
  const servers = newNATSServers(endpoints, logger, prefix);
  try {
    servers.subscribe(nc);
    await nc.flush();
  } catch (err) {
    await nc.close();
    throw err;
  }
  let stopping = false;
  return {
    address: redact(url),
    done: nc.closed().then((err) => {
      if (stopping) return new Promise<never>(() => {});
      throw err ?? new Error('NATS connection closed');
    }),
    stop: async (timeoutMs) => {
      stopping = true;
      const begin = performance.now();
      await within(servers.close(), timeoutMs);
      await within(nc.drain(), Math.max(0, timeoutMs - (performance.now() - begin)));
      if (!nc.isClosed()) await nc.close();
    },
  };
}

/**
 * startAMQP connects to url and consumes the queues `<prefix>.sum` and `<prefix>.concat`; it
 * resolves once consuming. stop stops consuming, lets the calls in flight answer (until the
 * timeout), then closes the connection.
 */
export async function startAMQP(
  url: string,
  endpoints: Set,
  logger: Logger,
  prefix: string,
): Promise<BrokerActor> {
  const conn = await createConnection(url, {
    onError: (err) => logger.log('transport', 'AMQP', 'err', err),
  });
  const servers = newAMQPServers(endpoints, logger, prefix);
  try {
    await servers.consume(conn);
  } catch (err) {
    await conn.close();
    throw err;
  }
  return {
    address: redact(url),
    done: new Promise<never>(() => {}),
    stop: async (timeoutMs) => {
      await within(servers.close(), timeoutMs);
      await conn.close().catch(() => {});
    },
  };
}
