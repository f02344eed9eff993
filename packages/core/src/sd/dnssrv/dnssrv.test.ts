import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { instancerConformance } from '../conformance/index.js';
import type { Event } from '../index.js';
import { dnsSrvInstancer, PortZeroError } from './index.js';

// These tests run a real dnsmasq on 127.0.0.1 and change its records while the instancer
// watches. dnsmasq rereads only hosts files on SIGHUP, not SRV records, so a change restarts
// it on the same port (the instancer must ride out the gap).
const NAME = '_svc._tcp.svckit.test';
const bin = process.env.SVCKIT_DNSMASQ_BIN ?? '/usr/sbin/dnsmasq';
const available = existsSync(bin);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** srvConf renders dnsmasq config publishing `instances` as SRV records of NAME. */
function srvConf(instances: readonly string[], extra: readonly string[] = []): string {
  const lines = ['local=/svckit.test/', 'txt-record=ready.svckit.test,up', ...extra];
  for (const instance of [...instances].sort()) {
    const [host, port] = instance.split(':') as [string, string];
    lines.push(`srv-host=${NAME},${host},${port},0,0`, `host-record=${host},127.0.0.1`);
  }
  return lines.join('\n') + '\n';
}

/** freeUdpTcpPort finds a port free for both TCP and UDP on 127.0.0.1. */
async function freeUdpTcpPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free UDP+TCP port');
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

async function startDnsmasq(conf: string): Promise<Dnsmasq> {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-dnsmasq-'));
  const confFile = join(dir, 'dnsmasq.conf');
  const port = await freeUdpTcpPort();
  let child: ChildProcess | undefined;
  let stderr = '';

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    try {
      process.kill(-(proc.pid as number), 'SIGTERM'); // its own process group
    } catch {
      proc.kill('SIGTERM');
    }
    await exited;
  };

  const launch = async (text: string): Promise<void> => {
    writeFileSync(confFile, text);
    stderr = '';
    const proc = spawn(
      bin,
      [
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
      ],
      { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = proc;
    // Ready when it answers a query.
    const probe = new Resolver({ timeout: 200, tries: 1 });
    probe.setServers([`127.0.0.1:${port}`]);
    const until = Date.now() + 5000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`dnsmasq exited: ${stderr}`);
      try {
        await probe.resolveTxt('ready.svckit.test');
        return;
      } catch (err) {
        if (Date.now() > until) {
          throw new Error(`dnsmasq not answering: ${stderr}`, { cause: err });
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

function requireDnsmasq(t: { skip(message: string): void }): boolean {
  if (available) return true;
  const message = `dnsmasq not found at ${bin} (set SVCKIT_DNSMASQ_BIN or apt-get install dnsmasq)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPED dnssrv tests: ${message}`);
  t.skip(message);
  return false;
}

if (!available) {
  it('dnssrv instancer against a real dnsmasq', (t) => {
    requireDnsmasq(t);
  });
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
      const dns = await startDnsmasq(conf);
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
      dns = await startDnsmasq(srvConf(['host.svckit.test:8080']));
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
