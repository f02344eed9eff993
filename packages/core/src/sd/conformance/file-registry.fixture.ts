import { mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instancer } from '../event.js';
import { createInstanceCache } from '../instance-cache.js';
import type { Registrar } from '../registrar.js';

// A registry of files, to test the registrar suite itself: one file per instance in a
// directory, its mtime refreshed every heartbeat; an instance whose file is older than the
// TTL is gone (as a lease that was not kept alive). Instancers poll every 50 ms.

const fileOf = (dir: string, instance: string): string => join(dir, encodeURIComponent(instance));

export function fileRegistrar(dir: string, instance: string, heartbeatMs: number): Registrar {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    register() {
      mkdirSync(dir, { recursive: true });
      writeFileSync(fileOf(dir, instance), instance);
      if (timer !== undefined) return;
      timer = setInterval(() => {
        const now = new Date();
        utimesSync(fileOf(dir, instance), now, now);
      }, heartbeatMs);
      timer.unref();
    },
    deregister() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      rmSync(fileOf(dir, instance), { force: true });
    },
  };
}

export function fileInstancer(dir: string, ttlMs: number): Instancer {
  const cache = createInstanceCache();
  const poll = (): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    const now = Date.now();
    const live = names.filter((n) => {
      try {
        return now - statSync(join(dir, n)).mtimeMs <= ttlMs;
      } catch {
        return false;
      }
    });
    cache.update({ instances: live.map((n) => decodeURIComponent(n)) });
  };
  poll();
  const timer = setInterval(poll, 50);
  timer.unref();
  return {
    register: cache.register,
    deregister: cache.deregister,
    stop() {
      clearInterval(timer);
      cache.stop();
    },
  };
}
