import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Etcd3 } from 'etcd3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startConsulDouble } from '@svckit/consul/testing';
import { createEtcdClient, etcdInstancer } from '@svckit/etcd';
import { startHTTP } from '@svckit/example-addsvc';
import type { HTTPActor } from '@svckit/example-addsvc';
import { freePort, requireService, serviceUrl, startProcess, waitForPort } from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { createGateway } from './index.js';
import type { Gateway } from './index.js';

// The gateway against real instances: two addsvc processes (gRPC) and a stringsvc1 process
// (HTTP) of this repository, which register themselves (`-etcd-url`, `-consul-addr`, TTL 3 s)
// in the real etcd the harness starts and in @svckit/consul's agent double.
const url = serviceUrl('etcd');
const addsvcMain = fileURLToPath(
  new URL('./main.js', import.meta.resolve('@svckit/example-addsvc')),
);
const stringsvcMain = fileURLToPath(import.meta.resolve('@svckit/example-stringsvc1/main'));
const silent = { log: () => {} };

describe('apigateway', () => {
  const prefix = `/svckit/apigateway/${randomUUID()}/`;
  let client: Etcd3;
  let consul: Awaited<ReturnType<typeof startConsulDouble>> | undefined;
  const procs: StartedProcess[] = [];
  const addsvcAddrs: string[] = [];
  let gateway: Gateway | undefined;
  let http: HTTPActor | undefined;
  let stopInstancers = (): void => {};

  /** instancesOf reads what etcd holds for a service now. */
  const instancesOf = async (service: string): Promise<string[]> => {
    const instancer = etcdInstancer(client, `${prefix}${service}/`);
    let last: readonly string[] = [];
    instancer.register((e) => (last = e.instances));
    await instancer.ready;
    instancer.stop();
    return [...last].sort();
  };
  const until = async (check: () => Promise<boolean>, what: string, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out (${ms} ms) waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const registration = () => [
    `-etcd-url=${url ?? ''}`,
    `-etcd-prefix=${prefix}`,
    `-consul-addr=${consul?.url ?? ''}`,
    '-registry-ttl=3s',
  ];

  before(async () => {
    if (url === undefined) return; // each test then fails under CI, or skips loudly
    client = createEtcdClient({ hosts: url ?? '' });
    consul = await startConsulDouble();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const addr = `127.0.0.1:${port}`;
      procs.push(
        await startProcess(process.execPath, [
          addsvcMain,
          ...[
            '-http-addr=',
            `-grpc-addr=${addr}`,
            '-jsonrpc-addr=',
            '-debug.addr=',
            '-ratelimit=false',
            ...registration(),
          ],
        ]),
      );
      addsvcAddrs.push(addr);
    }
    const sport = await freePort();
    procs.push(
      await startProcess(process.execPath, [
        stringsvcMain,
        '--listen',
        `127.0.0.1:${sport}`,
        ...registration().map((f) => `-${f}`),
      ]),
    );
    // They are up once they are in discovery: nobody registers them but themselves.
    const want = [...addsvcAddrs].sort();
    await until(async () => (await instancesOf('addsvc')).join() === want.join(), 'addsvc', 20_000);
    await until(
      async () => (await instancesOf('stringsvc')).join() === `127.0.0.1:${sport}`,
      'stringsvc',
      20_000,
    );
    const addsvc = etcdInstancer(client, `${prefix}addsvc/`);
    const stringsvc = etcdInstancer(client, `${prefix}stringsvc/`);
    await Promise.all([addsvc.ready, stringsvc.ready]);
    stopInstancers = () => {
      addsvc.stop();
      stringsvc.stop();
    };
    gateway = createGateway({ addsvc, stringsvc, logger: silent });
    http = await startHTTP(gateway.router, '127.0.0.1:0');
  });

  after(async () => {
    await http?.stop(2000);
    gateway?.close();
    stopInstancers();
    for (const p of procs) await p.stop();
    await consul?.close();
    await client?.delete().prefix(prefix);
    client?.close();
  });

  const post = async (path: string, body: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`http://${http?.address}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: res.status, body: text };
    }
  };

  it('routes /addsvc/* to addsvc over gRPC and /stringsvc/* to stringsvc over HTTP', async (t) => {
    if (http === undefined) return void requireService(t, 'etcd');
    assert.deepEqual(await post('/addsvc/sum', { a: 1, b: 2 }), { status: 200, body: { v: 3 } });
    assert.deepEqual(await post('/addsvc/concat', { a: 'ab', b: 'cd' }), {
      status: 200,
      body: { v: 'abcd' },
    });
    assert.deepEqual(await post('/stringsvc/uppercase', { s: 'héllo' }), {
      status: 200,
      body: { v: 'HÉLLO' },
    });
    assert.deepEqual(await post('/stringsvc/count', { s: 'héllo' }), {
      status: 200,
      body: { v: 6 },
    });
    // addsvc's business errors pass through, and are not retried.
    const zero = await post('/addsvc/sum', { a: 0, b: 0 });
    assert.deepEqual(zero.body, { error: "can't sum two zeroes" });
    assert.deepEqual(await post('/stringsvc/uppercase', { s: '' }), {
      status: 200,
      body: { v: '', err: 'empty string' },
    });
  });

  it('one of two addsvc instances killed under bounded load: 0 failed calls', async (t) => {
    if (http === undefined) return void requireService(t, 'etcd');
    const total = 80;
    const concurrency = 4;
    let sent = 0;
    let killed = false;
    const failures: string[] = [];
    const worker = async (): Promise<void> => {
      while (sent < total) {
        const i = sent++;
        if (i === 20) {
          killed = true;
          procs[0]?.signal('SIGKILL'); // the first addsvc dies mid-load, without deregistering
        }
        const res = await post('/addsvc/sum', { a: i, b: 1 }).catch((err: unknown) => ({
          status: 0,
          body: String(err),
        }));
        if (res.status !== 200 || (res.body as { v?: number }).v !== i + 1)
          failures.push(`${i}: ${JSON.stringify(res)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    assert.ok(killed);
    assert.deepEqual(failures, [], `${failures.length} of ${total} calls failed`);
    t.diagnostic(
      `${total} calls, concurrency ${concurrency}, one instance SIGKILLed after 20: 0 failed`,
    );
    // Killed, it could not deregister: its lease (TTL 3 s) expires and etcd drops it.
    await until(
      async () => (await instancesOf('addsvc')).join() === addsvcAddrs[1],
      'the killed addsvc to leave etcd',
      10_000,
    );
    assert.deepEqual(await post('/addsvc/sum', { a: 2, b: 2 }), { status: 200, body: { v: 4 } });
  });

  it('main: -consul.addr (the agent double) routes what is registered there; SIGTERM stops it; no discovery flag exits 2', async (t) => {
    if (http === undefined) return void requireService(t, 'etcd');
    // The addsvc and stringsvc processes registered themselves with the agent double too.
    if (consul === undefined) throw new Error('no consul double');
    const gport = await freePort();
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    const gw = await startProcess(process.execPath, [
      main,
      '-consul.addr',
      consul.url,
      '-http.addr',
      `127.0.0.1:${gport}`,
    ]);
    t.after(() => gw.stop());
    await waitForPort('127.0.0.1', gport, 15_000);
    // The gateway listens before its first blocking query to the agent has answered: until
    // then it has no endpoints. Wait (bounded) for discovery, then assert the routing.
    let sum: unknown;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`http://127.0.0.1:${gport}/addsvc/sum`, {
        method: 'POST',
        body: '{"a":20,"b":22}',
      });
      sum = await res.json();
      if (res.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(sum, { v: 42 });
    const up = await fetch(`http://127.0.0.1:${gport}/stringsvc/uppercase`, {
      method: 'POST',
      body: '{"s":"consul"}',
    });
    assert.deepEqual(await up.json(), { v: 'CONSUL' });
    gw.signal('SIGTERM');
    assert.equal((await gw.exited).code, 0);
    const bad = await promisify(execFile)(process.execPath, [main]).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /give -etcd.url or -consul.addr/);
  });

  it('an addsvc stopped with SIGTERM deregisters itself from etcd and Consul at once', async (t) => {
    if (http === undefined || consul === undefined) return void requireService(t, 'etcd');
    const port = await freePort();
    const addr = `127.0.0.1:${port}`;
    const proc = await startProcess(process.execPath, [
      addsvcMain,
      '-http-addr=',
      `-grpc-addr=${addr}`,
      '-jsonrpc-addr=',
      '-debug.addr=',
      ...registration().map((f) => f.replace('-registry-ttl=3s', '-registry-ttl=30s')),
    ]);
    t.after(() => proc.stop());
    const inConsul = async (): Promise<string[]> => {
      const res = await fetch(`${consul?.url}/v1/health/service/addsvc?passing=1`);
      const entries = (await res.json()) as { Service: { Address: string; Port: number } }[];
      return entries.map((e) => `${e.Service.Address}:${e.Service.Port}`);
    };
    await until(async () => (await instancesOf('addsvc')).includes(addr), 'etcd', 20_000);
    await until(async () => (await inConsul()).includes(addr), 'Consul', 5000);
    proc.signal('SIGTERM');
    assert.equal((await proc.exited).code, 0);
    // With a 30 s TTL only the deregistration can have removed it this soon.
    assert.deepEqual(await instancesOf('addsvc'), [addsvcAddrs[1]]);
    assert.ok(!(await inConsul()).includes(addr), JSON.stringify(await inConsul()));
    assert.match(
      proc.output(),
      /registrar="etcd .*addsvc\/127\.0\.0\.1:\d+" addr=127\.0\.0\.1:\d+ msg=registered/,
    );
  });
});
