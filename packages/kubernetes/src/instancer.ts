import { ServiceError } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import { createInstanceCache } from '@svckit/core/sd';
import type { Instancer } from '@svckit/core/sd';
import type { KubernetesClient } from './client.js';
import { KubernetesStatusError } from './client.js';
import { instancesOfSlices } from './endpoints.js';
import type { EndpointSlice } from './endpoints.js';

/** KubernetesInstancerOptions configures {@link kubernetesInstancer}. */
export interface KubernetesInstancerOptions {
  /** namespace of the service; default the client's. */
  namespace?: string;
  /** port is the service port's name or number; needed when the service has several. */
  port?: string | number;
  /** watchTimeoutS is the `timeoutSeconds` of each watch request. Default 300. */
  watchTimeoutS?: number;
  /** retryMaxMs caps the back-off (full jitter from 100 ms) after a failed list or watch. Default 2000. */
  retryMaxMs?: number;
  /** logger receives failures (`service`, `err`). */
  logger?: Logger;
}

/** KubernetesInstancer is an {@link Instancer} with a promise of its first list. */
export interface KubernetesInstancer extends Instancer {
  /** ready resolves once the first list is published (well or as an error); never rejects. */
  readonly ready: Promise<void>;
}

interface WatchEvent {
  type?: string;
  object?: EndpointSlice & { code?: number; message?: string };
}

/**
 * kubernetesInstancer publishes the ready endpoints of a Service from its EndpointSlices
 * (beyond Go kit, which has no Kubernetes instancer): it lists the slices labelled
 * `kubernetes.io/service-name=<service>`, then watches them from the list's resourceVersion,
 * with bookmarks. A watch that ends or drops resumes from the last resourceVersion seen, with
 * no new list; a resourceVersion the server no longer has (410 Gone) lists again. Endpoints
 * whose `ready` condition is false are left out. A failed list or watch publishes one error
 * event per outage (`unavailable`, `permission_denied` for 401/403) and retries with back-off;
 * several service ports without a `port` option is an error event naming them.
 *
 * @example
 * const instancer = kubernetesInstancer(k8s, 'users', { port: 'http' });
 */
export function kubernetesInstancer(
  client: KubernetesClient,
  service: string,
  options: KubernetesInstancerOptions = {},
): KubernetesInstancer {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(service)) {
    throw new RangeError(`kubernetes: ${JSON.stringify(service)} is not a service name`);
  }
  const namespace = options.namespace ?? client.namespace;
  const watchTimeoutS = options.watchTimeoutS ?? 300;
  const retryMaxMs = options.retryMaxMs ?? 2000;
  const logger = options.logger;
  const cache = createInstanceCache(logger === undefined ? {} : { logger });
  const abort = new AbortController();
  const base =
    `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/endpointslices` +
    `?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${service}`)}`;
  const slices = new Map<string, EndpointSlice>();
  let stopped = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  // Events of one network chunk are published as one change (a burst is not n events).
  let scheduled = false;
  const publishSoon = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!stopped) publish();
    });
  };
  const publish = (): void => {
    try {
      cache.update({ instances: instancesOfSlices(slices.values(), options.port) });
    } catch (err) {
      fail(err);
    }
    markReady();
  };
  const fail = (err: unknown): void => {
    if (stopped) return;
    logger?.log('service', service, 'err', err);
    markReady();
    if (cache.state().error !== undefined) return; // one error event per outage
    const why = err instanceof Error ? err.message : String(err);
    const code =
      err instanceof KubernetesStatusError && err.code === 'permission_denied'
        ? 'permission_denied'
        : 'unavailable';
    cache.update({
      error: new ServiceError(code, `kubernetes: watching ${namespace}/${service}: ${why}`, {
        cause: err,
      }),
    });
  };

  const list = async (): Promise<string> => {
    const body = (await client.list(base, abort.signal)) as {
      metadata?: { resourceVersion?: string };
      items?: EndpointSlice[];
    };
    slices.clear();
    for (const item of body.items ?? []) slices.set(item.metadata?.name ?? '', item);
    publish();
    return body.metadata?.resourceVersion ?? '';
  };

  const loop = async (): Promise<void> => {
    let rv: string | undefined;
    let failures = 0;
    let quick = 0;
    while (!stopped) {
      try {
        if (rv === undefined) {
          rv = await list();
          failures = 0;
        }
        let gone = false;
        const started = Date.now();
        const path = `${base}&watch=1&allowWatchBookmarks=true&timeoutSeconds=${watchTimeoutS}&resourceVersion=${encodeURIComponent(rv)}`;
        await client.watch(
          path,
          (raw) => {
            const event = raw as WatchEvent;
            const object = event.object;
            if (event.type === 'ERROR') {
              if (object?.code === 410) gone = true;
              else
                throw new ServiceError(
                  'unavailable',
                  `kubernetes: watch error ${object?.code}: ${object?.message}`,
                );
              return;
            }
            const version = object?.metadata?.resourceVersion;
            if (version !== undefined) rv = version;
            if (event.type === 'BOOKMARK' || object === undefined) return;
            const name = object.metadata?.name ?? '';
            if (event.type === 'DELETED') slices.delete(name);
            else if (event.type === 'ADDED' || event.type === 'MODIFIED') slices.set(name, object);
            else return;
            failures = 0;
            publishSoon();
          },
          abort.signal,
          watchTimeoutS * 1000 + 10_000,
        );
        if (gone) rv = undefined; // too old: list again
        // The watch ended (its timeout, or the server closed it): resume from rv, at once
        // unless watches keep ending as they start (then with back-off: never a tight loop).
        quick = Date.now() - started < 1000 ? quick + 1 : 0;
        if (quick > 1) await sleep(backoff(quick - 1, retryMaxMs), abort.signal);
        continue;
      } catch (err) {
        if (stopped) return;
        if (err instanceof KubernetesStatusError && err.status === 410) {
          rv = undefined;
          continue;
        }
        fail(err);
        failures++;
        await sleep(backoff(failures, retryMaxMs), abort.signal);
        rv = undefined; // after a failure, list afresh: the state may have moved on
      }
    }
  };
  void loop();

  return {
    ready,
    register: cache.register,
    deregister: cache.deregister,
    stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      cache.stop();
    },
  };
}

/** backoff is the n-th delay: 100 ms doubling up to max, jittered over its upper half. */
function backoff(n: number, max: number): number {
  const cap = Math.min(max, 100 * 2 ** Math.min(n, 16));
  return cap / 2 + (Math.random() * cap) / 2;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
