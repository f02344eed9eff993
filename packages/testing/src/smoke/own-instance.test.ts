import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { connect as connectTcp } from 'node:net';
import { test } from 'node:test';
import { StringCodec, connect } from 'nats';
import { freePort } from '../free-port.js';
import { requireBinary } from '../services.js';
import { startProcess } from '../start-process.js';
import { waitForPort } from '../wait-for-port.js';

// The pattern fault tests follow: a server of the test's own on a free port, killed at will.

test('own instance: a NATS server on a free port serves, then dies with its process group', async (t) => {
  const bin = requireBinary(t, 'nats');
  if (bin === undefined) return;
  const port = await freePort();
  const server = await startProcess(bin, ['-a', '127.0.0.1', '-p', String(port)]);
  try {
    await waitForPort('127.0.0.1', port, 10_000);
    const nc = await connect({ servers: `nats://127.0.0.1:${port}`, reconnect: false });
    const sc = StringCodec();
    const sub = nc.subscribe('own.echo', {
      callback: (err, msg) => {
        if (err === null) msg.respond(msg.data);
      },
    });
    const reply = await nc.request('own.echo', sc.encode('hi'), { timeout: 2000 });
    assert.equal(sc.decode(reply.data), 'hi');
    sub.unsubscribe();
    const closed = nc.closed();
    server.signal('SIGKILL');
    assert.ok((await closed) instanceof Error, 'the client sees the connection drop');
    assert.equal((await server.exited).signal, 'SIGKILL');
  } finally {
    await server.stop();
  }
  await assert.rejects(waitForPort('127.0.0.1', port, 300));
});

test('own instance: a Redis server on a free port answers PING and stops on stop()', async (t) => {
  const bin = requireBinary(t, 'redis');
  if (bin === undefined) return;
  const port = await freePort();
  const server = await startProcess(bin, [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  try {
    await waitForPort('127.0.0.1', port, 10_000);
    const pong = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('utf8'));
      });
      socket.once('error', reject);
    });
    assert.equal(pong, '+PONG\r\n');
  } finally {
    await server.stop();
  }
  assert.ok(!server.running());
});

test('own instance: a dnsmasq on a free port serves the SRV records given to it', async (t) => {
  const bin = requireBinary(t, 'dnsmasq');
  if (bin === undefined) return;
  const port = await freePort({ udp: true });
  const server = await startProcess(bin, [
    '--keep-in-foreground',
    '--no-resolv',
    '--no-hosts',
    '--bind-interfaces',
    '--listen-address=127.0.0.1',
    `--port=${port}`,
    '--user=root',
    '--pid-file=',
    '--conf-file=/dev/null',
    '--log-facility=-',
    '--srv-host=_own._tcp.svckit.test,own.svckit.test,9090,1,2',
    '--host-record=own.svckit.test,127.0.0.1',
  ]);
  try {
    await waitForPort('127.0.0.1', port, 10_000);
    const resolver = new Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`127.0.0.1:${port}`]);
    assert.deepEqual(await resolver.resolveSrv('_own._tcp.svckit.test'), [
      { name: 'own.svckit.test', port: 9090, priority: 1, weight: 2 },
    ]);
  } finally {
    await server.stop();
  }
});
