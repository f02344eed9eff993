import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event, Instancer } from '../event.js';
import type { Registrar } from '../registrar.js';
import type { RegistrarProcess } from './registrar-process.js';

/**
 * RegistrarHarness is one backend under test: it makes registrars and instancers of the same
 * service, and optionally another process that registers an instance (for the SIGKILL test).
 */
export interface RegistrarHarness {
  /** registrar returns a registrar (not yet registered) that announces `instance`. */
  registrar(instance: string): Registrar;
  /** instancer returns a new instancer watching the service; the suite stops it. */
  instancer(): Instancer;
  /**
   * spawn starts another process that registers `instance` with this backend and resolves once
   * it has (see {@link startRegistrarProcess}). Without it, the kill test is not registered.
   */
  spawn?(instance: string): Promise<RegistrarProcess>;
  /**
   * ttlMs is the TTL the spawned process registers with: after a SIGKILL its instance must be
   * gone from discovery within ttlMs (plus the suite's `slackMs`).
   */
  readonly ttlMs?: number;
  /** close tears the backend down (the suite deregisters its registrars first). */
  close(): void | Promise<void>;
}

/** RegistrarConformanceOptions tunes the waits of {@link registrarConformance}. */
export interface RegistrarConformanceOptions {
  /** timeoutMs bounds the wait for a registration or deregistration to show (default 5000). */
  timeoutMs?: number;
  /** slackMs is what the kill test allows past the TTL for the backend to notice (default 2000). */
  slackMs?: number;
}

/**
 * registrarConformance registers (with `node:test`) the behaviour every {@link Registrar} must
 * show: register makes the instance visible to instancers (started before or after), deregister
 * removes it, both are idempotent, registrars of one service do not disturb each other, a
 * registrar registers again after a deregister, and the instance of a process killed with
 * SIGKILL (which cannot deregister) leaves discovery within its TTL. `start()` returns a fresh
 * harness for each test.
 *
 * @example
 * registrarConformance('etcd', async () => ({
 *   registrar: (instance) => etcdRegistrar(client, { key: `/svc/${instance}`, value: instance }),
 *   instancer: () => etcdInstancer(client, '/svc/'),
 *   close: () => {},
 * }));
 */
export function registrarConformance(
  name: string,
  start: () => RegistrarHarness | Promise<RegistrarHarness>,
  options: RegistrarConformanceOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 5000;
  const slackMs = options.slackMs ?? 2000;
  const a = '127.0.0.1:18001';
  const b = '127.0.0.1:18002';

  describe(`${name} registrar conformance`, () => {
    const withHarness = async (
      fn: (h: RegistrarHarness, track: (r: Registrar) => Registrar) => Promise<void>,
    ): Promise<void> => {
      const harness = await start();
      const instancers: Instancer[] = [];
      const registrars: Registrar[] = [];
      const tracked: RegistrarHarness = {
        ...harness,
        instancer: () => {
          const instancer = harness.instancer();
          instancers.push(instancer);
          return instancer;
        },
      };
      try {
        await fn(tracked, (r) => {
          registrars.push(r);
          return r;
        });
      } finally {
        for (const r of registrars) await Promise.resolve(r.deregister()).catch(() => {});
        for (const i of instancers) i.stop();
        await harness.close();
      }
    };

    it('register makes the instance visible to instancers started before and after', () =>
      withHarness(async (h, track) => {
        const before = h.instancer();
        await waitForInstances(before, (list) => !list.includes(a), timeoutMs, 'before register');
        await track(h.registrar(a)).register();
        await waitForInstances(before, (list) => list.includes(a), timeoutMs, 'an early instancer');
        const after = h.instancer();
        await waitForInstances(after, (list) => list.includes(a), timeoutMs, 'a late instancer');
      }));

    it('deregister removes the instance', () =>
      withHarness(async (h, track) => {
        const registrar = track(h.registrar(a));
        const instancer = h.instancer();
        await registrar.register();
        await waitForInstances(instancer, (list) => list.includes(a), timeoutMs, 'registered');
        await registrar.deregister();
        await waitForInstances(instancer, (list) => !list.includes(a), timeoutMs, 'deregistered');
      }));

    it('register and deregister are idempotent', () =>
      withHarness(async (h, track) => {
        const registrar = track(h.registrar(a));
        const instancer = h.instancer();
        await registrar.register();
        await registrar.register();
        const event = await waitForInstances(instancer, (l) => l.includes(a), timeoutMs, 'twice');
        assert.equal(event.instances.filter((i) => i === a).length, 1, 'registered once');
        await registrar.deregister();
        await registrar.deregister();
        await waitForInstances(instancer, (list) => !list.includes(a), timeoutMs, 'gone');
      }));

    it('registrars of one service do not disturb each other', () =>
      withHarness(async (h, track) => {
        const ra = track(h.registrar(a));
        const rb = track(h.registrar(b));
        const instancer = h.instancer();
        await Promise.all([ra.register(), rb.register()]);
        await waitForInstances(
          instancer,
          (list) => list.includes(a) && list.includes(b),
          timeoutMs,
          'both registered',
        );
        await ra.deregister();
        await waitForInstances(
          instancer,
          (list) => !list.includes(a) && list.includes(b),
          timeoutMs,
          'only b left',
        );
      }));

    it('registers again after a deregister', () =>
      withHarness(async (h, track) => {
        const registrar = track(h.registrar(a));
        const instancer = h.instancer();
        await registrar.register();
        await registrar.deregister();
        await waitForInstances(instancer, (list) => !list.includes(a), timeoutMs, 'deregistered');
        await registrar.register();
        await waitForInstances(instancer, (list) => list.includes(a), timeoutMs, 're-registered');
      }));

    it('the instance of a process killed with SIGKILL leaves discovery within its TTL', () =>
      withHarness(async (h) => {
        assert.ok(h.spawn !== undefined, `${name}: the harness must provide spawn`);
        assert.ok(h.ttlMs !== undefined && h.ttlMs > 0, `${name}: the harness must give ttlMs`);
        const instancer = h.instancer();
        const child = await h.spawn(b);
        try {
          await waitForInstances(instancer, (list) => list.includes(b), timeoutMs, 'other process');
          // The child heartbeats: its instance outlives one TTL while it lives.
          await sleep(Math.min(h.ttlMs + 500, 12_000));
          const alive = await waitForInstances(instancer, () => true, timeoutMs, 'state');
          assert.ok(alive.instances.includes(b), 'a live process stays registered past its TTL');
          const killedAt = Date.now();
          child.kill('SIGKILL');
          await child.exited;
          await waitForInstances(
            instancer,
            (list) => !list.includes(b),
            h.ttlMs + slackMs,
            'after SIGKILL',
          );
          const goneMs = Date.now() - killedAt;
          assert.ok(goneMs <= h.ttlMs + slackMs, `gone after ${goneMs} ms (TTL ${h.ttlMs} ms)`);
        } finally {
          child.kill('SIGKILL');
        }
      }));
  });
}

/**
 * waitForInstances registers an observer on `instancer` and resolves with the first good event
 * whose instances satisfy `predicate`; it fails after `timeoutMs`, naming `what`.
 */
async function waitForInstances(
  instancer: Instancer,
  predicate: (instances: readonly string[]) => boolean,
  timeoutMs: number,
  what: string,
): Promise<Event> {
  const seen: Event[] = [];
  let observer: ((e: Event) => void) | undefined;
  try {
    return await new Promise<Event>((resolve, reject) => {
      const timer = setTimeout(() => {
        const shown = seen
          .map((e) => (e.error ? `error(${e.error.message})` : `[${e.instances.join(',')}]`))
          .join(' ');
        reject(
          new assert.AssertionError({
            message: `${what}: not within ${timeoutMs} ms; got ${shown}`,
          }),
        );
      }, timeoutMs);
      observer = (event) => {
        seen.push(event);
        if (event.error === undefined && predicate(event.instances)) {
          clearTimeout(timer);
          resolve(event);
        }
      };
      instancer.register(observer);
    });
  } finally {
    if (observer !== undefined) instancer.deregister(observer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
