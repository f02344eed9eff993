import { EtcdLeaseInvalidError } from 'etcd3';
import type { Etcd3, Lease } from 'etcd3';
import type { Logger } from '@svckit/core/log';
import type { Registrar } from '@svckit/core/sd';

/** EtcdRegistrarOptions configures {@link etcdRegistrar}. */
export interface EtcdRegistrarOptions {
  /** key is where the instance is written, under the instancer's prefix (`/services/users/10.0.0.1:8080`). */
  key: string;
  /** value is the instance, `host:port`. */
  value: string;
  /**
   * ttlMs is the lease's TTL (rounded up to whole seconds, etcd's unit): a process that stops
   * heartbeating leaves discovery that long after its last heartbeat. Default 10 000 (Go kit).
   */
  ttlMs?: number;
  /** heartbeatMs is the time between keep-alives; below ttlMs. Default 3000 (Go kit). */
  heartbeatMs?: number;
  /** logger receives heartbeat failures and re-registrations (`key`, `err`, `msg`). */
  logger?: Logger;
}

/**
 * etcdRegistrar announces one instance in etcd (Go kit's `etcdv3.NewRegistrar`): `register`
 * grants a lease of `ttlMs`, writes `key` = `value` under it, and sends a keep-alive every
 * `heartbeatMs`. When etcd reports the lease gone (it expired while etcd was unreachable, or
 * was revoked) the registrar grants a new one and writes the key again, so the instance
 * comes back by itself; failed keep-alives are logged and retried at the next beat. If the
 * process dies the lease expires and the key goes within the TTL. `register` rejects when the
 * first registration fails (nothing keeps trying then); `deregister` stops the heartbeat and
 * revokes the lease, deleting the key. Both are idempotent.
 *
 * @example
 * const registrar = etcdRegistrar(client, { key: '/services/users/10.0.0.1:8080', value: '10.0.0.1:8080' });
 * await registrar.register();
 * process.once('SIGTERM', () => void registrar.deregister());
 */
export function etcdRegistrar(client: Etcd3, options: EtcdRegistrarOptions): Registrar {
  const { key, value, logger } = options;
  const ttlMs = options.ttlMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? 3000;
  if (!(ttlMs >= 1000)) throw new RangeError(`etcd: ttlMs must be >= 1000, got ${ttlMs}`);
  if (!(heartbeatMs > 0 && heartbeatMs < ttlMs)) {
    throw new RangeError(`etcd: heartbeatMs must be in (0, ttlMs), got ${heartbeatMs}`);
  }
  const ttlSeconds = Math.ceil(ttlMs / 1000);
  let lease: Lease | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = false;
  let registering: Promise<void> | undefined;

  const grantAndPut = async (): Promise<void> => {
    const next = client.lease(ttlSeconds, { autoKeepAlive: false });
    next.on('lost', () => {}); // losses are seen through keepaliveOnce; no unhandled 'lost'
    try {
      await next.put(key).value(value);
    } catch (err) {
      void next.revoke().catch(() => {});
      throw err;
    }
    if (!active) {
      await next.revoke().catch(() => {});
      return;
    }
    lease = next;
  };

  const beat = async (): Promise<void> => {
    const current = lease;
    try {
      if (current === undefined) throw new EtcdLeaseInvalidError('none');
      await withTimeout(current.keepaliveOnce(), heartbeatMs);
    } catch (err) {
      if (!active) return;
      if (!(err instanceof EtcdLeaseInvalidError)) {
        logger?.log('key', key, 'msg', 'etcd keep-alive failed', 'err', err);
        return; // etcd unreachable: try again at the next beat, the lease may still live
      }
      logger?.log('key', key, 'msg', 'etcd lease lost, registering again');
      lease = undefined;
      try {
        await grantAndPut();
      } catch (err2) {
        logger?.log('key', key, 'msg', 'etcd re-registration failed', 'err', err2);
      }
    }
  };

  const schedule = (): void => {
    if (!active) return;
    timer = setTimeout(() => void beat().finally(schedule), heartbeatMs);
    timer.unref?.();
  };

  return {
    async register() {
      if (active) return registering;
      active = true;
      registering = grantAndPut().then(schedule, (err: unknown) => {
        active = false;
        throw err;
      });
      return registering;
    },
    async deregister() {
      if (!active) return;
      active = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await registering?.catch(() => {});
      const current = lease;
      lease = undefined;
      if (current !== undefined) await current.revoke();
      await client.delete().key(key);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`etcd keep-alive: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
