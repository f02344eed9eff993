import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { binaryPath, freePort, requireBinary, startProcess } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { instancerConformance } from '../conformance/index.js';
import { createEndpointer } from '../index.js';
import type { Event } from '../index.js';
import { retry, roundRobin } from '../lb/index.js';
import { background } from '../../context/index.js';
import { dnsSrvInstancer, PortZeroError } from './index.js';

// These tests run a real dnsmasq on 127.0.0.1 and change its records while the instancer
// watches. dnsmasq rereads only hosts files on SIGHUP, not SRV records, so a change restarts
// it on the same port (the instancer must ride out the gap).
const NAME = '_svc._tcp.svckit.test';
// SVCKIT_DNSMASQ_BIN (or .services/env), else the Debian package's path.
const bin =
  binaryPath('dnsmasq') ?? (existsSync('/usr/sbin/dnsmasq') ? '/usr/sbin/dnsmasq' : undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** srvConf renders dnsmasq config publishing `instances` as SRV records of NAME. */
function srvConf(instances: readonly string[], extra: readonly string[] = []): string {
  const lines = ['local=/svckit.test/', 'txt-record=ready.svckit.test,up', ...extra];
  for (const instance of [...instances].sort()) {
    const [host, port] = instance.split(':') as [string, string];
    lines.push(`srv-host=${NAME},${host},${port},0,0`);
    if (!/^[\d.]+$/.test(host)) lines.push(`host-record=${host},127.0.0.1`);
  }
  return lines.join('\n') + '\n';
}

interface Dnsmasq {
  readonly port: number;
  readonly server: string;
  /** restart replaces the config and starts dnsmasq again on the same port. */
  restart(conf: string): Promise<void>;
  /** kill stops dnsmasq, leaving the port dead until the next restart. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

async function startDnsmasq(bin: string, conf: string): Promise<Dnsmasq> {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-dnsmasq-'));
  const confFile = join(dir, 'dnsmasq.conf');
  const port = await freePort({ udp: true });
  let child: StartedProcess | undefined;

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    await proc?.stop(); // SIGTERM to its process group, SIGKILL if it lingers
  };

  const launch = async (text: string): Promise<void> => {
    writeFileSync(confFile, text);
    const proc = await startProcess(bin, [
      '--keep-in-foreground',
      '--no-resolv',
      '--no-hosts',
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      `--port=${port}`,
      `--conf-file=${confFile}`,
      '--user=root',
      `--pid-file=${join(dir, 'dnsmasq.pid')}`,
      '--cache-size=0',
    ]);
    child = proc;
    // Ready when it answers a query.
    const probe = new Resolver({ timeout: 200, tries: 1 });
    probe.setServers([`127.0.0.1:${port}`]);
    const until = Date.now() + 5000;
    for (;;) {
      if (!proc.running()) throw new Error(`dnsmasq exited: ${proc.output()}`);
      try {
        await probe.resolveTxt('ready.svckit.test');
        return;
      } catch (err) {
        if (Date.now() > until) {
          throw new Error(`dnsmasq not answering: ${proc.output()}`, { cause: err });
        }
        await sleep(20);
      }
    }
  };

  await launch(conf);
  return {
    port,
    server: `127.0.0.1:${port}`,
    async restart(text) {
      await kill();
      await launch(text);
    },
    kill,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (bin === undefined) {
  // Fails under CI=true, else skips loudly.
  it('dnssrv instancer against a real dnsmasq', (t) => void requireBinary(t, 'dnsmasq'));
} else {
  const options = (server: string) => ({
    servers: [server],
    interval: 50,
    timeoutMs: 500,
    tries: 1,
  });

  instancerConformance(
    'dnssrv (dnsmasq)',
    async (initial) => {
      let conf = srvConf(initial);
      let running = true;
      const dns = await startDnsmasq(bin, conf);
      const instancer = dnsSrvInstancer(NAME, options(dns.server));
      await instancer.ready;
      return {
        instancer,
        async setInstances(instances) {
          const next = srvConf(instances);
          if (next === conf && running) return; // unchanged: it keeps serving the same records
          conf = next;
          running = true;
          await dns.restart(next);
        },
        async injectError() {
          running = false;
          await dns.kill(); // every lookup now fails the same way (connection refused)
        },
        async close() {
          instancer.stop();
          await dns.stop();
        },
      };
    },
    { timeoutMs: 5000, quietMs: 300 },
  );

  describe('dnssrv instancer', () => {
    let dns: Dnsmasq;
    before(async () => {
      dns = await startDnsmasq(bin, srvConf(['host.svckit.test:8080']));
    });
    after(async () => {
      await dns.stop();
    });

    const watch = async (conf: string) => {
      await dns.restart(conf);
      const instancer = dnsSrvInstancer(NAME, options(dns.server));
      await instancer.ready;
      const events: Event[] = [];
      instancer.register((e) => events.push(e));
      return { instancer, events };
    };

    it('looks up at start: instances are host:port of the SRV targets', async () => {
      const { instancer, events } = await watch(
        srvConf(['host.svckit.test:8080', 'b.svckit.test:9']),
      );
      assert.deepEqual(
        events.map((e) => [...e.instances]),
        [['b.svckit.test:9', 'host.svckit.test:8080']],
      );
      instancer.stop();
    });

    it('re-resolves every interval and publishes record changes', async () => {
      const { instancer, events } = await watch(srvConf(['host.svckit.test:8080']));
      await dns.restart(srvConf(['host.svckit.test:8080', 'host.svckit.test:8081']));
      const until = Date.now() + 5000;
      while (!events.some((e) => e.instances.length === 2) && Date.now() < until) await sleep(20);
      instancer.stop();
      const last = events.at(-1) as Event;
      assert.deepEqual([...last.instances], ['host.svckit.test:8080', 'host.svckit.test:8081']);
    });

    it('a record with port 0 is an error event', async () => {
      const { instancer, events } = await watch(
        srvConf(['host.svckit.test:8080'], [`srv-host=${NAME},zero.svckit.test,0,0,0`]),
      );
      instancer.stop();
      assert.equal(events.length, 1);
      assert.ok(events[0]?.error instanceof PortZeroError);
      assert.equal(events[0].error.message, 'resolver returned SRV record with port 0');
      assert.equal(events[0].instances.length, 0);
    });

    it('a name without SRV records is an error event (NXDOMAIN)', async () => {
      const { instancer, events } = await watch(srvConf([]));
      instancer.stop();
      assert.equal(events.length, 1);
      assert.match(String(events[0]?.error?.message), /ENOTFOUND|ENODATA/);
    });

    it('end to end: SRV records drive a balancer over real HTTP servers as they change', async () => {
      // Three HTTP servers answering their own name; SRV targets are their 127.0.0.1 ports.
      const servers: Server[] = [];
      const addrs: string[] = [];
      for (const name of ['s0', 's1', 's2']) {
        const server = createServer((_, res) => res.end(name));
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        servers.push(server);
        addrs.push(`127.0.0.1:${(server.address() as { port: number }).port}`);
      }
      const [a0, a1, a2] = addrs as [string, string, string];
      await dns.restart(srvConf([a0, a1]));
      const instancer = dnsSrvInstancer(NAME, options(dns.server));
      await instancer.ready;
      const closed: string[] = [];
      const endpointer = createEndpointer(instancer, (instance) => ({
        endpoint: async (ctx) => {
          const res = await fetch(`http://${instance}/`, { signal: ctx.signal });
          return res.text();
        },
        close: () => void closed.push(instance),
      }));
      const call = retry(3, 2000, roundRobin(endpointer));
      const names = async (n: number) => {
        const got = new Set<string>();
        for (let i = 0; i < n; i++) got.add((await call(background(), undefined)) as string);
        return [...got].sort();
      };
      try {
        assert.deepEqual(await names(4), ['s0', 's1']);
        await dns.restart(srvConf([a1, a2])); // s0 leaves, s2 joins
        const until = Date.now() + 5000;
        while (!closed.includes(a0) && Date.now() < until)
          await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(closed, [a0], 'the removed instance is closed, the survivor kept');
        assert.deepEqual(await names(4), ['s1', 's2']);
      } finally {
        endpointer.close();
        instancer.stop();
        for (const server of servers) {
          server.closeAllConnections();
          server.close();
        }
      }
    });

    it('rejects a too-small interval', () => {
      assert.throws(() => dnsSrvInstancer(NAME, { interval: 0 }), RangeError);
    });

    it('stop discards the lookup in flight and publishes nothing more', async () => {
      const instancer = dnsSrvInstancer(NAME, {
        ...options(dns.server),
        lookup: () =>
          sleep(50).then(() => [{ name: 'late.svckit.test', port: 1, priority: 0, weight: 0 }]),
      });
      const events: Event[] = [];
      instancer.register((e) => events.push(e));
      instancer.stop();
      await instancer.ready;
      await sleep(100);
      assert.deepEqual(
        events.map((e) => e.instances.length),
        [0],
      );
    });
  });
}
