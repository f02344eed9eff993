// addsvc registering itself (-etcd-url, -consul-addr): visible in the real etcd and in
// @svckit/consul's agent double once started, deregistered first when stopping (before any
// listener drains), a backend that cannot be reached stops it at start, bad flags exit 2.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { startConsulDouble } from '@svckit/consul/testing';
import { createEtcdClient } from '@svckit/etcd';
import { freePort, requireService } from '@svckit/testing';
import { main } from './addsvc.js';
import { recordingLogger, startAddsvc } from './addsvc.test.helper.js';

const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };

describe('addsvc registers itself', () => {
  it('in etcd and Consul, with the gRPC address; deregistered before the listeners stop', async (t) => {
    const url = requireService(t, 'etcd');
    if (url === undefined) return;
    const consul = await startConsulDouble();
    t.after(() => consul.close());
    const client = createEtcdClient({ hosts: url });
    const prefix = `/svckit/addsvc-test/${randomUUID()}/`;
    t.after(async () => {
      await client.delete().prefix(prefix);
      client.close();
    });
    const svc = await startAddsvc([
      `-etcd-url=${url}`,
      `-etcd-prefix=${prefix}`,
      `-consul-addr=${consul.url}`,
      '-registry-ttl=30s',
    ]);
    const grpc = svc.grpc;
    assert.deepEqual(await client.getAll().prefix(prefix).strings(), {
      [`${prefix}addsvc/${grpc}`]: grpc,
    });
    const health = async () => {
      const res = await fetch(`${consul.url}/v1/health/service/addsvc?passing=1`);
      return (
        (await res.json()) as { Service: { ID: string; Address: string; Port: number } }[]
      ).map((e) => [e.Service.ID, `${e.Service.Address}:${e.Service.Port}`]);
    };
    const [host, port] = grpc.split(':') as [string, string];
    assert.deepEqual(await health(), [[`addsvc-${host}-${port}`, grpc]]);
    assert.ok(
      svc.logs.some((l) => l.includes(`etcd ${prefix}addsvc/${grpc}`) && l.includes('registered')),
    );

    const exit = await svc.stop();
    assert.equal(exit.error, undefined);
    assert.deepEqual(await client.getAll().prefix(prefix).strings(), {});
    assert.deepEqual(await health(), []);
    const stopped = svc.logs
      .filter((l) => l[0] === 'transport' && l.includes('stopped'))
      .map((l) => l[l.indexOf('transport') + 1]);
    assert.equal(stopped[0], 'registrar', JSON.stringify(stopped));
    assert.ok(stopped.indexOf('gRPC') > 0 && stopped.indexOf('HTTP') > 0, JSON.stringify(stopped));
  });

  it('-advertise-addr is what it registers', async (t) => {
    const consul = await startConsulDouble();
    t.after(() => consul.close());
    const svc = await startAddsvc([`-consul-addr=${consul.url}`, '-advertise-addr=10.1.2.3:9000']);
    t.after(() => svc.stop());
    const res = await fetch(`${consul.url}/v1/health/service/addsvc`);
    const [entry] = (await res.json()) as { Service: { Address: string; Port: number } }[];
    assert.deepEqual(entry?.Service, { ...entry?.Service, Address: '10.1.2.3', Port: 9000 });
  });

  it('a registry that cannot be reached stops it at start: exit 1, listeners closed', async () => {
    const port = await freePort();
    const logs: string[][] = [];
    const code = await main(
      [
        '-http-addr=127.0.0.1:0',
        '-grpc-addr=127.0.0.1:0',
        '-jsonrpc-addr=',
        '-debug.addr=',
        `-consul-addr=127.0.0.1:${port}`,
      ],
      quiet,
      { logger: recordingLogger(logs), signals: [] },
    );
    assert.equal(code, 1);
    assert.ok(
      logs.some((l) => l.includes('registrar') && l.includes('Listen')),
      JSON.stringify(logs),
    );
    assert.ok(logs.some((l) => l.includes('gRPC') && l.includes('stopped')));
  });

  it('bad registration flags exit 2', async () => {
    for (const args of [['-registry-ttl=500ms'], ['-registry-ttl=x'], ['-advertise-addr=nope']]) {
      assert.equal(
        await main(args, quiet, { logger: recordingLogger([]), signals: [] }),
        2,
        args[0],
      );
    }
  });
});
