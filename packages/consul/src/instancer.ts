import { ServiceError } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import { createInstanceCache } from '@svckit/core/sd';
import type { Instancer } from '@svckit/core/sd';
import type { ConsulClient } from './client.js';

/** ConsulInstancerOptions configures {@link consulInstancer}. */
export interface ConsulInstancerOptions {
  /** tags an instance must all carry (the first is asked of Consul, the rest filtered here, as Go kit does). */
  tags?: readonly string[];
  /** passingOnly keeps only instances whose checks all pass. Default true. */
  passingOnly?: boolean;
  /** waitMs is the most a blocking query waits for a change (`wait`). Default 60 000. */
  waitMs?: number;
  /**
   * minIntervalMs is the least time between the starts of two queries, whatever the agent
   * answers (the guard against an agent that returns at once). Default 500.
   */
  minIntervalMs?: number;
  /** retryMaxMs caps the back-off after a failed query (full jitter, from 100 ms). Default 2000. */
  retryMaxMs?: number;
  /** logger receives query failures (`service`, `err`). */
  logger?: Logger;
}

/** ConsulInstancer is an {@link Instancer} with a promise of its first answer. */
export interface ConsulInstancer extends Instancer {
  /** ready resolves once the first query is published (well or as an error); never rejects. */
  readonly ready: Promise<void>;
}

interface HealthEntry {
  Node?: { Address?: string };
  Service?: { Address?: string; Port?: number; Tags?: string[] | null };
}

/**
 * consulInstancer publishes the instances of `service` from the agent's health endpoint
 * (Go kit's `consul.NewInstancer`), as blocking queries on `X-Consul-Index`: each query waits
 * until the service changes (or `waitMs`). It never loops tight: an index that goes backwards
 * resets to 0 (one non-blocking query, then blocking again on the new index), an index of 0 or
 * none counts as 1, queries start at least `minIntervalMs` apart, and a failed query backs off
 * with jitter up to `retryMaxMs`. Each instance is the service's address, or its node's when
 * the service has none, and port. A failure publishes one error event (code `unavailable`) per
 * outage until the next good answer. `stop` aborts the query in flight.
 *
 * @example
 * const instancer = consulInstancer(consul, 'users', { tags: ['v2'], passingOnly: true });
 */
export function consulInstancer(
  client: ConsulClient,
  service: string,
  options: ConsulInstancerOptions = {},
): ConsulInstancer {
  if (service === '') throw new RangeError('consul: the service name must not be empty');
  const tags = options.tags ?? [];
  const passingOnly = options.passingOnly ?? true;
  const waitMs = options.waitMs ?? 60_000;
  const minIntervalMs = options.minIntervalMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 2000;
  if (!(waitMs >= 1)) throw new RangeError(`consul: waitMs must be >= 1, got ${waitMs}`);
  const logger = options.logger;
  const cache = createInstanceCache(logger === undefined ? {} : { logger });
  const abort = new AbortController();
  let stopped = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const query = async (index: number) => {
    const q: Record<string, string> = {};
    if (tags[0] !== undefined) q['tag'] = tags[0];
    if (passingOnly) q['passing'] = '1';
    if (index > 0) {
      q['index'] = String(index);
      q['wait'] = `${Math.ceil(waitMs)}ms`;
    }
    // The agent adds up to wait/16 of jitter; allow for it, and for a slow answer.
    const signal = AbortSignal.any([
      abort.signal,
      AbortSignal.timeout(Math.ceil(waitMs + waitMs / 16 + 10_000)),
    ]);
    const res = await client.request<HealthEntry[] | null>(
      'GET',
      `/v1/health/service/${encodeURIComponent(service)}`,
      { query: q, signal },
    );
    return res;
  };

  const loop = async (): Promise<void> => {
    let index = 0;
    let failures = 0;
    while (!stopped) {
      const started = Date.now();
      try {
        const res = await query(index);
        if (stopped) return;
        failures = 0;
        cache.update({ instances: toInstances(res.body ?? [], tags) });
        markReady();
        const next = res.index;
        if (next === undefined || next <= 0)
          index = 1; // never 0: that query would not block
        else if (next < index)
          index = 0; // gone backwards (agent restarted): start afresh
        else index = next;
      } catch (err) {
        if (stopped) return;
        logger?.log('service', service, 'err', err);
        if (cache.state().error === undefined) {
          const why = err instanceof Error ? err.message : String(err);
          cache.update({
            error: new ServiceError('unavailable', `consul: watching ${service}: ${why}`, {
              cause: err,
            }),
          });
        }
        markReady();
        index = 0; // after an outage the agent's index means nothing: ask afresh
        failures++;
        const cap = Math.min(retryMaxMs, 100 * 2 ** Math.min(failures, 16));
        await sleep(cap / 2 + (Math.random() * cap) / 2, abort.signal);
        continue;
      }
      await sleep(started + minIntervalMs - Date.now(), abort.signal);
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

function toInstances(entries: readonly HealthEntry[], tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const svc = entry.Service;
    if (svc?.Port === undefined) continue;
    const have = svc.Tags ?? [];
    if (!tags.every((t) => have.includes(t))) continue;
    const host =
      svc.Address !== undefined && svc.Address !== '' ? svc.Address : entry.Node?.Address;
    if (host === undefined || host === '') continue;
    out.push(host.includes(':') ? `[${host}]:${svc.Port}` : `${host}:${svc.Port}`);
  }
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
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
