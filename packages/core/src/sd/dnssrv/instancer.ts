import { Resolver } from 'node:dns/promises';
import type { SrvRecord } from 'node:dns';
import { ServiceError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import type { Instancer } from '../event.js';
import { createInstanceCache } from '../instance-cache.js';

/** Lookup resolves the SRV records of a name; `node:dns` by default, replaceable in options. */
export type Lookup = (name: string) => Promise<SrvRecord[]>;

/** DnsSrvOptions configures {@link dnsSrvInstancer}; every field is optional. */
export interface DnsSrvOptions {
  /**
   * interval is the time between lookups in ms (Go kit's `ttl`), counted from the end of the
   * previous lookup so lookups never overlap. Default 30 000; minimum 10.
   */
  interval?: number;
  /** servers are the DNS servers to ask (`'127.0.0.1:5353'`); default: the system's. */
  servers?: readonly string[];
  /** timeoutMs bounds one DNS query attempt (c-ares `timeout`). Default 2000. */
  timeoutMs?: number;
  /** tries is how many times a query is sent before giving up (c-ares `tries`). Default 2. */
  tries?: number;
  /** lookup replaces the resolver entirely (then `servers`, `timeoutMs`, `tries` are unused). */
  lookup?: Lookup;
  /** logger receives lookup failures (`name`, `err`). */
  logger?: Logger;
}

/** DnsSrvInstancer is an {@link Instancer} with a promise of its first lookup. */
export interface DnsSrvInstancer extends Instancer {
  /** ready resolves once the first lookup finished (well or badly); it never rejects. */
  readonly ready: Promise<void>;
}

const portZeroOptions = Object.freeze({ reason: 'SRV_PORT_ZERO' });

/**
 * PortZeroError is the error event a DNS SRV instancer publishes when a record has port 0 (Go
 * kit's `dnssrv.ErrPortZero`): such a record names no reachable instance. Code
 * `failed_precondition` (the DNS data must be fixed; retrying at once cannot help), reason
 * `SRV_PORT_ZERO`.
 */
export class PortZeroError extends ServiceError {
  override readonly name = 'PortZeroError';
  constructor(message = 'resolver returned SRV record with port 0') {
    super('failed_precondition', message, portZeroOptions);
  }
}

/**
 * dnsSrvInstancer watches the SRV records of `name` (e.g. `_http._tcp.users.internal`) and
 * publishes their targets as `host:port` instances (Go kit's `dnssrv.NewInstancer`). It looks
 * up at once and then every `interval` ms; a failed lookup (or a record with port 0) becomes an
 * error event, and the next good lookup restores the instances. Call `stop` to end it; the timer
 * does not keep the process alive by itself.
 *
 * @example
 * const instancer = dnsSrvInstancer('_http._tcp.users.internal', { interval: 5000 });
 * await instancer.ready;
 * const endpointer = createEndpointer(instancer, factory);
 */
export function dnsSrvInstancer(name: string, options: DnsSrvOptions = {}): DnsSrvInstancer {
  const interval = options.interval ?? 30_000;
  if (!(interval >= 10)) throw new RangeError(`dnssrv: interval must be >= 10 ms, got ${interval}`);
  const logger = options.logger;
  const cache = createInstanceCache(logger === undefined ? {} : { logger });
  let resolver: Resolver | undefined;
  let lookup = options.lookup;
  if (lookup === undefined) {
    const r = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
    if (options.servers !== undefined) r.setServers([...options.servers]);
    resolver = r;
    lookup = (n) => r.resolveSrv(n);
  }
  const resolve = lookup;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const tick = async (): Promise<void> => {
    try {
      const records = await resolve(name);
      if (stopped) return;
      cache.update({ instances: toInstances(records) });
    } catch (err) {
      if (stopped) return;
      const error = err instanceof Error ? err : new Error(String(err));
      logger?.log('name', name, 'err', error);
      cache.update({ error });
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), interval);
    timer.unref?.();
  };

  const ready = tick().then(schedule);

  return {
    ready,
    register: cache.register,
    deregister: cache.deregister,
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      resolver?.cancel();
      cache.stop();
    },
  };
}

/** toInstances turns SRV records into `host:port` strings; port 0 is an error (Go kit). */
function toInstances(records: readonly SrvRecord[]): string[] {
  return records.map((record) => {
    if (record.port === 0) throw new PortZeroError();
    const host = record.name.includes(':') ? `[${record.name}]` : record.name;
    return `${host}:${record.port}`;
  });
}
