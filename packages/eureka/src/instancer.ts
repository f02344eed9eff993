import { ServiceError, codeOf } from '@svckit/core/errors';
import type { Logger } from '@svckit/core/log';
import { createInstanceCache } from '@svckit/core/sd';
import type { Instancer } from '@svckit/core/sd';
import type { EurekaClient } from './client.js';
import { instancesOf } from './instance.js';

/** EurekaInstancerOptions configures {@link eurekaInstancer}. */
export interface EurekaInstancerOptions {
  /** intervalMs is the time between polls, from the end of one to the start of the next (fargo's `PollInterval`). Default 30 000. */
  intervalMs?: number;
  /** upOnly keeps only instances whose status is UP. Default true. */
  upOnly?: boolean;
  /** logger receives poll failures (`app`, `err`). */
  logger?: Logger;
}

/** EurekaInstancer is an {@link Instancer} with a promise of its first poll. */
export interface EurekaInstancer extends Instancer {
  /** ready resolves once the first poll is published (well or as an error); never rejects. */
  readonly ready: Promise<void>;
}

/**
 * eurekaInstancer polls `GET /apps/<app>` every `intervalMs` and publishes its instances as
 * `ipAddr:port` (Go kit's `eureka.NewInstancer`, on fargo's app updates), UP ones only by
 * default. An app Eureka does not know (404: its last instance left) is no instances, not an
 * error; a failed poll is one error event per outage (code `unavailable`) until the next good
 * one. Polls never overlap; `stop` ends them.
 *
 * @example
 * const instancer = eurekaInstancer(eureka, 'USERS', { intervalMs: 10_000 });
 */
export function eurekaInstancer(
  client: EurekaClient,
  app: string,
  options: EurekaInstancerOptions = {},
): EurekaInstancer {
  if (app === '') throw new RangeError('eureka: the app name must not be empty');
  const intervalMs = options.intervalMs ?? 30_000;
  if (!(intervalMs >= 10))
    throw new RangeError(`eureka: intervalMs must be >= 10, got ${intervalMs}`);
  const upOnly = options.upOnly ?? true;
  const logger = options.logger;
  const cache = createInstanceCache(logger === undefined ? {} : { logger });
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const poll = async (): Promise<void> => {
    try {
      const res = await client.request('GET', `/apps/${encodeURIComponent(app)}`, {
        accept: [404],
        signal: abort.signal,
      });
      if (stopped) return;
      cache.update({ instances: res.status === 404 ? [] : instancesOf(res.body, upOnly) });
    } catch (err) {
      if (stopped) return;
      logger?.log('app', app, 'err', err);
      if (cache.state().error !== undefined) return;
      const why = err instanceof Error ? err.message : String(err);
      cache.update({
        error: new ServiceError(
          codeOf(err) === 'internal' ? 'internal' : 'unavailable',
          `eureka: polling ${app}: ${why}`,
          {
            cause: err,
          },
        ),
      });
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void poll().then(schedule), intervalMs);
    timer.unref?.();
  };
  const ready = poll().then(schedule);

  return {
    ready,
    register: cache.register,
    deregister: cache.deregister,
    stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
      cache.stop();
    },
  };
}
