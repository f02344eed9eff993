import { randomUUID } from 'node:crypto';
import type { Logger } from '@svckit/core/log';
import type { Registrar } from '@svckit/core/sd';
import type { ZooKeeperClient } from './client.js';
import { createEphemeralSequential, exists, getChildren, mkdirp, remove } from './ops.js';

/** ZooKeeperRegistrarOptions configures {@link zooKeeperRegistrar}. */
export interface ZooKeeperRegistrarOptions {
  /** path is the service's node, the instancer's path (`/services/users`). */
  path: string;
  /** data is the instance, `host:port`, written as the node's data. */
  data: string;
  /** logger receives re-registrations and their failures (`path`, `msg`, `err`). */
  logger?: Logger;
}

/**
 * zooKeeperRegistrar announces one instance as an ephemeral sequential node under `path`
 * (Go kit's `zk.NewRegistrar`, with its protected `_c_<guid>-` names): the node lives as long
 * as the client's session, so a process that dies leaves discovery when its session times out.
 * Within one session a reconnection keeps the node; after a session expiry (the node gone)
 * the registrar creates it again in the new session. The guid lets it find a node whose
 * creation succeeded while the answer was lost, so it never leaves two. `register` rejects
 * when the first registration fails; `deregister` deletes the node. Both are idempotent.
 *
 * @example
 * const registrar = zooKeeperRegistrar(client, { path: '/services/users', data: '10.0.0.1:8080' });
 * await registrar.register();
 */
export function zooKeeperRegistrar(
  client: ZooKeeperClient,
  options: ZooKeeperRegistrarOptions,
): Registrar {
  const { path, data, logger } = options;
  if (!path.startsWith('/') || path.endsWith('/')) {
    throw new RangeError(`zookeeper: path must start with / and not end with one, got ${path}`);
  }
  const prefix = `_c_${randomUUID().replaceAll('-', '')}-`;
  const payload = Buffer.from(data, 'utf8');
  let node: string | undefined;
  let active = false;
  let off: (() => void) | undefined;
  let pending: Promise<void> = Promise.resolve();

  /** ensure makes sure this session holds our node, creating it when it does not. */
  const ensure = async (): Promise<void> => {
    const zk = client.current();
    const session = zk.getSessionId();
    if (node !== undefined) {
      const stat = await exists(zk, node);
      if (stat !== undefined && stat.ephemeralOwner.equals(session)) return;
      node = undefined;
    }
    await mkdirp(zk, path);
    const ours = (await getChildren(zk, path)).find((c) => c.startsWith(prefix));
    if (ours !== undefined) {
      const stat = await exists(zk, `${path}/${ours}`);
      if (stat !== undefined && stat.ephemeralOwner.equals(session)) {
        node = `${path}/${ours}`;
        return;
      }
    }
    node = await createEphemeralSequential(zk, `${path}/${prefix}`, payload);
    if (!active) await remove(zk, node); // deregistered meanwhile
  };

  const serial = (fn: () => Promise<void>): Promise<void> => {
    const run = pending.then(fn, fn);
    pending = run.catch(() => {});
    return run;
  };

  return {
    async register() {
      if (active) return pending;
      active = true;
      off = client.onState((state) => {
        if (state !== 'connected' || !active) return;
        void serial(ensure).catch((err: unknown) =>
          logger?.log('path', path, 'msg', 'zookeeper re-registration failed', 'err', err),
        );
      });
      await client.connected();
      try {
        await serial(ensure);
      } catch (err) {
        active = false;
        off();
        throw err;
      }
    },
    async deregister() {
      if (!active) return;
      active = false;
      off?.();
      await serial(async () => {
        const current = node;
        node = undefined;
        if (current !== undefined) await remove(client.current(), current);
      });
    },
  };
}
