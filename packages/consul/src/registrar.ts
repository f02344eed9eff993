import { codeOf } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import type { Registrar } from '@svckit/core/sd';
import type { ConsulClient } from './client.js';

/** ConsulCheck is the health check registered with the service: a TTL kept by the registrar, or an HTTP check the agent runs. */
export type ConsulCheck =
  | {
      /** ttlMs: the check fails unless the registrar reports within it; it does every ttlMs/3. */
      ttlMs: number;
    }
  | {
      /** http is the URL the agent polls (2xx passes). */
      http: string;
      /** intervalMs between polls. Default 10 000. */
      intervalMs?: number;
      /** timeoutMs of one poll. Default 5000. */
      timeoutMs?: number;
    };

/** ConsulRegistrarOptions configures {@link consulRegistrar}: the agent's service definition. */
export interface ConsulRegistrarOptions {
  /** id is unique per instance (`users-10.0.0.1-8080`). */
  id: string;
  /** name is the service's name, what instancers ask for. */
  name: string;
  /** address is the instance's host; empty: the agent's node address. */
  address?: string;
  /** port is the instance's port. */
  port: number;
  /** tags are the service's tags (for the instancer's tag filter). */
  tags?: readonly string[];
  /** meta is the service's metadata. */
  meta?: Readonly<Record<string, string>>;
  /** check is its health check. Default `{ ttlMs: 10_000 }`. */
  check?: ConsulCheck;
  /**
   * deregisterCriticalAfterMs makes the agent remove the service once its check has been
   * critical that long (Consul's `DeregisterCriticalServiceAfter`; its reaper runs about every
   * 30 s). Default 60 000. The instancer's passing-only queries drop it as soon as it fails.
   */
  deregisterCriticalAfterMs?: number;
  /** logger receives heartbeat failures and re-registrations (`service`, `msg`, `err`). */
  logger?: Logger;
}

/**
 * consulRegistrar registers one instance with the local agent (Go kit's
 * `consul.NewRegistrar`): `register` PUTs the service definition with its check; with a TTL
 * check it then reports "pass" every ttlMs/3, so a process that dies fails its check within
 * the TTL (passing-only instancers drop it then) and the agent removes it after
 * `deregisterCriticalAfterMs`. When the agent no longer knows the check (it restarted, or the
 * service was removed behind the registrar's back) the registrar registers again.
 * `deregister` stops the heartbeat and removes the service. Both are idempotent.
 *
 * @example
 * const registrar = consulRegistrar(consul, { id: 'users-1', name: 'users', address: '10.0.0.1', port: 8080 });
 * await registrar.register();
 */
export function consulRegistrar(client: ConsulClient, options: ConsulRegistrarOptions): Registrar {
  const { id, name, port, logger } = options;
  const check = options.check ?? { ttlMs: 10_000 };
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new RangeError(`consul: port must be 1-65535, got ${port}`);
  }
  if ('ttlMs' in check && !(check.ttlMs >= 1000)) {
    throw new RangeError(`consul: ttlMs must be >= 1000, got ${check.ttlMs}`);
  }
  const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))}s`;
  const definition = {
    ID: id,
    Name: name,
    Address: options.address ?? '',
    Port: port,
    Tags: [...(options.tags ?? [])],
    Meta: { ...(options.meta ?? {}) },
    Check: {
      CheckID: `service:${id}`,
      DeregisterCriticalServiceAfter: seconds(options.deregisterCriticalAfterMs ?? 60_000),
      ...('ttlMs' in check
        ? { TTL: seconds(check.ttlMs), Status: 'passing' }
        : {
            HTTP: check.http,
            Interval: seconds(check.intervalMs ?? 10_000),
            Timeout: seconds(check.timeoutMs ?? 5000),
          }),
    },
  };
  const heartbeatMs = 'ttlMs' in check ? Math.floor(check.ttlMs / 3) : undefined;
  let active = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const put = () => client.request('PUT', '/v1/agent/service/register', { body: definition });

  const beat = async (): Promise<void> => {
    try {
      await client.request('PUT', `/v1/agent/check/pass/${encodeURIComponent(`service:${id}`)}`);
    } catch (err) {
      if (!active) return;
      if (codeOf(err) !== 'not_found') {
        logger?.log('service', id, 'msg', 'consul heartbeat failed', 'err', err);
        return;
      }
      logger?.log('service', id, 'msg', 'consul forgot the check, registering again');
      await put().catch((e: unknown) =>
        logger?.log('service', id, 'msg', 'consul re-registration failed', 'err', e),
      );
    }
  };

  const schedule = (): void => {
    if (!active || heartbeatMs === undefined) return;
    timer = setTimeout(() => void beat().finally(schedule), heartbeatMs);
    timer.unref?.();
  };

  return {
    async register() {
      if (active) return;
      active = true;
      try {
        await put();
      } catch (err) {
        active = false;
        throw err;
      }
      schedule();
    },
    async deregister() {
      if (!active) return;
      active = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await client.request('PUT', `/v1/agent/service/deregister/${encodeURIComponent(id)}`, {
        accept: [404], // the agent forgot it already
      });
    },
  };
}
