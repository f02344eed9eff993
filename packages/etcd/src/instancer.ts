import { ServiceError } from '@svckit/core/errors';
import type { Etcd3, IWatchResponse, Watcher } from 'etcd3';
import { createInstanceCache } from '@svckit/core/sd';
import type { Instancer } from '@svckit/core/sd';
import type { Logger } from '@svckit/core/log';

/** EtcdInstancerOptions configures {@link etcdInstancer}. */
export interface EtcdInstancerOptions {
  /** logger receives watch failures (`prefix`, `err`). */
  logger?: Logger;
  /** retryMaxMs caps the back-off between attempts to list and watch again. Default 1000. */
  retryMaxMs?: number;
  /** listTimeoutMs bounds one listing of the prefix (a hung etcd). Default 5000. */
  listTimeoutMs?: number;
}

/** EtcdInstancer is an {@link Instancer} with a promise of its first listing. */
export interface EtcdInstancer extends Instancer {
  /** ready resolves once the first listing is published (well or as an error); never rejects. */
  readonly ready: Promise<void>;
}

/**
 * etcdInstancer publishes the values of the keys under `prefix` as instances (Go kit's
 * `etcdv3.NewInstancer`): each key (`/services/users/10.0.0.1:8080`) holds one `host:port`.
 * It lists the prefix, then watches it from the listed revision: changes arrive as etcd
 * makes them, with no polling. When the watch breaks (etcd down, the connection lost) it
 * publishes an error event, keeping no instances in the event while an Endpointer keeps its
 * last good endpoints (see `invalidateOnErrorMs`); once etcd answers again it lists afresh and
 * publishes the current instances. `stop` cancels the watch (the client stays open).
 *
 * @example
 * const instancer = etcdInstancer(client, '/services/users/');
 * const endpointer = createEndpointer(instancer, factory, { invalidateOnErrorMs: 30_000 });
 */
export function etcdInstancer(
  client: Etcd3,
  prefix: string,
  options: EtcdInstancerOptions = {},
): EtcdInstancer {
  if (prefix === '') throw new RangeError('etcd: the prefix must not be empty');
  const logger = options.logger;
  const retryMaxMs = options.retryMaxMs ?? 1000;
  const listTimeoutMs = options.listTimeoutMs ?? 5000;
  const cache = createInstanceCache(logger === undefined ? {} : { logger });
  const entries = new Map<string, string>();
  let listRevision = 0n;
  let watcher: Watcher | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = 50;
  let stopped = false;
  let generation = 0;

  const publish = (): void => {
    cache.update({ instances: [...new Set(entries.values())] });
  };
  // One error event per outage: the retries' errors (each worded its own way) are logged only.
  const fail = (err: unknown): void => {
    if (stopped) return;
    logger?.log('prefix', prefix, 'err', err);
    if (cache.state().error !== undefined) return;
    const message = `etcd: watching ${prefix}: ${err instanceof Error ? err.message : String(err)}`;
    cache.update({ error: new ServiceError('unavailable', message, { cause: err }) });
  };
  /** apply folds one watch response (all events of a revision) into the entries. */
  const apply = (res: IWatchResponse): void => {
    for (const event of res.events) {
      const kv = event.kv;
      if (BigInt(kv.mod_revision) <= listRevision) continue; // the listing already holds it
      const key = kv.key.toString('utf8');
      // A key with no value names no instance: left out, as a deleted one.
      if (event.type === 'Delete' || kv.value.length === 0) entries.delete(key);
      else entries.set(key, kv.value.toString('utf8'));
    }
    publish(); // once per response: a transaction's changes arrive together
  };

  /** list reads the prefix and publishes it, returning the revision it was read at. */
  const list = async (gen: number): Promise<bigint | undefined> => {
    const res = await client
      .getAll()
      .prefix(prefix)
      .options({ deadline: Date.now() + listTimeoutMs })
      .exec();
    if (stopped || gen !== generation) return undefined;
    entries.clear();
    for (const kv of res.kvs) {
      if (kv.value.length > 0) entries.set(kv.key.toString('utf8'), kv.value.toString('utf8'));
    }
    listRevision = BigInt(res.header.revision);
    publish();
    return listRevision;
  };

  const retryLater = (): void => {
    if (stopped || retryTimer !== undefined) return;
    const delay = retryMs;
    retryMs = Math.min(retryMs * 2, retryMaxMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void sync();
    }, delay);
    retryTimer.unref?.();
  };

  /** sync lists the prefix and (re)starts the watch from the listed revision. */
  const sync = async (): Promise<void> => {
    const gen = ++generation;
    const old = watcher;
    watcher = undefined;
    if (old !== undefined) void old.cancel().catch(() => {});
    try {
      const revision = await list(gen);
      if (revision === undefined) return;
      // Changes after the listing replay from its revision, whenever the watch connects.
      const w = client
        .watch()
        .prefix(prefix)
        .startRevision(String(revision + 1n))
        .watcher();
      watcher = w;
      retryMs = 50;
      let broken = false;
      w.on('data', apply);
      w.on('disconnected', (err) => {
        broken = true;
        fail(err);
      });
      w.on('connected', () => {
        if (!broken) return;
        broken = false;
        // Back after an outage: the watch resumes from its revision, and a fresh listing
        // publishes the current state at once (events older than it are skipped).
        list(gen).catch((err: unknown) => {
          fail(err);
          void sync();
        });
      });
      w.on('error', (err) => {
        // A watch etcd cancelled (e.g. its revision compacted): list and watch anew.
        fail(err);
        if (gen === generation) retryLater();
      });
    } catch (err) {
      if (stopped || gen !== generation) return;
      fail(err);
      retryLater();
    }
  };

  const ready = sync();

  return {
    ready,
    register: cache.register,
    deregister: cache.deregister,
    stop() {
      if (stopped) return;
      stopped = true;
      generation++;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      if (watcher !== undefined) void watcher.cancel().catch(() => {});
      watcher = undefined;
      cache.stop();
    },
  };
}
