import { ServiceError } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import { createInstanceCache } from '@svckit/core/sd';
import type { Instancer } from '@svckit/core/sd';
import type { ZooKeeperClient } from './client.js';
import { getChildren, getData, isNoNode, mkdirp } from './ops.js';

/** ZooKeeperInstancerOptions configures {@link zooKeeperInstancer}. */
export interface ZooKeeperInstancerOptions {
  /** logger receives fetch failures (`path`, `err`). */
  logger?: Logger;
}

/** ZooKeeperInstancer is an {@link Instancer} with a promise of its first fetch. */
export interface ZooKeeperInstancer extends Instancer {
  /** ready resolves once the first fetch is published (well or as an error); never rejects. */
  readonly ready: Promise<void>;
}

/**
 * zooKeeperInstancer publishes the data of the children of `path` as instances (Go kit's
 * `zk.NewInstancer`): each child (an ephemeral sequential node a registrar made) holds one
 * `host:port`. It creates `path` if missing (as Go kit does), reads its children with a
 * one-shot watch and reads them again, re-arming it, each time the watch fires; it fetches
 * again whenever a session is (re-)established, since an expired session loses its watches.
 * A lost connection or expired session publishes one error event (code `unavailable`) until
 * the next good fetch. `stop` ends it; the client stays open.
 *
 * @example
 * const instancer = zooKeeperInstancer(client, '/services/users');
 */
export function zooKeeperInstancer(
  client: ZooKeeperClient,
  path: string,
  options: ZooKeeperInstancerOptions = {},
): ZooKeeperInstancer {
  if (!path.startsWith('/') || (path.length > 1 && path.endsWith('/'))) {
    throw new RangeError(`zookeeper: path must start with / and not end with one, got ${path}`);
  }
  const logger = options.logger;
  const cache = createInstanceCache(logger === undefined ? {} : { logger });
  let stopped = false;
  let fetching = false;
  let again = false;
  let generation = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const fail = (err: unknown): void => {
    if (stopped) return;
    logger?.log('path', path, 'err', err);
    if (cache.state().error !== undefined) return; // one error event per outage
    const why = err instanceof Error ? err.message : String(err);
    cache.update({
      error: new ServiceError('unavailable', `zookeeper: watching ${path}: ${why}`, { cause: err }),
    });
    markReady();
  };

  const fetchOnce = async (): Promise<void> => {
    const zk = client.current();
    const gen = ++generation;
    await mkdirp(zk, path);
    // The watch fires once, on the next change of the children; then this runs again.
    const children = await getChildren(zk, path, () => {
      if (!stopped && gen === generation) void fetch();
    });
    const values = await Promise.all(
      children.map((child) =>
        getData(zk, `${path === '/' ? '' : path}/${child}`).catch((err: unknown) => {
          if (isNoNode(err)) return undefined; // gone between the listing and the read
          throw err;
        }),
      ),
    );
    if (stopped) return;
    const instances = values.flatMap((v) =>
      v === undefined || v.length === 0 ? [] : [v.toString('utf8')],
    );
    cache.update({ instances: [...new Set(instances)] });
    markReady();
  };

  /** fetch runs fetchOnce, one at a time; a request during a fetch runs it once more after. */
  const fetch = async (): Promise<void> => {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      do {
        again = false;
        try {
          await fetchOnce();
        } catch (err) {
          fail(err);
        }
      } while (again && !stopped);
    } finally {
      fetching = false;
    }
  };

  const off = client.onState((state) => {
    if (state === 'connected') void fetch();
    else fail(new Error(state === 'expired' ? 'session expired' : 'connection lost'));
  });

  // Not connected yet: the listener fetches once the session is there; a client that finds no
  // server within its connect timeout makes the first event an error.
  if (client.state() === 'connected') void fetch();
  else client.connected().catch(fail);

  return {
    ready,
    register: cache.register,
    deregister: cache.deregister,
    stop() {
      if (stopped) return;
      stopped = true;
      off();
      cache.stop();
    },
  };
}
