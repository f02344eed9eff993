import { codeOf } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import type { Registrar } from '@svckit/core/sd';
import type { EurekaClient } from './client.js';
import type { EurekaInstance } from './instance.js';

/** EurekaRegistrarOptions configures {@link eurekaRegistrar}: the instance to announce. */
export interface EurekaRegistrarOptions {
  /** app is the application name (Eureka upper-cases it). */
  app: string;
  /** ipAddr and port make the instance (`ipAddr:port`). */
  ipAddr: string;
  port: number;
  /** hostName; default ipAddr. */
  hostName?: string;
  /** instanceId is unique per instance; default `hostName:app:port`. */
  instanceId?: string;
  /** vipAddress; default the app name in lower case. */
  vipAddress?: string;
  /** metadata is the instance's metadata map. */
  metadata?: Readonly<Record<string, string>>;
  /** renewalIntervalMs is the time between heartbeats (Eureka's default 30 s). */
  renewalIntervalMs?: number;
  /**
   * leaseDurationMs is how long Eureka keeps an instance without a heartbeat (default 90 s):
   * a process killed with SIGKILL leaves once its lease lapses and Eureka's evictor runs.
   */
  leaseDurationMs?: number;
  /** logger receives heartbeat failures and re-registrations (`app`, `msg`, `err`). */
  logger?: Logger;
}

/**
 * eurekaRegistrar registers one instance with Eureka (Go kit's `eureka.NewRegistrar`):
 * `register` POSTs the instance (status UP) and then heartbeats (`PUT
 * /apps/<app>/<instanceId>`) every `renewalIntervalMs`; a heartbeat answered 404 (Eureka
 * forgot the instance: it restarted, or evicted it) registers it again. `deregister` stops the
 * heartbeat and DELETEs the instance. Both are idempotent.
 *
 * @example
 * const registrar = eurekaRegistrar(eureka, { app: 'USERS', ipAddr: '10.0.0.1', port: 8080 });
 * await registrar.register();
 */
export function eurekaRegistrar(client: EurekaClient, options: EurekaRegistrarOptions): Registrar {
  const { ipAddr, port, logger } = options;
  const app = options.app.toUpperCase();
  if (app === '') throw new RangeError('eureka: the app name must not be empty');
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new RangeError(`eureka: port must be 1-65535, got ${port}`);
  }
  const renewalMs = options.renewalIntervalMs ?? 30_000;
  const leaseMs = options.leaseDurationMs ?? 90_000;
  if (!(renewalMs >= 100 && leaseMs > renewalMs)) {
    throw new RangeError('eureka: renewalIntervalMs must be >= 100 and below leaseDurationMs');
  }
  const hostName = options.hostName ?? ipAddr;
  const id = options.instanceId ?? `${hostName}:${app.toLowerCase()}:${port}`;
  const instance: EurekaInstance = {
    instanceId: id,
    hostName,
    app,
    ipAddr,
    status: 'UP',
    port: { $: port, '@enabled': 'true' },
    vipAddress: options.vipAddress ?? app.toLowerCase(),
    dataCenterInfo: {
      '@class': 'com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo',
      name: 'MyOwn',
    },
    leaseInfo: {
      renewalIntervalInSecs: Math.max(1, Math.round(renewalMs / 1000)),
      durationInSecs: Math.max(1, Math.ceil(leaseMs / 1000)),
    },
    metadata: { ...(options.metadata ?? {}) },
  };
  const path = `/apps/${encodeURIComponent(app)}/${encodeURIComponent(id)}`;
  let active = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const post = () =>
    client.request('POST', `/apps/${encodeURIComponent(app)}`, { body: { instance } });

  const beat = async (): Promise<void> => {
    try {
      await client.request('PUT', path);
    } catch (err) {
      if (!active) return;
      if (codeOf(err) !== 'not_found') {
        logger?.log('app', app, 'msg', 'eureka heartbeat failed', 'err', err);
        return;
      }
      logger?.log('app', app, 'msg', 'eureka forgot the instance, registering again');
      await post().catch((e: unknown) =>
        logger?.log('app', app, 'msg', 'eureka re-registration failed', 'err', e),
      );
    }
  };
  const schedule = (): void => {
    if (!active) return;
    timer = setTimeout(() => void beat().finally(schedule), renewalMs);
    timer.unref?.();
  };

  return {
    async register() {
      if (active) return;
      active = true;
      try {
        await post();
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
      await client.request('DELETE', path, { accept: [404] });
    },
  };
}
